package io.porthouse.bridge.wire;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One frame of a bridge link: {@code int length} (of what follows), {@code byte type}, body.
 * A {@link #MSG} body is an {@link Envelope} in its event-bus wire form ({@link EnvelopeCodec});
 * every other body is a JSON object. See docs/bridge.md for the whole exchange.
 *
 * @param type one of the constants below
 * @param body the bytes after the type
 */
public record LinkFrame(byte type, Buffer body) {

  /** {@code {"v":1,"link","cluster","nonce"}}: the first frame each side sends. */
  public static final byte HELLO = 1;
  /** {@code {"proof"}}: HMAC of the peer's nonce under the shared secret ({@code LinkAuth}). */
  public static final byte PROOF = 2;
  /** {@code {"cursors":{room:{"epoch","seq"}},"mesh":[{"room","rules"}]}}: authenticated; what I already have from you. */
  public static final byte READY = 3;
  /** A message of a carried room, as the sending cluster's room delivered it (its seq and epoch: the hop's). */
  public static final byte MSG = 4;
  /** {@code {"acks":{room:{"epoch","seq"}}}}: taken into my rooms up to these hop seqs. */
  public static final byte ACK = 5;
  /** {@code {"room","reason"}}: what you missed of this room can no longer be sent. */
  public static final byte RESET = 6;
  /** {@code {}}: nothing else to send; keeps the link known to be alive. */
  public static final byte PING = 7;
  /** {@code {"room","rules"}}: a mesh room of this link was made here: make its twin. */
  public static final byte MESH = 8;
  /** {@code {"reason"}}: the sender closes the link (refused, or shutting down). */
  public static final byte CLOSE = 9;

  /** Header bytes before the body: the length and the type. */
  public static final int HEADER = 5;

  public static LinkFrame json(byte type, JsonObject body) {
    return new LinkFrame(type, body.toBuffer());
  }

  public static LinkFrame msg(Envelope e) {
    return new LinkFrame(MSG, EnvelopeCodec.encode(e));
  }

  /** The frame as bytes on the wire. */
  public Buffer encode() {
    return Buffer.buffer(HEADER + body.length()).appendInt(1 + body.length()).appendByte(type).appendBuffer(body);
  }

  /** The body as JSON; {@link IllegalArgumentException} if it is not a JSON object. */
  public JsonObject jsonBody() {
    try {
      return new JsonObject(body);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("frame " + name(type) + " is not a JSON object");
    }
  }

  /** The body as an envelope; {@link IllegalArgumentException} if it is not one. */
  public Envelope envelope() {
    return EnvelopeCodec.decode(body, 0);
  }

  public static String name(byte type) {
    return switch (type) {
      case HELLO -> "hello";
      case PROOF -> "proof";
      case READY -> "ready";
      case MSG -> "msg";
      case ACK -> "ack";
      case RESET -> "reset";
      case PING -> "ping";
      case MESH -> "mesh";
      case CLOSE -> "close";
      default -> "unknown(" + type + ")";
    };
  }
}
