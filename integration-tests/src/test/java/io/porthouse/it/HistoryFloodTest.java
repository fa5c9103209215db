package io.porthouse.it;

import io.porthouse.testing.HostileClient;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack family: making the server build and hold large answers. One anonymous member fills an
 * open room with 1,000 messages of 60 KB; another asks for the whole history a hundred times and
 * never reads its socket. Before: RSS 289 MB to 3.7 GB in 10 s, the room's other members
 * unanswered. Now: a room keeps at most {@code history.maxBytes} (1 MiB) of history, a socket has
 * one {@code history} answer built at a time, and a socket that does not read what it asked for
 * is closed as a slow consumer (1013).
 */
class HistoryFloodTest {

  private static final long HEAP_BOUND = 32L << 20;
  private static final int MESSAGE_BYTES = 60_000;

  @TempDir
  Path work;

  @Test
  void aRoomsHistoryIsBoundedInBytesAndAReaderThatDoesNotReadIsClosed() throws Exception {
    try (AttackedNode node = AttackedNode.start(work, "history", Map.of());
         ControlChat control = node.control();
         WsTestClient owner = node.as("owner", "primary");
         WsTestClient filler = node.anonymous();
         WsTestClient member = node.anonymous()) {
      long before = node.heapAfterGc();
      owner.request(new JsonObject().put("op", "create").put("room", "open"), 1);
      filler.request(new JsonObject().put("op", "join").put("room", "open"), 1);
      member.request(new JsonObject().put("op", "join").put("room", "open"), 1);
      String pad = "h".repeat(MESSAGE_BYTES);
      for (int i = 0; i < 1000; i++) {
        filler.send(new JsonObject().put("op", "send").put("room", "open").put("data", pad));
      }
      assertThat(filler.request(new JsonObject().put("op", "send").put("room", "open").put("data", "last"), "last").getString("op"))
          .isEqualTo("ack");

      try (HostileClient reader = HostileClient.upgrade(node.port(), "/ws")) {
        assertThat(reader.read(Duration.ofSeconds(10)).text()).contains("welcome");
        reader.sendText("{\"op\":\"join\",\"room\":\"open\",\"ref\":0}");
        for (int i = 1; i <= 100; i++) {
          reader.sendText("{\"op\":\"history\",\"room\":\"open\",\"since\":0,\"limit\":1000,\"ref\":" + i + "}");
        }
        // it reads nothing: its answers back up, and it is closed before they hold the node's memory
        io.porthouse.testing.Eventually.until("the reader that does not read is closed", Duration.ofSeconds(30),
            () -> slowConsumersClosed(node) >= 1);
      }

      JsonObject history = member.request(new JsonObject().put("op", "history").put("room", "open").put("since", 0), "h");
      JsonArray messages = history.getJsonArray("messages");
      long bytes = messages.stream().mapToLong(m -> ((JsonObject) m).getValue("data").toString().length()).sum();
      assertThat(bytes).as("history holds at most history.maxBytes of payload").isLessThanOrEqualTo(1 << 20);
      assertThat(messages).as("the newest messages").isNotEmpty();
      assertThat(((JsonObject) messages.getValue(messages.size() - 1)).getString("data")).isEqualTo("last");

      control.assertServed();
      node.assertHeapWithin(before, HEAP_BOUND, "history flood");
    }
  }

  /** Sockets the node closed as slow consumers (1013), from its metrics. */
  private static double slowConsumersClosed(AttackedNode node) {
    return Metrics.sum(node.port(), "porthouse_closes_total", "code=\"1013\"");
  }
}
