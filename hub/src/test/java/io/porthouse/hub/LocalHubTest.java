package io.porthouse.hub;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LocalHubTest {

  private static final class Recorder implements LocalHub.Member {
    final String id;
    final List<Buffer> frames = new ArrayList<>();
    int flushes;
    final Set<String> rooms = new HashSet<>();

    Recorder(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String client() {
      return null;
    }

    @Override
    public Set<String> rooms() {
      return rooms;
    }

    @Override
    public void flush() {
      flushes++;
    }

    @Override
    public Future<Void> shutdown() {
      return Future.succeededFuture();
    }

    @Override
    public void deliver(Delivery delivery) {
      frames.add(delivery.msg());
    }

    @Override
    public void control(String frame) {
      frames.add(Buffer.buffer(frame));
    }
  }

  private final List<Runnable> laterTasks = new ArrayList<>();
  private final LocalHub hub = new LocalHub(laterTasks::add);
  private final Recorder a = new Recorder("n.1");
  private final Recorder b = new Recorder("n.2");
  private final Recorder c = new Recorder("n.3");

  private static Envelope envelope(String from, List<String> to, long seq) {
    return envelope(from, to, seq, seq - 1, "e1");
  }

  private static Envelope envelope(String from, List<String> to, long seq, long prev, String epoch) {
    return new Envelope("id", "n", from, null, EnvelopeKind.TEXT, "r", to, Buffer.buffer("{\"x\":1}"), 0,
        Envelope.NO_SEQ).sequenced(seq, epoch, prev);
  }

  /** Joins {@code m} to room r as the owner answers: the first member of the node gets the node's base. */
  private void join(Recorder m, long seq, boolean firstOnNode) {
    hub.connected(m);
    hub.joining("r", m);
    hub.joined("r", m, seq, "e1", firstOnNode ? seq : -1);
    m.rooms.add("r");
  }

  /** A room history that holds every message, noting each fetch ({@code after..upTo}) in {@code asked}. */
  private static LocalHub.Repair history(List<String> asked) {
    return (room, after, upTo) -> {
      asked.add(after + ".." + upTo);
      List<Envelope> missed = new ArrayList<>();
      for (long s = after + 1; s <= upTo; s++) {
        missed.add(envelope("x.1", null, s, -1, "e1"));
      }
      return Future.succeededFuture(missed);
    };
  }

  private static List<Long> seqs(Recorder m) {
    return m.frames.stream().map(f -> new JsonObject(f.toString())).filter(f -> "msg".equals(f.getString("op")))
        .map(f -> f.getLong("seq")).toList();
  }

  @Test
  void deliversOneSerialisedFrameToEveryMemberButTheSender() {
    join(a, 6, true);
    join(b, 6, false);
    join(c, 6, false);
    assertThat(hub.deliver(envelope("n.1", null, 7))).isEqualTo(2);
    assertThat(a.frames).isEmpty();
    assertThat(b.frames).hasSize(1);
    assertThat(b.frames.get(0)).isSameAs(c.frames.get(0)); // serialised once for the node
    JsonObject msg = new JsonObject(b.frames.get(0).toString());
    assertThat(msg.getLong("seq")).isEqualTo(7);
    assertThat(msg.getString("epoch")).isEqualTo("e1");
    assertThat(hub.envelopesIn()).isEqualTo(1);
    assertThat(hub.framesOut()).isEqualTo(2);
  }

  @Test
  void flushesEachMemberOncePerBurst() {
    hub.flushLater(a);
    hub.flushLater(b);
    assertThat(laterTasks).hasSize(1); // one task for the whole burst
    assertThat(a.flushes).isZero();
    laterTasks.remove(0).run();
    assertThat(a.flushes).isEqualTo(1);
    assertThat(b.flushes).isEqualTo(1);
    hub.flushLater(a);
    assertThat(laterTasks).hasSize(1);
  }

  @Test
  void toListNarrowsToListedLocalMembers() {
    join(a, 0, true);
    join(b, 0, false);
    join(c, 0, false);
    assertThat(hub.deliver(envelope("n.1", List.of("n.3", "n.1", "elsewhere.9"), 1))).isEqualTo(1);
    assertThat(c.frames).hasSize(1);
    assertThat(b.frames).isEmpty();
  }

  @Test
  void aRepeatedReceiverGetsTheMessageOnce() {
    join(a, 0, true);
    join(b, 0, false);
    assertThat(hub.deliver(envelope("n.1", List.of("n.2", "n.2", "n.2"), 1))).isEqualTo(1);
    assertThat(b.frames).hasSize(1);
  }

  @Test
  void removedAndDisconnectedMembersGetNothing() {
    join(a, 0, true);
    join(b, 0, false);
    hub.left("r", a);
    hub.disconnected(b, b.rooms);
    assertThat(hub.deliver(envelope("x.1", null, 1))).isZero();
    assertThat(hub.socketCount()).isEqualTo(1);
  }

  @Test
  void deliveriesArrivingOutOfOrderAreReleasedInSeqOrder() {
    join(a, 10, true);
    hub.deliver(envelope("x.1", null, 13, 12, "e1"));
    hub.deliver(envelope("x.1", null, 12, 11, "e1"));
    assertThat(a.frames).isEmpty(); // 11 has not come yet
    hub.deliver(envelope("x.1", null, 11, 10, "e1"));
    assertThat(seqs(a)).containsExactly(11L, 12L, 13L);
  }

  @Test
  void aRepeatedDeliveryIsDropped() {
    join(a, 0, true);
    hub.deliver(envelope("x.1", null, 1));
    hub.deliver(envelope("x.1", null, 1));
    hub.deliver(envelope("x.1", null, 2));
    assertThat(seqs(a)).containsExactly(1L, 2L);
  }

  @Test
  void gapsSkipNumbersNotSentToThisNode() {
    // seq 2 and 3 went to other nodes only (a "to" message): prevSeq chains 1 -> 4 for this node
    join(a, 0, true);
    hub.deliver(envelope("x.1", null, 1, 0, "e1"));
    hub.deliver(envelope("x.1", null, 4, 1, "e1"));
    assertThat(seqs(a)).containsExactly(1L, 4L);
  }

  @Test
  void aMissingDeliveryHistoryDoesNotHoldIsGivenUpAfterTheWaitWithAReset() {
    join(a, 0, true);
    hub.deliver(envelope("x.1", null, 2, 1, "e1"));
    long t0 = System.currentTimeMillis();
    hub.checkGaps(t0, 60_000, 90_000);
    assertThat(a.frames).isEmpty();
    hub.checkGaps(t0 + 61_000, 60_000, 90_000); // history asked: it holds nothing (this hub has none)
    assertThat(a.frames).as("the answer came, but a late delivery may still: wait").isEmpty();
    hub.checkGaps(t0 + 91_000, 60_000, 90_000);
    JsonObject reset = new JsonObject(a.frames.get(0).toString());
    assertThat(reset.getString("op")).isEqualTo("reset");
    assertThat(reset.getString("epoch")).isEqualTo("e1");
    assertThat(reset.getLong("seq")).isEqualTo(1);
    assertThat(reset.getString("reason")).contains("after seq 0 up to 1");
    assertThat(seqs(a)).containsExactly(2L);
    assertThat(hub.gapsSkipped()).isEqualTo(1);
  }

  @Test
  void aGapIsNeverGivenUpWhileHistoryCannotBeAskedAndIsFilledWhenItCanBe() {
    boolean[] reachable = {false};
    LocalHub.Repair history = history(new ArrayList<>());
    LocalHub repairing = new LocalHub(laterTasks::add, (room, after, upTo) -> reachable[0]
        ? history.fetch(room, after, upTo) : Future.failedFuture(new IllegalStateException("rooms unavailable")));
    repairing.connected(a);
    repairing.joining("r", a);
    repairing.joined("r", a, 0, "e1", 0);
    repairing.deliver(envelope("x.1", null, 3, 2, "e1")); // 1 and 2 lost in flight
    long t0 = System.currentTimeMillis();
    for (long t = 1_000; t <= 100_000; t += 1_000) { // far past gapWaitMillis: history is failing over
      repairing.checkGaps(t0 + t, 500, 2_000);
    }
    assertThat(a.frames).as("nothing skipped, nothing released out of order").isEmpty();
    reachable[0] = true;
    repairing.checkGaps(t0 + 101_000, 500, 2_000);
    assertThat(seqs(a)).containsExactly(1L, 2L, 3L);
    assertThat(repairing.gapsSkipped()).isZero();
  }

  @Test
  void aGapHistoryCannotBeAskedAboutIsGivenUpWithAResetAfterTheLongestHold() {
    LocalHub repairing = new LocalHub(laterTasks::add, (room, after, upTo) ->
        Future.failedFuture(new IllegalStateException("rooms unavailable")));
    repairing.connected(a);
    repairing.joining("r", a);
    repairing.joined("r", a, 0, "e1", 0);
    repairing.deliver(envelope("x.1", null, 3, 2, "e1"));
    long t0 = System.currentTimeMillis();
    repairing.checkGaps(t0 + GapRepair.MAX_HOLD_MILLIS, 500, 2_000);
    assertThat(a.frames).isEmpty();
    repairing.checkGaps(t0 + GapRepair.MAX_HOLD_MILLIS + 1_000, 500, 2_000);
    assertThat(new JsonObject(a.frames.get(0).toString()).getString("op")).isEqualTo("reset");
    assertThat(seqs(a)).containsExactly(3L);
  }

  @Test
  void whatArrivesWhileAJoinIsAnsweredWaitsAndOnlyLaterSeqsAreGiven() {
    join(a, 5, true);
    hub.connected(b);
    hub.joining("r", b);
    hub.deliver(envelope("x.1", null, 6, 5, "e1"));
    hub.deliver(envelope("x.1", null, 7, 6, "e1"));
    assertThat(b.frames).isEmpty();
    hub.joined("r", b, 6, "e1", -1); // the owner added b after seq 6
    assertThat(seqs(b)).containsExactly(7L);
    assertThat(seqs(a)).containsExactly(6L, 7L);
  }

  @Test
  void theFirstJoinOfTheNodeStartsTheStreamEvenIfDeliveriesCameFirst() {
    hub.connected(a);
    hub.joining("r", a);
    hub.deliver(envelope("x.1", null, 9, 8, "e1"));
    hub.joined("r", a, 8, "e1", 8);
    assertThat(seqs(a)).containsExactly(9L);
  }

  @Test
  void aNewEpochResetsEachMemberWhenItsMembershipIsRestated() {
    join(a, 0, true);
    join(b, 0, false);
    hub.deliver(envelope("x.1", null, 1, 0, "e1"));
    hub.joined("r", a, 0, "e2", 0); // a restated after the room was lost: made again
    JsonObject reset = new JsonObject(a.frames.get(1).toString());
    assertThat(reset.getString("op")).isEqualTo("reset");
    assertThat(reset.getString("epoch")).isEqualTo("e2");
    hub.deliver(envelope("x.1", null, 1, 0, "e2"));
    assertThat(seqs(a)).containsExactly(1L, 1L);
    assertThat(seqs(b)).as("b is not in the new room until restated").containsExactly(1L);
    hub.joined("r", b, 1, "e2", -1);
    assertThat(new JsonObject(b.frames.get(1).toString()).getString("op")).isEqualTo("reset");
    hub.deliver(envelope("x.1", null, 2, 1, "e2"));
    assertThat(seqs(b)).containsExactly(1L, 2L);
  }

  @Test
  void aGapIsFilledFromHistoryInOrderBeforeWhatCameAfterIt() {
    List<String> asked = new ArrayList<>();
    LocalHub repairing = new LocalHub(laterTasks::add, history(asked));
    repairing.connected(a);
    repairing.joining("r", a);
    repairing.joined("r", a, 0, "e1", 0);
    repairing.deliver(envelope("x.1", null, 1, 0, "e1"));
    repairing.deliver(envelope("x.1", null, 4, 3, "e1")); // 2 and 3 were lost in flight
    repairing.deliver(envelope("x.1", null, 5, 4, "e1"));
    repairing.checkGaps(System.currentTimeMillis(), 60_000, 120_000);
    assertThat(seqs(a)).as("not before the repair delay").containsExactly(1L);
    repairing.checkGaps(System.currentTimeMillis() + 61_000, 60_000, 120_000);
    assertThat(asked).containsExactly("1..3");
    assertThat(seqs(a)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(repairing.gapsRepaired()).isEqualTo(1);
    assertThat(repairing.gapsSkipped()).isZero();
  }

  @Test
  void aNodeDroppedAndAddedAgainFetchesWhatWasSequencedMeanwhileInsteadOfJumping() {
    List<String> asked = new ArrayList<>();
    LocalHub repairing = new LocalHub(laterTasks::add, history(asked));
    repairing.connected(a);
    repairing.joining("r", a);
    repairing.joined("r", a, 0, "e1", 0);
    repairing.deliver(envelope("x.1", null, 1, 0, "e1"));
    repairing.joined("r", a, 4, "e1", 4); // restated after a cut: the owner had dropped this node after seq 1
    repairing.deliver(envelope("x.1", null, 5, 4, "e1"));
    long t0 = System.currentTimeMillis();
    repairing.checkGaps(t0 + 1_000, 500, 60_000);
    assertThat(asked).containsExactly("1..4");
    assertThat(seqs(a)).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void aMemberRestatedBesideItsSenderGetsFromHistoryWhatItsNodeWasNotSent() {
    // a (sender) and b on this node; the other side of a split dropped both, took a back first:
    // seq 2 and 3 (a's own) were not sent here, then b was restated at 3
    List<String> asked = new ArrayList<>();
    LocalHub repairing = new LocalHub(laterTasks::add, history(asked));
    for (Recorder m : List.of(a, b)) {
      repairing.connected(m);
      repairing.joining("r", m);
      repairing.joined("r", m, 0, "e1", m == a ? 0 : -1);
    }
    repairing.deliver(envelope("x.1", null, 1, 0, "e1"));
    repairing.restated("r", b, 3, "e1", 1); // its node was last sent seq 1
    repairing.deliver(envelope("x.1", null, 4, 1, "e1")); // waits behind the fetch for b, not for a
    assertThat(asked).containsExactly("1..3");
    assertThat(seqs(b)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(seqs(a)).containsExactly(1L, 4L);
  }

  @Test
  void aMemberRestatedWhileItsNodeIsStillFetchingAGapGetsEverySeqOnceInOrder() {
    // seen in the partition test: the node was dropped after seq 1 and added again after seq 4
    // (it fetches 2..4), and b, restated beside its sender at 5, must not get 5 before 2..4
    List<String> asked = new ArrayList<>();
    LocalHub repairing = new LocalHub(laterTasks::add, history(asked));
    for (Recorder m : List.of(a, b)) {
      repairing.connected(m);
      repairing.joining("r", m);
      repairing.joined("r", m, 0, "e1", m == a ? 0 : -1);
    }
    repairing.deliver(envelope("x.1", null, 1, 0, "e1"));
    repairing.joined("r", a, 4, "e1", 4); // a restated first: the node is back after seq 4
    repairing.restated("r", b, 5, "e1", 4); // seq 5 (a's own) was not sent to the node
    repairing.deliver(envelope("x.1", null, 6, 4, "e1"));
    repairing.checkGaps(System.currentTimeMillis() + 1_000, 500, 60_000); // the node's own gap: 2..4
    assertThat(seqs(b)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(seqs(a)).containsExactly(1L, 2L, 3L, 4L, 6L);
  }

  @Test
  void membersTheOwnerNoLongerCountsWaitForTheirRestateAndGetWhatTheNodeWasNotSent() {
    // seen in the partition test: the owner dropped the node; a (the sender) was restated first,
    // so its own seq 2 was not sent here; seq 3 (someone else's) was, to a alone; then b restated
    List<String> asked = new ArrayList<>();
    List<String> restates = new ArrayList<>();
    LocalHub repairing = new LocalHub(laterTasks::add, history(asked));
    repairing.onUnconfirmed((room, m) -> restates.add(room + " " + m.id()));
    for (Recorder m : List.of(a, b)) {
      repairing.connected(m);
      repairing.joining("r", m);
      repairing.joined("r", m, 0, "e1", m == a ? 0 : -1);
    }
    repairing.deliver(envelope("x.1", null, 1, 0, "e1"));
    repairing.joined("r", a, 1, "e1", 1); // a restated: the owner had no track of this node
    assertThat(restates).as("b is reported for its own restate").containsExactly("r n.2");
    repairing.deliver(envelope("x.1", null, 3, 1, "e1")); // 2 was a's, skipped for this node
    assertThat(seqs(a)).containsExactly(1L, 3L);
    assertThat(seqs(b)).as("waits for its restate").containsExactly(1L);
    repairing.joined("r", b, 3, "e1", -1);
    repairing.restated("r", b, 3, "e1", 3); // the owner counts it again at 3, and says the node had 3
    repairing.deliver(envelope("x.1", null, 4, 3, "e1"));
    assertThat(asked).containsExactly("1..3");
    assertThat(seqs(b)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(seqs(a)).containsExactly(1L, 3L, 4L);
  }

  @Test
  void aRestatedMemberWhoseMissedMessagesHistoryNoLongerHoldsGetsAResetNotAQuietJump() {
    LocalHub repairing = new LocalHub(laterTasks::add, (room, after, upTo) -> Future.succeededFuture(
        List.of(envelope("x.1", null, 3, -1, "e1")))); // history lost seq 2 (pushed out)
    for (Recorder m : List.of(a, b)) {
      repairing.connected(m);
      repairing.joining("r", m);
      repairing.joined("r", m, 0, "e1", m == a ? 0 : -1);
    }
    repairing.deliver(envelope("x.1", null, 1, 0, "e1"));
    repairing.restated("r", b, 3, "e1", 1); // its node was not sent 2 and 3
    repairing.deliver(envelope("x.1", null, 4, 1, "e1"));
    assertThat(b.frames.stream().map(f -> new JsonObject(f.toString())).map(f -> f.getString("op") + f.getLong("seq"))
        .toList()).containsExactly("msg1", "reset3", "msg4");
  }

  @Test
  void aMemberWhoseRestateFailsIsToldWithAResetAndGoesOn() {
    LocalHub repairing = new LocalHub(laterTasks::add, history(new ArrayList<>()));
    for (Recorder m : List.of(a, b)) {
      repairing.connected(m);
      repairing.joining("r", m);
      repairing.joined("r", m, 0, "e1", m == a ? 0 : -1);
    }
    repairing.joined("r", a, 0, "e1", 0);
    repairing.deliver(envelope("x.1", null, 2, 0, "e1"));
    repairing.restateFailed("r", b);
    assertThat(b.frames.stream().map(f -> new JsonObject(f.toString()).getString("op")).toList())
        .containsExactly("reset", "msg");
    assertThat(seqs(b)).containsExactly(2L);
  }

  @Test
  void aRestatedMemberWhoseNodeWasSentEverythingFetchesNothing() {
    List<String> asked = new ArrayList<>();
    LocalHub repairing = new LocalHub(laterTasks::add, history(asked));
    repairing.connected(b);
    repairing.joining("r", b);
    repairing.joined("r", b, 0, "e1", 0);
    repairing.deliver(envelope("x.1", null, 1, 0, "e1"));
    repairing.restated("r", b, 1, "e1", 1);
    repairing.restated("r", b, 1, "e1", -1); // a member already: nothing missed
    assertThat(asked).isEmpty();
    assertThat(seqs(b)).containsExactly(1L);
  }

  @Test
  void aGapHistoryCannotFillIsGivenUpWithAReset() {
    LocalHub repairing = new LocalHub(laterTasks::add, (room, after, upTo) ->
        Future.succeededFuture(List.of(envelope("x.1", null, 3, -1, "e1")))); // 2 expired
    repairing.connected(a);
    repairing.joining("r", a);
    repairing.joined("r", a, 1, "e1", 1);
    repairing.deliver(envelope("x.1", null, 4, 3, "e1"));
    long t0 = System.currentTimeMillis();
    repairing.checkGaps(t0 + 1_000, 500, 60_000);
    assertThat(a.frames).isEmpty();
    repairing.checkGaps(t0 + 61_000, 500, 60_000);
    assertThat(new JsonObject(a.frames.get(0).toString()).getLong("seq")).isEqualTo(3);
    assertThat(seqs(a)).containsExactly(4L);
    assertThat(repairing.gapsSkipped()).isEqualTo(1);
  }

  @Test
  void aPresenceEventReachesEveryMemberButTheOneItIsAboutOutsideTheSeqChain() {
    join(a, 0, true);
    join(b, 0, false);
    Envelope presence = new Envelope("p", "rooms", "n.2", "bob", EnvelopeKind.CONTROL, "r", null,
        Buffer.buffer("{\"op\":\"presence\",\"room\":\"r\",\"event\":\"join\",\"socket\":\"n.2\"}"), 0, Envelope.NO_SEQ);
    assertThat(hub.deliver(presence)).isEqualTo(1);
    assertThat(new JsonObject(a.frames.get(0).toString()).getString("op")).isEqualTo("presence");
    assertThat(b.frames).isEmpty();
    hub.deliver(envelope("x.1", null, 1)); // the seq chain is untouched
    assertThat(seqs(a)).containsExactly(1L);
  }
}
