package io.porthouse.bridge.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;

/**
 * A bridge link's byte stream, any bytes in any chunks (a peer, or a stranger before its proof):
 * frames are cut, or the stream is refused with {@link IllegalArgumentException} before more than
 * one frame's worth is held; every frame's body reads as JSON or as an envelope, or is refused the
 * same way (what the link session turns into closing the link).
 */
class LinkFrameFuzzTest {

  private static final int MAX_FRAME = 4096;

  @FuzzTest
  void stream(FuzzedDataProvider data) {
    FrameDecoder decoder = new FrameDecoder(MAX_FRAME, frame -> {
      if (frame.body().length() > MAX_FRAME) {
        throw new AssertionError("a frame of " + frame.body().length() + " passed a limit of " + MAX_FRAME);
      }
      try {
        if (frame.type() == LinkFrame.MSG) {
          frame.envelope();
        } else {
          frame.jsonBody();
        }
      } catch (IllegalArgumentException refused) {
        // the session closes the link
      }
    });
    while (data.remainingBytes() > 0) {
      byte[] chunk = data.consumeBytes(1 + data.consumeInt(0, 512));
      try {
        decoder.feed(Buffer.buffer(chunk));
      } catch (IllegalArgumentException refused) {
        return; // the session closes the link
      }
    }
  }
}
