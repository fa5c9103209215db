package io.porthouse.core.envelope;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Event-bus codec for {@link Envelope}. A local hop hands over the same immutable instance; a
 * clustered hop writes a compact binary form (length-prefixed UTF-8 strings, no JSON).
 *
 * <p>Wire layout, version 3: {@code byte version, str id, str originNode, str socket, str? client,
 * byte kind, str room, int toCount (-1 = none) + str each, long receivedAt, long seq, str? epoch,
 * long prevSeq, str? via, int payloadLength + bytes}. {@code str} is an int byte length (-1 for null) and UTF-8 bytes.
 */
public final class EnvelopeCodec implements MessageCodec<Envelope, Envelope> {

  /** Codec name; every node of a cluster registers the same one. */
  public static final String NAME = "porthouse.envelope.v3";
  private static final byte VERSION = 3;

  /** Registers this codec as the default for {@link Envelope} on {@code vertx}, once. */
  public static void ensureRegistered(Vertx vertx) {
    try {
      vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // Another verticle of this Vertx instance registered it first: the same codec, fine.
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, Envelope e) {
    buffer.appendByte(VERSION);
    writeString(buffer, e.id());
    writeString(buffer, e.originNode());
    writeString(buffer, e.socket());
    writeString(buffer, e.client());
    buffer.appendByte((byte) e.kind().ordinal());
    writeString(buffer, e.room());
    List<String> to = e.to();
    if (to == null) {
      buffer.appendInt(-1);
    } else {
      buffer.appendInt(to.size());
      for (String s : to) {
        writeString(buffer, s);
      }
    }
    buffer.appendLong(e.receivedAt());
    buffer.appendLong(e.seq());
    writeString(buffer, e.epoch());
    buffer.appendLong(e.prevSeq());
    writeString(buffer, e.via());
    buffer.appendInt(e.payload().length());
    buffer.appendBuffer(e.payload());
  }

  @Override
  public Envelope decodeFromWire(int pos, Buffer buffer) {
    Reader r = new Reader(buffer, pos);
    byte version = buffer.getByte(r.pos++);
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown envelope wire version " + version);
    }
    String id = r.string();
    String origin = r.string();
    String socket = r.string();
    String client = r.string();
    EnvelopeKind kind = EnvelopeKind.ofOrdinal(buffer.getByte(r.pos++));
    String room = r.string();
    int toCount = r.integer();
    List<String> to = null;
    if (toCount >= 0) {
      r.need(4L * toCount); // each receiver takes 4 bytes at least: a count is never believed beyond the bytes there
      to = new ArrayList<>(toCount);
      for (int i = 0; i < toCount; i++) {
        to.add(r.string());
      }
    }
    long receivedAt = r.longValue();
    long seq = r.longValue();
    String epoch = r.string();
    long prevSeq = r.longValue();
    String via = r.string();
    int payloadLength = r.integer();
    r.need(payloadLength);
    Buffer payload = buffer.getBuffer(r.pos, r.pos + payloadLength);
    return new Envelope(id, origin, socket, client, kind, room, to, payload, receivedAt, seq, epoch, prevSeq, via);
  }

  /** The envelope in its wire form, on its own (a bridge link's frame body). */
  public static Buffer encode(Envelope e) {
    Buffer b = Buffer.buffer(96 + e.payload().length());
    new EnvelopeCodec().encodeToWire(b, e);
    return b;
  }

  /** An envelope from its wire form at {@code pos}; {@link IllegalArgumentException} if it is not one. */
  public static Envelope decode(Buffer buffer, int pos) {
    try {
      return new EnvelopeCodec().decodeFromWire(pos, buffer);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) { // a length past the end, a null where a field is required, an unknown kind
      throw new IllegalArgumentException("malformed envelope: " + e);
    }
  }

  @Override
  public Envelope transform(Envelope envelope) {
    return envelope; // immutable: a local hop needs no copy
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  private static void writeString(Buffer buffer, String s) {
    if (s == null) {
      buffer.appendInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length);
    buffer.appendBytes(bytes);
  }

  private static final class Reader {
    private final Buffer buffer;
    private int pos;

    Reader(Buffer buffer, int pos) {
      this.buffer = buffer;
      this.pos = pos;
    }

    int integer() {
      int v = buffer.getInt(pos);
      pos += 4;
      return v;
    }

    long longValue() {
      long v = buffer.getLong(pos);
      pos += 8;
      return v;
    }

    /** Fails unless {@code bytes} more are there: a length is checked before anything of its size is made. */
    void need(long bytes) {
      if (bytes < 0 || bytes > buffer.length() - pos) {
        throw new IllegalArgumentException("a length of " + bytes + " at byte " + pos + " runs past the envelope's end");
      }
    }

    String string() {
      int len = integer();
      if (len < 0) {
        return null;
      }
      need(len);
      String s = buffer.getString(pos, pos + len, "UTF-8");
      pos += len;
      return s;
    }
  }
}
