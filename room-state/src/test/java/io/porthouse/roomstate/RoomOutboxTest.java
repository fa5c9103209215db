package io.porthouse.roomstate;

import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.roomstate.store.LocalRoomStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A room's webhook events: made by its operations in order, held under one lease, acknowledged, bounded. */
class RoomOutboxTest {

  private static final JsonObject CONFIG = new JsonObject()
      .put("roomRules", new JsonObject()
          .put("defaults", new JsonObject().put("maxMembers", 100).put("maxAnonymous", 100).put("maxMessageBytes", 1000)
              .put("rate", 0).put("presence", false))
          .put("ceilings", new JsonObject().put("maxMembers", 1000).put("maxAnonymous", 1000).put("maxMessageBytes", 4000)
              .put("rate", 50)))
      .put("history", new JsonObject().put("size", 100).put("ttlSeconds", 60));
  private final LocalRoomStore store = new LocalRoomStore();
  private final String rules = new RoomRules(CONFIG).effective(null, new JsonObject().put("webhooks",
      new JsonArray(WebhookEvent.TYPES))).encode();

  private void join(String socket, String client, long now) {
    assertThat(store.applyNow("r", new JoinRoom(socket, "n1", client, List.of(), false, false, "e", now)
        .makingWith(rules).makingByTemplate()).refused()).isFalse();
  }

  private void send(String socket, String data, long now) {
    StoredMessage kept = new StoredMessage(0, socket, null, EnvelopeKind.TEXT, data.getBytes(StandardCharsets.UTF_8), null, now, null);
    assertThat(store.applyNow("r", new SequenceMessage("env-" + now, socket, null, new DedupeWindow(16, 10_000), now, kept,
        HistoryLimits.NONE)).refused()).isFalse();
  }

  private static List<String> types(OutboxBatch b) {
    return List.of(b.events()).stream().map(e -> new JsonObject(e).getString("type")).toList();
  }

  @Test
  void eventsComeInTheOrderMadeUnderOneLeaseUntilAcknowledged() {
    join("n1.1", "alice", 1000);
    send("n1.1", "{\"n\":1}", 1001);
    join("n1.2", "bob", 1002);
    OutboxBatch first = store.applyNow("r", new DrainOutbox("A", 0, 0, 2000, 5000, 3));
    assertThat(types(first)).containsExactly("room.occupied", "member.joined", "message.published");
    assertThat(new JsonObject(first.events()[2]).getJsonObject("data")).isEqualTo(new JsonObject().put("n", 1));
    assertThat(store.applyNow("r", new DrainOutbox("B", 0, 0, 2001, 5000, 3)).busy()).as("A holds the lease").isTrue();
    OutboxBatch again = store.applyNow("r", new DrainOutbox("A", 0, 0, 2002, 5000, 3));
    assertThat(again.events()).as("unacknowledged: the same again").containsExactly(first.events());
    assertThat(store.applyNow("r", new DrainOutbox("B", first.last(), 0, 2003, 5000, 3)).busy())
        .as("only the holder acknowledges").isTrue();
    OutboxBatch next = store.applyNow("r", new DrainOutbox("A", first.last(), 0, 2004, 5000, 3));
    assertThat(types(next)).containsExactly("member.joined");
    assertThat(store.applyNow("r", new DrainOutbox("A", next.last(), 0, 2005, 5000, 3)).isEmpty()).isTrue();
    store.applyNow("r", new LeaveRoom("n1.2", 3000));
    store.applyNow("r", new LeaveRoom("n1.1", 3001));
    assertThat(store.applyNow("r", new SweepRooms(java.util.Set.of(), 0, 9_000)).orphanedEvents())
        .as("nobody holds the new ones: the sweeper says so, and keeps the empty room for them").isTrue();
    OutboxBatch byB = store.applyNow("r", new DrainOutbox("B", 0, 0, 9_001, 5000, 10));
    assertThat(types(byB)).containsExactly("member.left", "member.left", "room.vacated");
  }

  @Test
  void aLapsedLeaseGoesToAnotherAndTheBoundDropsTheOldestCounted() {
    join("n1.1", "alice", 1000);
    for (int i = 0; i < RoomOutbox.MAX_EVENTS + 5; i++) {
      send("n1.1", Integer.toString(i), 1001 + i);
    }
    OutboxBatch a = store.applyNow("r", new DrainOutbox("A", 0, 0, 10_000, 100, 10));
    assertThat(store.applyNow("r", new DrainOutbox("B", 0, 0, 10_050, 100, 10)).busy()).isTrue();
    OutboxBatch b = store.applyNow("r", new DrainOutbox("B", 0, 0, 10_100, 100, 10));
    assertThat(b.busy()).as("A's lease lapsed").isFalse();
    assertThat(b.dropped()).isEqualTo(7); // occupied, joined and 5 messages
    assertThat(b.events()).containsExactly(a.events());
    OutboxBatch after = store.applyNow("r", new DrainOutbox("B", b.last(), b.dropped(), 10_101, 100, 10));
    assertThat(after.dropped()).as("told once").isZero();
  }
}
