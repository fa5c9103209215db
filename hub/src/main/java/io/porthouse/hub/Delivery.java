package io.porthouse.hub;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ServerFrames;
import io.vertx.core.buffer.Buffer;

import java.util.Arrays;

/**
 * One sequenced message as this node hands it to its local members, in the shapes they take:
 * the protocol v1 {@code msg} frame (built at most once per node, whatever the member count, and
 * shared: members must not modify it), or the raw payload for raw sockets. Each member picks the
 * shape its transport speaks, so a message crosses the network once per node and is converted
 * once per shape, never per socket.
 */
public final class Delivery {

  private final Envelope envelope;
  private Buffer msg;
  private Buffer line;
  private String text;
  /** Shapes an ingress defines itself ({@link Shape}), with what they made: key, value, key, value. */
  private Object[] shapes;

  /**
   * A shape of a delivery that an ingress defines (MQTT's {@code PUBLISH}, say): made from the
   * delivery at most once per node by {@link #shape}, then shared by every member that takes it
   * (members must not modify it). One constant instance per shape: it is the key.
   */
  @FunctionalInterface
  public interface Shape<T> {
    T make(Delivery delivery);
  }

  public Delivery(Envelope envelope) {
    this.envelope = envelope;
  }

  public Envelope envelope() {
    return envelope;
  }

  /** The v1 {@code msg} frame (UTF-8 JSON), made on first use. */
  public Buffer msg() {
    if (msg == null) {
      msg = ServerFrames.msg(envelope);
    }
    return msg;
  }

  /** The {@code msg} frame and a newline (TCP), made on first use: one buffer to write, not two. */
  public Buffer msgLine() {
    if (line == null) {
      Buffer m = msg();
      line = Buffer.buffer(m.length() + 1).appendBuffer(m).appendByte((byte) '\n');
    }
    return line;
  }

  /** The {@code msg} frame as a string (SockJS writes text), decoded once per node. */
  public String msgText() {
    if (text == null) {
      text = msg().toString();
    }
    return text;
  }

  /** {@code shape} of this delivery, made on first use. */
  @SuppressWarnings("unchecked")
  public <T> T shape(Shape<T> shape) {
    if (shapes == null) {
      shapes = new Object[4];
    }
    int i = 0;
    for (; i < shapes.length && shapes[i] != null; i += 2) {
      if (shapes[i] == shape) {
        return (T) shapes[i + 1];
      }
    }
    if (i == shapes.length) {
      shapes = Arrays.copyOf(shapes, shapes.length * 2);
    }
    T made = shape.make(this);
    shapes[i] = shape;
    shapes[i + 1] = made;
    return made;
  }

  /**
   * What a raw socket receives: the payload as sent. A v1 {@code send}'s {@code data} is its JSON
   * text, raw text is the text, binary is the bytes ({@link #binary()}).
   */
  public Buffer raw() {
    return envelope.payload();
  }

  /** Whether {@link #raw()} is binary (else UTF-8 text). */
  public boolean binary() {
    return envelope.kind() == EnvelopeKind.BINARY;
  }
}
