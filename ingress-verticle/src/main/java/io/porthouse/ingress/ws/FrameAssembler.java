package io.porthouse.ingress.ws;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Joins a WebSocket message's frames (first frame plus continuations) and reports each complete
 * message. It never holds more than the message limit: the rest of an oversized or binary
 * message is dropped as it arrives and reported once, when its final frame comes.
 */
final class FrameAssembler {

  /** What a complete message turned out to be. */
  interface Sink {
    void text(Buffer message);

    void binary();

    void tooLarge(long bytes);
  }

  private enum State { IDLE, TEXT, BINARY, TOO_LARGE }

  private final int maxBytes;
  private final Sink sink;
  private State state = State.IDLE;
  private Buffer pending;
  private long size;

  FrameAssembler(int maxBytes, Sink sink) {
    this.maxBytes = maxBytes;
    this.sink = sink;
  }

  void accept(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      state = frame.isText() ? State.TEXT : State.BINARY;
      size = 0;
      pending = null;
    } else if (!frame.isContinuation() || state == State.IDLE) {
      return; // ping, pong and close are handled by Vert.x; a stray continuation is ignored
    }
    Buffer data = frame.binaryData();
    size += data.length();
    if (state == State.TEXT && size > maxBytes) {
      state = State.TOO_LARGE;
      pending = null;
    } else if (state == State.TEXT) {
      pending = pending == null ? data : pending.appendBuffer(data);
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
      case BINARY -> sink.binary();
      case TOO_LARGE -> sink.tooLarge(size);
      default -> { }
    }
  }
}
