package io.porthouse.bridge.wire;

import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

/**
 * Cuts a link's byte stream into {@link LinkFrame}s. A length above {@code maxFrameBytes} (or
 * below one) is a protocol error: {@link #feed} throws {@link IllegalArgumentException} before
 * buffering it, so a peer cannot make the bridge hold more than one frame's worth.
 */
public final class FrameDecoder {

  private final int maxFrameBytes;
  private final Consumer<LinkFrame> frames;
  private Buffer pending = Buffer.buffer();

  public FrameDecoder(int maxFrameBytes, Consumer<LinkFrame> frames) {
    this.maxFrameBytes = maxFrameBytes;
    this.frames = frames;
  }

  public void feed(Buffer chunk) {
    pending = pending.length() == 0 ? chunk : pending.appendBuffer(chunk);
    int pos = 0;
    while (pending.length() - pos >= 4) {
      int length = pending.getInt(pos);
      if (length < 1 || length > maxFrameBytes + 1) {
        throw new IllegalArgumentException("frame length " + length + " outside 1.." + (maxFrameBytes + 1));
      }
      if (pending.length() - pos - 4 < length) {
        break;
      }
      byte type = pending.getByte(pos + 4);
      Buffer body = pending.getBuffer(pos + 5, pos + 4 + length);
      pos += 4 + length;
      frames.accept(new LinkFrame(type, body));
    }
    pending = pos == pending.length() ? Buffer.buffer() : pending.getBuffer(pos, pending.length());
  }
}
