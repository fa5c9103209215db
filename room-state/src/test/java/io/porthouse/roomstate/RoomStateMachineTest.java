package io.porthouse.roomstate;

import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.roomstate.store.LocalRoomStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The room state machine shared by the embedded store and the Hazelcast entry processors. */
class RoomStateMachineTest {

  private static final DedupeWindow WINDOW = new DedupeWindow(4, 10_000);
  private final LocalRoomStore store = new LocalRoomStore();

  private RoomReply create(String room) {
    return store.applyNow(room, new CreateRoom("n1.1", "alice", List.of("primary"), "{}", "ep1", 1000));
  }

  private RoomReply join(String room, String socket, String node) {
    return store.applyNow(room, new JoinRoom(socket, node, null, List.of(), false, false, "unused", 1000));
  }

  private RoomReply send(String room, String id, String socket, List<String> to) {
    return store.applyNow(room, new SequenceMessage(id, socket, to, WINDOW, 2000));
  }

  @Test
  void aSendersRetryWithTheSameIdIsTheSameMessageAndDeliversNothingAgain() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n2.1", "n2");
    RoomReply first = store.applyNow("r", new SequenceMessage("env-1", "n1.1", null, WINDOW, 2000).dedupedBy("alice:m1"));
    assertThat(first.seq()).isEqualTo(1);
    assertThat(first.nodes()).containsExactly("n2");
    RoomReply internal = store.applyNow("r", new SequenceMessage("env-1", "n1.1", null, WINDOW, 2000).dedupedBy("alice:m1"));
    assertThat(internal.repeated()).isTrue();
    assertThat(internal.nodes()).as("the same envelope resent in the cluster: its deliveries may have been lost, so again")
        .containsExactly("n2");
    join("r", "n3.1", "n3"); // the client reconnected elsewhere and retries with the same id
    RoomReply retry = store.applyNow("r", new SequenceMessage("env-9", "n3.1", null, WINDOW, 2100).dedupedBy("alice:m1"));
    assertThat(retry.seq()).isEqualTo(1);
    assertThat(retry.repeated()).isTrue();
    assertThat(retry.nodes()).as("a client's retry of a sequenced message is not delivered again").isEmpty();
    RoomReply other = store.applyNow("r", new SequenceMessage("env-10", "n3.1", null, WINDOW, 2100).dedupedBy("alice:m2"));
    assertThat(other.seq()).isEqualTo(2);
  }

  @Test
  void aBatchSequencesEachMessageInOrderRefusesOnlyTheBadOneAndIsIdempotent() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n2.1", "n2");
    SequenceBatch batch = new SequenceBatch(List.of(
        new SequenceMessage("b1", "n1.1", null, WINDOW, 2000),
        new SequenceMessage("b2", "n9.9", null, WINDOW, 2000), // not a member
        new SequenceMessage("b3", "n1.1", null, WINDOW, 2000)));
    RoomReplies first = store.applyNow("r", batch);
    assertThat(first.get(0).seq()).isEqualTo(1);
    assertThat(first.get(1).error()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(first.get(2).seq()).isEqualTo(2);
    assertThat(first.get(2).prevs()).as("the second message's delivery names the first as its predecessor").containsExactly(1);
    RoomReplies again = store.applyNow("r", batch); // resent after an owner died mid-call
    assertThat(again.get(0).seq()).isEqualTo(1);
    assertThat(again.get(0).repeated()).isTrue();
    assertThat(again.get(2).seq()).isEqualTo(2);
    assertThat(send("r", "m4", "n1.1", null).seq()).as("nothing was sequenced twice").isEqualTo(3);
    RoomReplies gone = store.applyNow("gone", batch);
    for (int i = 0; i < gone.size(); i++) {
      assertThat(gone.get(i).error()).isEqualTo(ErrorCode.NOT_FOUND);
    }
  }

  @Test
  void createChecksIdentityRoleAndName() {
    assertThat(store.applyNow("r", new CreateRoom("s", null, List.of(), "{}", "e", 1)).error())
        .isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(store.applyNow("r", new CreateRoom("s", "bob", List.of(), "{}", "e", 1)).error())
        .isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(create("r").epoch()).isEqualTo("ep1");
    assertThat(store.applyNow("r", new CreateRoom("n9.9", "carol", List.of("owner"), "{}", "e", 5)).error())
        .isEqualTo(ErrorCode.CONFLICT);
    assertThat(create("r").refused()).as("a retried create (same socket, same fresh epoch) succeeds again").isFalse();
    assertThat(store.applyNow("r", new CreateRoom("n1.1", "alice", List.of("primary"), "{}", "ep-other", 1000)).error())
        .as("a second create by the same socket is a conflict").isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void joinAnswersLastSeqEpochAndTheNodeBaseOnlyForANewNode() {
    create("r");
    RoomReply first = join("r", "n1.1", "n1");
    assertThat(first.seq()).isZero();
    assertThat(first.epoch()).isEqualTo("ep1");
    assertThat(first.nodeBase()).isZero();
    send("r", "m1", "n1.1", null);
    RoomReply second = join("r", "n1.2", "n1");
    assertThat(second.seq()).isEqualTo(1);
    assertThat(second.nodeBase()).isEqualTo(RoomReply.NO_BASE);
    assertThat(join("r", "n2.1", "n2").nodeBase()).isEqualTo(1);
    assertThat(join("nowhere", "n1.1", "n1").error()).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void sequenceIsGapFreeAndChainsEachNodesDeliveries() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n2.1", "n2");
    join("r", "n3.1", "n3");
    RoomReply m1 = send("r", "a-1", "n1.1", null);
    assertThat(m1.seq()).isEqualTo(1);
    assertThat(m1.nodes()).containsExactlyInAnyOrder("n2", "n3"); // the sender's node has no other member
    RoomReply m2 = send("r", "a-2", "n1.1", List.of("n3.1"));
    assertThat(m2.seq()).isEqualTo(2);
    assertThat(m2.nodes()).containsExactly("n3");
    assertThat(m2.prevs()).containsExactly(1);
    RoomReply m3 = send("r", "a-3", "n3.1", null);
    assertThat(m3.seq()).isEqualTo(3);
    Map<String, Long> prevByNode = new java.util.HashMap<>();
    for (int i = 0; i < m3.nodes().length; i++) {
      prevByNode.put(m3.nodes()[i], m3.prevs()[i]);
    }
    // n2 never got seq 2, so its next delivery names seq 1 as its predecessor
    assertThat(prevByNode).containsEntry("n2", 1L).containsEntry("n1", 0L).doesNotContainKey("n3");
  }

  @Test
  void aNonMemberMayNotSend() {
    create("r");
    assertThat(send("r", "x-1", "n1.1", null).error()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(send("gone", "x-2", "n1.1", null).error()).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void aRetriedEnvelopeGetsItsFirstReplyAndNoNewSeq() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n2.1", "n2");
    RoomReply first = send("r", "a-1", "n1.1", null);
    send("r", "a-2", "n1.1", null);
    RoomReply again = send("r", "a-1", "n1.1", null);
    assertThat(again.repeated()).isTrue();
    assertThat(again.seq()).isEqualTo(first.seq());
    assertThat(again.nodes()).containsExactly(first.nodes());
    assertThat(again.prevs()).containsExactly(first.prevs());
    assertThat(send("r", "a-3", "n1.1", null).seq()).isEqualTo(3);
  }

  @Test
  void theDedupeWindowIsBoundedByCountAndAge() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n2.1", "n2");
    for (int i = 1; i <= 10; i++) {
      send("r", "a-" + i, "n1.1", null);
    }
    RoomState state = stateOf("r");
    assertThat(state.remembered()).isEqualTo(WINDOW.size());
    assertThat(send("r", "a-1", "n1.1", null).repeated()).as("fell out of the window").isFalse();
    store.applyNow("r", new SequenceMessage("late", "n1.1", null, WINDOW, 2000 + WINDOW.millis() + 1));
    assertThat(stateOf("r").remembered()).isEqualTo(1);
  }

  @Test
  void leaveAndLastLeaveRemoveTheRoomAndTheNodeTrack() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n1.2", "n1");
    assertThat(store.applyNow("r", new LeaveRoom("n1.1", 3000)).refused()).isFalse();
    assertThat(stateOf("r").nodes()).containsExactly("n1");
    assertThat(store.applyNow("r", new LeaveRoom("n1.1", 3000)).error()).isEqualTo(ErrorCode.NOT_FOUND);
    store.applyNow("r", new LeaveRoom("n1.2", 3000));
    assertThat(stateOf("r")).isNull();
  }

  @Test
  void aSweepDropsDeadNodesMembersAndOldEmptyRooms() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n2.1", "n2");
    create("empty");
    assertThat(store.applyNow("r", new SweepRooms(Set.of("n2"), 30_000, 5000)).dropped()).isEqualTo(1);
    assertThat(stateOf("r").nodes()).containsExactly("n1");
    assertThat(store.applyNow("empty", new SweepRooms(Set.of(), 30_000, 5000))).isNull();
    assertThat(stateOf("empty")).isNotNull();
    store.applyNow("empty", new SweepRooms(Set.of(), 30_000, 1000 + 30_000));
    assertThat(stateOf("empty")).isNull();
  }

  @Test
  void aRoomItsDeadNodesMembersEmptiedStaysForTheEmptyTtlForThemToResumeElsewhere() {
    create("r");
    join("r", "n2.1", "n2");
    assertThat(store.applyNow("r", new SweepRooms(Set.of("n2"), 30_000, 5000)).dropped()).isEqualTo(1);
    assertThat(stateOf("r")).as("kept for the members to come back through another ingress").isNotNull();
    assertThat(stateOf("r").size()).isZero();
    store.applyNow("r", new SweepRooms(Set.of(), 30_000, 5000 + 30_001));
    assertThat(stateOf("r")).isNull();
  }

  @Test
  void aRestatedJoinMakesALostRoomAgainUnderItsNewEpoch() {
    RoomReply restated = store.applyNow("lost", new JoinRoom("n1.1", "n1", "bob", List.of(), false, true, "ep2", 1));
    assertThat(restated.refused()).isFalse();
    assertThat(restated.epoch()).isEqualTo("ep2");
    assertThat(restated.seq()).isZero();
    assertThat(store.applyNow("other", new JoinRoom("n1.1", "n1", "bob", List.of("primary"), true, false, "ep3", 1))
        .epoch()).as("auto-create").isEqualTo("ep3");
    assertThat(store.applyNow("other2", new JoinRoom("n1.1", "n1", "bob", List.of(), true, false, "ep4", 1)).error())
        .as("auto-create needs role primary").isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void aRestateJustAfterAMergeDoesNotMakeAMissingRoomThatMayStillBeOnItsWay() {
    RoomReply early = store.applyNow("merging", new JoinRoom("n1.1", "n1", "bob", List.of(), false, true, "ep2", 1)
        .notRemaking());
    assertThat(early.error()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(stateOf("merging")).as("nothing was made").isNull();
    assertThat(store.applyNow("merging", new JoinRoom("n1.1", "n1", "bob", List.of(), false, true, "ep2", 1)).epoch())
        .as("once the cluster has settled").isEqualTo("ep2");
  }

  @Test
  void justAfterAMergeAMissingRoomIsUnavailableNotNotFoundAndOtherAnswersAreKept() {
    create("r");
    join("r", "n1.1", "n1");
    SequenceBatch batch = new SequenceBatch(List.of(new SequenceMessage("m1", "n1.1", null, WINDOW, 2000),
        new SequenceMessage("m2", "n9.9", null, WINDOW, 2000)));
    RoomReplies missing = batch.whileMerging(store.applyNow("on-its-way", batch));
    assertThat(missing.get(0).error()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(missing.get(0).message()).contains("no room 'on-its-way'", "merge", "try again");
    RoomReplies here = batch.whileMerging(store.applyNow("r", batch));
    assertThat(here.get(0).seq()).as("a room that is here sequences as ever").isEqualTo(1);
    assertThat(here.get(1).error()).as("other refusals are kept").isEqualTo(ErrorCode.FORBIDDEN);
    LeaveRoom leave = new LeaveRoom("n9.9", 3000);
    assertThat(leave.whileMerging(store.applyNow("r", leave)).error())
        .as("not a member of a room that is here: still not_found").isEqualTo(ErrorCode.NOT_FOUND);
    ReadRules read = new ReadRules("n1.1", null, List.of());
    assertThat(read.whileMerging(store.applyNow("gone", read)).error()).isEqualTo(ErrorCode.UNAVAILABLE);
    ListMembers members = new ListMembers("n1.1", null, 10);
    assertThatThrownBy(() -> members.whileMerging(store.applyNow("gone", members)).orThrow())
        .isInstanceOfSatisfying(PorthouseException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
  }

  @Test
  void applyingAnOperationTwiceFromTheSameStateGivesTheSameResult() throws Exception {
    // Hazelcast re-applies each processor on the backup copy: the two copies must stay equal.
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n2.1", "n2");
    RoomState primary = stateOf("r");
    RoomState backup = copy(primary);
    SequenceMessage op = new SequenceMessage("a-1", "n1.1", null, WINDOW, 2000);
    RoomReply onPrimary = op.process(new AbstractMap.SimpleEntry<>("r", primary));
    RoomReply onBackup = overTheWire(op).process(new AbstractMap.SimpleEntry<>("r", backup));
    assertThat(onBackup.seq()).isEqualTo(onPrimary.seq());
    assertThat(onBackup.prevs()).containsExactly(onPrimary.prevs());
    assertThat(backup.seq()).isEqualTo(primary.seq());
  }

  private RoomState stateOf(String room) {
    return store.applyNow(room, new RoomOp<RoomState>() {
      @Override
      public RoomState process(Map.Entry<String, RoomState> entry) {
        return entry.getValue();
      }

      @Override
      public int getClassId() {
        return -1; // runs in-process only
      }

      @Override
      public void writeData(com.hazelcast.nio.ObjectDataOutput out) {
      }

      @Override
      public void readData(com.hazelcast.nio.ObjectDataInput in) {
      }
    });
  }

  private static final com.hazelcast.internal.serialization.SerializationService WIRE =
      new com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder()
          .addDataSerializableFactory(io.porthouse.core.cluster.HazelcastConfigs.ROOMS_SERIALIZATION_FACTORY,
              new RoomSerialization()).build();

  /** {@code value} as another JVM reads it: written and read by Hazelcast, as a call to the owner or its backup is. */
  private static <T> T overTheWire(T value) {
    return WIRE.toObject(WIRE.toData(value));
  }

  @Test
  void everyOperationAndReplyCrossesTheWireWhole() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n2.1", "n2");
    SequenceBatch batch = overTheWire(new SequenceBatch(List.of(new SequenceMessage("w1", "n1.1", List.of("n2.1"), WINDOW, 2000),
        new SequenceMessage("w2", "n9.9", null, WINDOW, 2000))));
    RoomReplies replies = overTheWire(store.applyNow("r", batch));
    assertThat(replies.get(0).seq()).isEqualTo(1);
    assertThat(replies.get(0).nodes()).containsExactly("n2");
    assertThat(replies.get(0).prevs()).containsExactly(0);
    assertThat(replies.get(0).epoch()).isEqualTo("ep1");
    assertThat(replies.get(1).error()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(replies.get(1).message()).contains("join room");
    RoomReply joined = overTheWire(store.applyNow("r", overTheWire(new JoinRoom("n3.1", "n3", "c", List.of("x"), false, false, "e", 5))));
    assertThat(joined.nodeBase()).isEqualTo(1);
    assertThat(overTheWire(store.applyNow("r2", overTheWire(new CreateRoom("n1.1", "alice", List.of("primary"), "{\"public\":true}",
        "ep9", 7)))).epoch()).isEqualTo("ep9");
    assertThat(overTheWire(store.applyNow("r", overTheWire(new LeaveRoom("n3.1", 8)))).refused()).isFalse();
    assertThat(overTheWire(store.applyNow("r", overTheWire(new SweepRooms(Set.of("n2"), 60_000, 9)))).socket(0)).isEqualTo("n2.1");
    assertThat(overTheWire(store.applyNow("r", overTheWire(new SequenceMessage("w1", "n1.1", List.of("n2.1"), WINDOW, 2000))))
        .repeated()).as("the dedupe window came along").isTrue();
    RoomReply rules = overTheWire(store.applyNow("r", overTheWire(new ReadRules("n1.1", "x", List.of("y")))));
    assertThat(rules.rules()).isEqualTo("{}");
    RoomReply changed = overTheWire(store.applyNow("r", overTheWire(new ChangeRules("alice", List.of(), "{}",
        "{\"echo\":true,\"format\":\"text\"}"))));
    assertThat(changed.rules()).contains("echo");
    assertThat(changed.nodes()).containsExactly("n1");
    assertThat(overTheWire(store.applyNow("r", overTheWire(new JoinRoom("n4.1", "n4", "d", List.of(), false, false, "e", 5)
        .withPasswordProof("p").makingWith("{}")))).echo()).isTrue();
    io.porthouse.core.bus.StoredMessage text = new io.porthouse.core.bus.StoredMessage(0, "n1.1", "alice",
        io.porthouse.core.envelope.EnvelopeKind.TEXT, "{}".getBytes(), null, 2000);
    assertThat(overTheWire(store.applyNow("r", overTheWire(new SequenceMessage("w9", "n1.1", null, WINDOW, 2000, text,
        new HistoryLimits(10, 10_000))))).kind()).isEqualTo(io.porthouse.core.envelope.EnvelopeKind.RAW_TEXT);
  }

  @SuppressWarnings("unchecked")
  private static <T> T copy(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void aPostNeedsNoMembershipReachesEveryNodeAndIsDedupedToo() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n2.1", "n2");
    RoomReply post = send("r", "p1", null, null);
    assertThat(post.refused()).isFalse();
    assertThat(post.seq()).isEqualTo(1);
    assertThat(post.nodes()).containsExactlyInAnyOrder("n1", "n2");
    assertThat(send("r", "p1", null, null).repeated()).isTrue();
    assertThat(send("r", "p2", "n9.9", null).error()).as("a socket still has to be a member").isEqualTo(ErrorCode.FORBIDDEN);
  }

  @Test
  void membersOfAnExtensionIngressGoWithItsJvmsNode() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n1-sse.1", "n1-sse");
    join("r", "n2.1", "n2");
    SweepResult dropped = store.applyNow("r", new SweepRooms(Set.of("n1"), 60_000, 3000));
    assertThat(dropped.dropped()).isEqualTo(2);
    assertThat(send("r", "m", "n2.1", null).nodes()).isEmpty(); // n2's only member sent it: no one else to deliver to
  }

  private static final HistoryLimits KEEP_3 = new HistoryLimits(3, 10_000);

  private RoomReply sendKept(String room, String id, String socket, long now) {
    StoredMessage m = new StoredMessage(0, socket, "alice", io.porthouse.core.envelope.EnvelopeKind.TEXT,
        ("\"" + id + "\"").getBytes(), null, now);
    return store.applyNow(room, new SequenceMessage(id, socket, null, WINDOW, now, m, KEEP_3));
  }

  private RoomReply resume(String room, String socket, long since, String epoch, long now) {
    return store.applyNow(room, new JoinRoom(socket, "n9", null, List.of(), false, false, "x", now)
        .resuming(since, epoch, 1000, KEEP_3));
  }

  @Test
  void aMessageIsInHistoryWhenSequencedAndAResumeReplaysExactlyWhatCameAfter() {
    create("r");
    join("r", "n1.1", "n1");
    sendKept("r", "m1", "n1.1", 2000);
    sendKept("r", "m2", "n1.1", 2001);
    RoomReply resumed = resume("r", "n9.1", 1, "ep1", 2002);
    assertThat(resumed.recovered()).isTrue();
    assertThat(resumed.seq()).isEqualTo(2);
    assertThat(resumed.replay()).extracting(StoredMessage::seq).containsExactly(2L);
    assertThat(new String(resumed.replay()[0].payload())).isEqualTo("\"m2\"");
    assertThat(resume("r", "n9.2", 2, "ep1", 2002).recovered()).as("nothing missed").isTrue();
    RoomReply history = store.applyNow("r", new ReadHistory("n1.1", null, 0, Long.MAX_VALUE, 10, KEEP_3, 2003));
    assertThat(history.replay()).extracting(StoredMessage::seq).containsExactly(1L, 2L);
    assertThat(store.applyNow("r", new ReadHistory("n7.7", null, 0, Long.MAX_VALUE, 10, KEEP_3, 2003)).error())
        .as("members only").isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(store.applyNow("r", new ReadHistory(null, "n1", 0, 1, 10, KEEP_3, 2003)).replay())
        .as("a node repairing its stream, up to a seq").extracting(StoredMessage::seq).containsExactly(1L);
  }

  @Test
  void aResumeIsNotRecoveredPastTheWindowAfterExpiryOrInAnotherEpoch() {
    create("r");
    join("r", "n1.1", "n1");
    for (int i = 1; i <= 5; i++) {
      sendKept("r", "m" + i, "n1.1", 2000 + i);
    }
    assertThat(resume("r", "n9.1", 1, "ep1", 2010).recovered()).as("m2 was pushed out (3 kept)").isFalse();
    assertThat(resume("r", "n9.1", 1, "ep1", 2010).replay()).isEmpty();
    assertThat(resume("r", "n9.2", 2, "ep1", 2010).recovered()).as("m3..m5 kept").isTrue();
    assertThat(resume("r", "n9.3", 2, "other", 2010).recovered()).as("another epoch").isFalse();
    assertThat(resume("r", "n9.4", 9, "ep1", 2010).recovered()).as("a seq the room never had").isFalse();
    assertThat(resume("r", "n9.5", 3, "ep1", 2004 + 10_001).recovered()).as("m4 expired").isFalse();
    store.applyNow("off", new CreateRoom("n1.1", "alice", List.of("primary"), "{\"history\":false}", "ep2", 1000));
    join("off", "n1.1", "n1");
    sendKept("off", "o1", "n1.1", 2000);
    assertThat(resume("off", "n9.1", 0, "ep2", 2001).recovered()).as("history off").isFalse();
  }

  @Test
  void presenceRoomsNameTheNodesToTellAndListTheirMembers() {
    store.applyNow("p", new CreateRoom("n1.1", "alice", List.of("primary"), "{\"presence\":true}", "ep", 1000));
    store.applyNow("p", new JoinRoom("n1.1", "n1", "alice", List.of(), false, false, "x", 1));
    RoomReply bob = store.applyNow("p", new JoinRoom("n2.1", "n2", "bob", List.of(), false, false, "x", 1));
    assertThat(bob.presence()).isTrue();
    assertThat(bob.repeated()).isFalse();
    assertThat(bob.nodes()).containsExactlyInAnyOrder("n1", "n2");
    assertThat(store.applyNow("p", new JoinRoom("n2.1", "n2", "bob", List.of(), false, false, "x", 1)).repeated())
        .as("joining again is no new join").isTrue();
    MemberPage page = store.applyNow("p", new ListMembers("n1.1", null, 1));
    assertThat(page.size()).isEqualTo(1);
    assertThat(page.socket(0)).isEqualTo("n1.1");
    assertThat(page.client(0)).isEqualTo("alice");
    assertThat(page.more()).isTrue();
    MemberPage next = overTheWire(store.applyNow("p", overTheWire(new ListMembers("n1.1", "n1.1", 1))));
    assertThat(next.socket(0)).isEqualTo("n2.1");
    assertThat(next.more()).isFalse();
    RoomReply left = store.applyNow("p", new LeaveRoom("n1.1", 2));
    assertThat(left.presence()).isTrue();
    assertThat(left.nodes()).containsExactly("n2");
    SweepResult swept = store.applyNow("p", new SweepRooms(Set.of("n2"), 60_000, 3));
    assertThat(swept.client(0)).isEqualTo("bob");
    create("plain");
    join("plain", "n1.1", "n1");
    assertThat(store.applyNow("plain", new ListMembers("n1.1", null, 10))).satisfies(p -> {
      org.assertj.core.api.Assertions.assertThatThrownBy(p::orThrow).hasMessageContaining("presence");
    });
  }
}
