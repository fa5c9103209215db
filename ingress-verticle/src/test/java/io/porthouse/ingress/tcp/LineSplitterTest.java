package io.porthouse.ingress.tcp;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineSplitterTest {

  private final List<String> events = new ArrayList<>();
  private final LineSplitter lines = new LineSplitter(5, new LineSplitter.Sink() {
    @Override
    public void line(Buffer line) {
      events.add("line:" + line);
    }

    @Override
    public void tooLarge(long bytes, Buffer head) {
      events.add("tooLarge:" + bytes + ":" + head);
    }
  });

  @Test
  void splitsOnNewlinesAcrossChunksAndDropsCarriageReturnsAndEmptyLines() {
    lines.accept(Buffer.buffer("ab"));
    lines.accept(Buffer.buffer("c\r\nde\n\n\r\nf"));
    lines.accept(Buffer.buffer("g\n"));
    assertThat(events).containsExactly("line:abc", "line:de", "line:fg");
  }

  @Test
  void anOversizedLineIsReportedOnceAtItsNewlineAndNeverHeld() {
    lines.accept(Buffer.buffer("12345"));
    lines.accept(Buffer.buffer("678"));
    assertThat(events).isEmpty();
    lines.accept(Buffer.buffer("9\nok\n12345\r\n"));
    assertThat(events).containsExactly("tooLarge:9:12345678", "line:ok", "line:12345"); // exactly the limit, \r not counted
  }

  @Test
  void anOversizedLineKeepsOnlyItsFirstBytesToFindItsRef() {
    LineSplitter big = new LineSplitter(2000, new LineSplitter.Sink() {
      @Override
      public void line(Buffer line) {
        events.add("line");
      }

      @Override
      public void tooLarge(long bytes, Buffer head) {
        events.add("tooLarge:" + bytes + ":" + head.length() + ":" + head.toString().substring(0, 12));
      }
    });
    big.accept(Buffer.buffer("{\"ref\":7,\"x\":\"" + "a".repeat(100_000)));
    big.accept(Buffer.buffer("\"}\n"));
    assertThat(events).containsExactly("tooLarge:100016:1024:{\"ref\":7,\"x\"");
  }

  @Test
  void whatIsLeftUnterminatedIsNeverALine() {
    lines.accept(Buffer.buffer("{\"op\":"));
    assertThat(events).isEmpty();
  }
}
