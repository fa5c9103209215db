package io.porthouse.ingress.ws;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Joins a WebSocket message's frames (first frame plus continuations) and reports each complete
 * message. It never holds more than the message limit: the rest of an oversized message (or of
 * a binary one, unless binary is kept) is dropped as it arrives and reported once, when its final
 * frame comes.
 */
public final class FrameAssembler {

  /** What a complete message turned out to be. */
  public interface Sink {
    void text(Buffer message);

    /** A binary message: its bytes if binary is kept, else {@code null}. */
    void binary(Buffer message);

    void tooLarge(long bytes);
  }

  private enum State { IDLE, TEXT, BINARY, TOO_LARGE }

  private final int maxBytes;
  private final boolean keepBinary;
  private final Sink sink;
  private State state = State.IDLE;
  private Buffer pending;
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
    state = State.IDLE;
    pending = null;
    switch (done) {
      case TEXT -> sink.text(message);
      case BINARY -> sink.binary(message);
      case TOO_LARGE -> sink.tooLarge(size);
      default -> { }
    }
  }
}
