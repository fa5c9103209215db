package io.porthouse.ingress.sse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any {@code Last-Event-ID} a client sends: reading it never throws, and what it names reads back
 * the same from the id a stream would write (room names of any characters, percent-encoded).
 */
class StreamPositionFuzzTest {

  @FuzzTest
  void lastEventId(FuzzedDataProvider data) {
    StreamPosition read = StreamPosition.parse(data.consumeRemainingAsString());
    StreamPosition again = StreamPosition.parse(read.id());
    if (!again.rooms().equals(read.rooms())) {
      throw new AssertionError("rooms " + read.rooms() + " read back as " + again.rooms());
    }
    for (String room : read.rooms()) {
      if (!read.of(room).equals(again.of(room))) {
        throw new AssertionError(room + ": " + read.of(room) + " read back as " + again.of(room));
      }
    }
  }
}
