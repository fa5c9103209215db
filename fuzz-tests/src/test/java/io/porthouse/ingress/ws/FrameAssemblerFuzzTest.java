package io.porthouse.ingress.ws;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porthouse.core.protocol.RefScanner;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Any sequence of WebSocket frames (text, binary, continuation, ping; final or not; any sizes):
 * every message reported is whole and within the limit, an oversized one is reported with at most
 * {@link RefScanner#PREFIX_BYTES} of its start, and nothing throws.
 */
class FrameAssemblerFuzzTest {

  private static final int MAX = 64;

  @FuzzTest
  void frames(FuzzedDataProvider data) {
    FrameAssembler assembler = new FrameAssembler(MAX, data.consumeBoolean(), new FrameAssembler.Sink() {
      @Override
      public void text(Buffer message) {
        within(message);
      }

      @Override
      public void binary(Buffer message) {
        if (message != null) {
          within(message);
        }
      }

      @Override
      public void tooLarge(long bytes, Buffer head) {
        if (bytes <= MAX || head.length() > RefScanner.PREFIX_BYTES) {
          throw new AssertionError("too large at " + bytes + " bytes, head " + head.length());
        }
      }
    });
    while (data.remainingBytes() > 0) {
      int kind = data.consumeInt(0, 3);
      boolean fin = data.consumeBoolean();
      Buffer bytes = Buffer.buffer(data.consumeBytes(data.consumeInt(0, 200)));
      assembler.accept(switch (kind) {
        case 0 -> WebSocketFrame.textFrame(bytes.toString(), fin);
        case 1 -> WebSocketFrame.binaryFrame(bytes, fin);
        case 2 -> WebSocketFrame.continuationFrame(bytes, fin);
        default -> WebSocketFrame.pingFrame(bytes);
      });
    }
  }

  private static void within(Buffer message) {
    if (message.length() > MAX) {
      throw new AssertionError("a message of " + message.length() + " bytes passed a limit of " + MAX);
    }
  }
}
