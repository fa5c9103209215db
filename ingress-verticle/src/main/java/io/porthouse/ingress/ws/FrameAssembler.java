package io.porthouse.ingress.ws;

import io.porthouse.core.protocol.RefScanner;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Joins a WebSocket message's frames (first frame plus continuations) and reports each complete
 * message. It never holds more than the message limit: the rest of an oversized message (or of
 * a binary one, unless binary is kept) is dropped as it arrives and reported once, when its final
 * frame comes, with its first {@link RefScanner#PREFIX_BYTES} bytes.
 */
public final class FrameAssembler {

  /** What a complete message turned out to be. */
  public interface Sink {
    void text(Buffer message);

    /** A binary message: its bytes if binary is kept, else {@code null}. */
    void binary(Buffer message);

    /** A message over the limit, dropped as it came: {@code head} is its first bytes (to find its ref). */
    void tooLarge(long bytes, Buffer head);
  }

  private enum State { IDLE, TEXT, BINARY, TOO_LARGE }

  private final int maxBytes;
  private final boolean keepBinary;
  private final Sink sink;
  private State state = State.IDLE;
  private Buffer pending;
  private Buffer head;
  private long size;

  /** {@code keepBinary}: binary messages are assembled too (else only reported). */
  public FrameAssembler(int maxBytes, boolean keepBinary, Sink sink) {
    this.maxBytes = maxBytes;
    this.keepBinary = keepBinary;
    this.sink = sink;
  }

  public void accept(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      state = frame.isText() ? State.TEXT : State.BINARY;
      size = 0;
      pending = null;
    } else if (!frame.isContinuation() || state == State.IDLE) {
      return; // ping, pong and close are handled by Vert.x; a stray continuation is ignored
    }
    Buffer data = frame.binaryData();
    size += data.length();
    boolean kept = state == State.TEXT || state == State.BINARY && keepBinary;
    if (kept && size > maxBytes) {
      state = State.TOO_LARGE;
      head = RefScanner.head(pending, data); // a copy of its start: the rest is dropped
      pending = null;
    } else if (kept) {
      // a single-frame message is used as it is; parts of a longer one are copied into a buffer
      // of our own (a frame's data may be a fixed-size slice that cannot grow)
      if (pending == null) {
        pending = frame.isFinal() ? data : Buffer.buffer(data.length() * 2).appendBuffer(data);
      } else {
        pending.appendBuffer(data);
      }
    }
    if (frame.isFinal()) {
      finish();
    }
  }

  private void finish() {
    State done = state;
    Buffer message = pending;
    Buffer start = head;
    state = State.IDLE;
    pending = null;
    head = null;
    switch (done) {
      case TEXT -> sink.text(message);
      case BINARY -> sink.binary(message);
      case TOO_LARGE -> sink.tooLarge(size, start);
      default -> { }
    }
  }
}
