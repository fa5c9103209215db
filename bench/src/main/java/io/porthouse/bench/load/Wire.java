package io.porthouse.bench.load;

import io.vertx.core.buffer.Buffer;

/**
 * What the load generator writes and reads, for Porthouse (protocol v1) or a plain broadcast
 * server (every text frame is a message). Payloads carry their send time and index; reading them
 * back scans bytes, never parses JSON, so the generator spends its one core on sockets.
 */
public final class Wire {

  /** The protocol spoken. */
  public enum Mode { PLAIN, PORTHOUSE }

  private static final byte[] T = "\"t\":".getBytes();
  private static final byte[] I = "\"i\":".getBytes();
  private static final String PAD = "x".repeat(64);

  private final Mode mode;

  public Wire(Mode mode) {
    this.mode = mode;
  }

  public Mode mode() {
    return mode;
  }

  /** A ~64-byte payload carrying the send time (ns) and index. */
  public static String payload(long sendNanos, int index) {
    String core = "{\"t\":" + sendNanos + ",\"i\":" + index + ",\"p\":\"";
    int pad = Math.max(0, 62 - core.length());
    return core + PAD.substring(0, pad) + "\"}";
  }

  public String publish(String room, String payload) {
    return mode == Mode.PLAIN ? payload : "{\"op\":\"send\",\"room\":\"" + room + "\",\"data\":" + payload + "}";
  }

  public String join(String room) {
    return "{\"op\":\"join\",\"room\":\"" + room + "\"}";
  }

  /** True if the frame is a delivered message (for Porthouse: a {@code msg} frame). */
  public boolean isMessage(Buffer frame) {
    return indexOf(frame, T, 0) >= 0;
  }

  public static long sendNanos(Buffer frame) {
    return number(frame, T);
  }

  public static int index(Buffer frame) {
    return (int) number(frame, I);
  }

  private static long number(Buffer b, byte[] key) {
    int at = indexOf(b, key, 0);
    if (at < 0) {
      return -1;
    }
    long v = 0;
    for (int i = at + key.length; i < b.length(); i++) {
      byte c = b.getByte(i);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int indexOf(Buffer b, byte[] key, int from) {
    outer:
    for (int i = from; i <= b.length() - key.length; i++) {
      for (int k = 0; k < key.length; k++) {
        if (b.getByte(i + k) != key[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
