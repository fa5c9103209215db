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
    public void tooLarge(long bytes) {
      events.add("tooLarge:" + bytes);
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
    assertThat(events).containsExactly("tooLarge:9", "line:ok", "line:12345"); // exactly the limit, \r not counted
  }

  @Test
  void whatIsLeftUnterminatedIsNeverALine() {
    lines.accept(Buffer.buffer("{\"op\":"));
    assertThat(events).isEmpty();
  }
}
