package io.porthouse.ingress.ws;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FrameAssemblerTest {

  private final List<String> events = new ArrayList<>();
  private final FrameAssembler assembler = assembler(false);

  private FrameAssembler assembler(boolean keepBinary) {
    return new FrameAssembler(10, keepBinary, new FrameAssembler.Sink() {
    @Override
    public void text(Buffer message) {
      events.add("text:" + message);
    }

    @Override
    public void binary(Buffer message) {
      events.add(message == null ? "binary" : "binary:" + message);
    }

    @Override
    public void tooLarge(long bytes, Buffer head) {
      events.add("tooLarge:" + bytes + ":" + head);
    }
  });
  }

  @Test
  void keepsBinaryMessagesWhenAskedAndBoundsThemToo() {
    FrameAssembler raw = assembler(true);
    raw.accept(WebSocketFrame.binaryFrame(Buffer.buffer("ab"), false));
    raw.accept(WebSocketFrame.continuationFrame(Buffer.buffer("cd"), true));
    raw.accept(WebSocketFrame.binaryFrame(Buffer.buffer("0123456789x"), true));
    assertThat(events).containsExactly("binary:abcd", "tooLarge:11:0123456789x");
  }

  @Test
  void joinsContinuationFrames() {
    assembler.accept(WebSocketFrame.textFrame("abc", false));
    assembler.accept(WebSocketFrame.continuationFrame(Buffer.buffer("def"), false));
    assembler.accept(WebSocketFrame.continuationFrame(Buffer.buffer("g"), true));
    assembler.accept(WebSocketFrame.textFrame("x", true));
    assertThat(events).containsExactly("text:abcdefg", "text:x");
  }

  @Test
  void reportsOversizedMessagesOnceAtTheirEnd() {
    assembler.accept(WebSocketFrame.textFrame("0123456789", false));
    assembler.accept(WebSocketFrame.continuationFrame(Buffer.buffer("abc"), false));
    assertThat(events).isEmpty();
    assembler.accept(WebSocketFrame.continuationFrame(Buffer.buffer("def"), true));
    assembler.accept(WebSocketFrame.textFrame("0123456789", true)); // exactly the limit is fine
    assertThat(events).containsExactly("tooLarge:16:0123456789abc", "text:0123456789");
  }

  @Test
  void binaryMessagesAreReportedNotKept() {
    assembler.accept(WebSocketFrame.binaryFrame(Buffer.buffer("a"), false));
    assembler.accept(WebSocketFrame.continuationFrame(Buffer.buffer("b".repeat(50)), true));
    assembler.accept(WebSocketFrame.pingFrame(Buffer.buffer("p")));
    assertThat(events).containsExactly("binary");
  }
}
