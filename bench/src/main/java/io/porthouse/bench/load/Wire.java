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

  /**
   * Which of Porthouse's ways in subscribers use (the publisher always sends over WebSocket):
   * {@code /ws}, TCP lines, MQTT (QoS 0 subscriptions on the shared HTTP port: the payload is the
   * message's JSON), or the SockJS event-bus bridge over one of its transports (websocket,
   * xhr-streaming, eventsource, xhr-polling), framed exactly as the npm client frames it
   * ({@code a["…"]}: the message JSON escaped in a string).
   */
  public enum Via {
    WS, TCP, MQTT, SOCKJS, SOCKJS_XHR_STREAMING, SOCKJS_EVENTSOURCE, SOCKJS_XHR_POLLING;

    /** Through the SockJS bridge: messages escaped in SockJS frames, several to a frame. */
    public boolean sockjs() {
      return this != WS && this != TCP && this != MQTT;
    }
  }

  private static final byte[] T = "\"t\":".getBytes();
  private static final byte[] I = "\"i\":".getBytes();
  private static final byte[] T_ESCAPED = "\\\"t\\\":".getBytes();
  private static final byte[] I_ESCAPED = "\\\"i\\\":".getBytes();
  private static final String PAD = "x".repeat(64);

  private final Mode mode;
  private final Via via;
  private final byte[] t;
  private final byte[] i;

  public Wire(Mode mode) {
    this(mode, Via.WS);
  }

  public Wire(Mode mode, Via via) {
    this.mode = mode;
    this.via = via;
    this.t = via.sockjs() ? T_ESCAPED : T;
    this.i = via.sockjs() ? I_ESCAPED : I;
  }

  public Mode mode() {
    return mode;
  }

  public Via via() {
    return via;
  }

  /** The same protocol over WebSocket (the publisher's wire). */
  public Wire overWebSocket() {
    return new Wire(mode, Via.WS);
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

  /** What a scenario does with each delivered message: its send time (ns) and index. */
  @FunctionalInterface
  public interface MessageSink {
    void message(long sendNanos, int index);
  }

  /**
   * Hands each delivered message of {@code frame} to {@code sink}: one per frame over WebSocket
   * and TCP; a SockJS frame may carry several ({@code a["m1","m2",…]}: the bridge batches what is
   * pending for a socket).
   */
  public void forEachMessage(Buffer frame, MessageSink sink) {
    int at = indexOf(frame, t, 0);
    while (at >= 0) {
      long sendNanos = digits(frame, at + t.length);
      int idx = indexOf(frame, i, at + t.length);
      sink.message(sendNanos, idx < 0 ? -1 : (int) digits(frame, idx + i.length));
      at = via.sockjs() ? indexOf(frame, t, at + t.length) : -1;
    }
  }

  /** True if the frame is a delivered message (for Porthouse: a {@code msg} frame). */
  public boolean isMessage(Buffer frame) {
    return indexOf(frame, t, 0) >= 0;
  }

  public long sendNanos(Buffer frame) {
    return number(frame, t);
  }

  public int index(Buffer frame) {
    return (int) number(frame, i);
  }

  private static long number(Buffer b, byte[] key) {
    int at = indexOf(b, key, 0);
    return at < 0 ? -1 : digits(b, at + key.length);
  }

  private static long digits(Buffer b, int from) {
    long v = 0;
    for (int i = from; i < b.length(); i++) {
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
