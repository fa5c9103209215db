package io.porthouse.ingress.tcp;

import io.porthouse.core.protocol.RefScanner;
import io.vertx.core.buffer.Buffer;

/**
 * Cuts a TCP byte stream into lines (newline-delimited; a trailing {@code \r} is dropped, empty
 * lines are skipped). It never holds more than the line limit: the rest of an oversized line is
 * dropped as it arrives and reported once, when its newline comes. What is left unterminated when
 * the connection ends is discarded, never delivered.
 */
final class LineSplitter {

  /** What a complete line turned out to be. */
  interface Sink {
    void line(Buffer line);

    /** A line over the limit, dropped as it came: {@code head} is its first bytes (to find its ref). */
    void tooLarge(long bytes, Buffer head);
  }

  private final int maxBytes;
  private final Sink sink;
  private Buffer pending = Buffer.buffer();
  private long oversized = -1; // bytes of the current line while it is over the limit
  private Buffer head;

  LineSplitter(int maxBytes, Sink sink) {
    this.maxBytes = maxBytes;
    this.sink = sink;
  }

  void accept(Buffer chunk) {
    int start = 0;
    int n = chunk.length();
    for (int i = 0; i < n; i++) {
      if (chunk.getByte(i) == '\n') {
        take(chunk, start, i);
        finish();
        start = i + 1;
      }
    }
    if (start < n) {
      take(chunk, start, n);
    }
  }

  private void take(Buffer chunk, int from, int to) {
    int len = to - from;
    if (oversized >= 0) {
      oversized += len;
    } else if (pending.length() + len > maxBytes + 1) { // +1: a '\r' before the newline does not count
      oversized = pending.length() + len;
      head = RefScanner.head(pending, chunk.getBuffer(from, to));
      pending = Buffer.buffer();
    } else {
      pending.appendBuffer(chunk, from, len);
    }
  }

  private void finish() {
    if (oversized >= 0) {
      long size = oversized;
      Buffer start = head;
      oversized = -1;
      head = null;
      sink.tooLarge(size, start);
      return;
    }
    Buffer line = pending;
    pending = Buffer.buffer();
    int len = line.length();
    if (len > 0 && line.getByte(len - 1) == '\r') {
      line = line.getBuffer(0, len - 1);
      len--;
    }
    if (len > maxBytes) {
      sink.tooLarge(len, line.getBuffer(0, Math.min(len, RefScanner.PREFIX_BYTES)));
    } else if (len > 0) {
      sink.line(line);
    }
  }
}
