package io.porthouse.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * A WebSocket client that writes whatever frames a test asks for, as an attacker would: any
 * opcode, RSV bits, sizes and (deflated) payloads, over a plain {@link Socket}, without the
 * checks a real client library makes. It reads the server's frames raw. Used from the test thread.
 */
public final class HostileClient implements AutoCloseable {

  /** One frame from the server. */
  public record Frame(int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame (-1 without one). */
    public short closeCode() {
      return payload.length >= 2 ? (short) (((payload[0] & 0xff) << 8) | (payload[1] & 0xff)) : -1;
    }
  }

  public static final int TEXT = 1;
  public static final int BINARY = 2;
  public static final int CLOSE = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String response;

  private HostileClient(Socket socket, String response) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.response = response;
  }

  /** Upgrades {@code path} on 127.0.0.1:{@code port}, with {@code headers} ("Name: value") added; the response is kept, whatever it is. */
  public static HostileClient upgrade(int port, String path, String... headers) {
    try {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout((int) ProtocolTestClient.TIMEOUT.toMillis());
      StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
          + Base64.getEncoder().encodeToString(RANDOM.generateSeed(16)) + "\r\n");
      for (String h : headers) {
        request.append(h).append("\r\n");
      }
      socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      return new HostileClient(socket, readHead(socket.getInputStream()));
    } catch (IOException e) {
      throw new AssertionError("cannot upgrade " + path + ": " + e, e);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.write(c);
      matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** The HTTP status of the upgrade's answer (101 when upgraded; -1 if the connection closed first). */
  public int status() {
    String[] first = response.split(" ", 3);
    return first.length > 1 && first[0].startsWith("HTTP/") ? Integer.parseInt(first[1]) : -1;
  }

  /** A response header's value, or {@code null}. */
  public String header(String name) {
    for (String line : response.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** Writes one masked frame; false if the server closed the connection meanwhile. */
  public boolean sendFrame(int opcode, boolean fin, boolean rsv1, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
    int n = payload.length;
    if (n < 126) {
      frame.write(0x80 | n);
    } else if (n < 65_536) {
      frame.write(0x80 | 126);
      frame.write(n >>> 8);
      frame.write(n);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) n >>> shift));
      }
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.writeBytes(mask);
    byte[] masked = new byte[n];
    for (int i = 0; i < n; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    frame.writeBytes(masked);
    try {
      out.write(frame.toByteArray());
      out.flush();
      return true;
    } catch (IOException closedMeanwhile) {
      return false;
    }
  }

  public boolean sendText(String text) {
    return sendFrame(TEXT, true, false, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next frame, or {@code null} when the connection ended (or nothing came within {@code within}). */
  public Frame read(Duration within) {
    try {
      socket.setSoTimeout((int) Math.max(1, within.toMillis()));
      int b0 = in.read();
      int b1 = in.read();
      if (b0 < 0 || b1 < 0) {
        return null;
      }
      long n = b1 & 0x7f;
      if (n == 126) {
        n = (in.read() << 8) | in.read();
      } else if (n == 127) {
        n = 0;
        for (int i = 0; i < 8; i++) {
          n = (n << 8) | in.read();
        }
      }
      byte[] payload = in.readNBytes((int) n);
      return payload.length < n ? null : new Frame(b0 & 0x0f, payload);
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      return null; // reset by the server
    }
  }

  /** Reads until the server's close frame: its code, or -1 if the connection ended without one within {@code within}. */
  public short awaitClose(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      Frame f = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      if (f == null) {
        return -1;
      }
      if (f.opcode() == CLOSE) {
        return f.closeCode();
      }
    }
    return -1;
  }

  /** Whether the server closed the connection (a read ends) within {@code within}, whatever it sent before. */
  public boolean closedWithin(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      Frame f = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      if (f == null) {
        return System.nanoTime() < deadline || socket.isClosed();
      }
    }
    return false;
  }

  /** {@code raw} deflated as one permessage-deflate message (RFC 7692: raw deflate, without the flush's 00 00 ff ff tail). */
  public static byte[] deflated(byte[] raw) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    feed(deflater, raw, out);
    return finish(deflater, out);
  }

  /**
   * A ping frame padded to {@code bytes} when inflated ({@code {"op":"ping","ref":"aaaa…"}}),
   * deflated as one message: about a thousandth of its size, made without holding it whole.
   */
  public static byte[] deflatedPing(long bytes) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] head = "{\"op\":\"ping\",\"ref\":\"".getBytes(StandardCharsets.US_ASCII);
    feed(deflater, head, out);
    byte[] pad = new byte[1 << 20];
    Arrays.fill(pad, (byte) 'a');
    for (long left = bytes - head.length - 2; left > 0; left -= pad.length) {
      feed(deflater, left >= pad.length ? pad : Arrays.copyOf(pad, (int) left), out);
    }
    feed(deflater, "\"}".getBytes(StandardCharsets.US_ASCII), out);
    return finish(deflater, out);
  }

  /** A ping frame padded to {@code bytes} ({@code {"op":"ping","ref":"aaaa…"}}), uncompressed. */
  public static byte[] padded(int bytes) {
    byte[] frame = new byte[bytes];
    byte[] head = "{\"op\":\"ping\",\"ref\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, frame, 0, head.length);
    Arrays.fill(frame, head.length, bytes - 2, (byte) 'a');
    frame[bytes - 2] = '"';
    frame[bytes - 1] = '}';
    return frame;
  }

  private static void feed(Deflater deflater, byte[] input, ByteArrayOutputStream out) {
    deflater.setInput(input);
    byte[] buf = new byte[64 * 1024];
    while (!deflater.needsInput()) {
      out.write(buf, 0, deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH));
    }
  }

  private static byte[] finish(Deflater deflater, ByteArrayOutputStream out) {
    byte[] buf = new byte[64 * 1024];
    int n;
    do {
      n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
      out.write(buf, 0, n);
    } while (n == buf.length);
    deflater.end();
    byte[] all = out.toByteArray();
    return Arrays.copyOf(all, all.length - 4); // drop 00 00 ff ff
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a socket the server may have reset
    }
  }

  @Override
  public String toString() {
    return "HostileClient(" + response.lines().findFirst().orElse("").toLowerCase(Locale.ROOT) + ")";
  }
}
