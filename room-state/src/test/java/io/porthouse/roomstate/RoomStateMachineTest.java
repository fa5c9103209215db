package io.porthouse.roomstate;

import com.hazelcast.config.Config;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.cluster.HazelcastConfigs;
import io.porthouse.core.envelope.EnvelopeKind;
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

import static io.porthouse.roomstate.Replies.*;
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
    assertThat(seq(first)).isEqualTo(1);
    assertThat(sent(first).nodes()).containsExactly("n2");
    RoomReply internal = store.applyNow("r", new SequenceMessage("env-1", "n1.1", null, WINDOW, 2000).dedupedBy("alice:m1"));
    assertThat(again(internal)).isTrue();
    assertThat(sent(internal).nodes()).as("the same envelope resent in the cluster: its deliveries may have been lost, so again")
        .containsExactly("n2");
    join("r", "n3.1", "n3"); // the client reconnected elsewhere and retries with the same id
    RoomReply retry = store.applyNow("r", new SequenceMessage("env-9", "n3.1", null, WINDOW, 2100).dedupedBy("alice:m1"));
    assertThat(seq(retry)).isEqualTo(1);
    assertThat(again(retry)).isTrue();
    assertThat(sent(retry).nodes()).as("a client's retry of a sequenced message is not delivered again").isEmpty();
    RoomReply other = store.applyNow("r", new SequenceMessage("env-10", "n3.1", null, WINDOW, 2100).dedupedBy("alice:m2"));
    assertThat(seq(other)).isEqualTo(2);
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
    assertThat(seq(first.get(0))).isEqualTo(1);
    assertThat(error(first.get(1))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(seq(first.get(2))).isEqualTo(2);
    assertThat(sent(first.get(2)).prevs()).as("the second message's delivery names the first as its predecessor").containsExactly(1);
    RoomReplies again = store.applyNow("r", batch); // resent after a sequencer died mid-call
    assertThat(seq(again.get(0))).isEqualTo(1);
    assertThat(again(again.get(0))).isTrue();
    assertThat(seq(again.get(2))).isEqualTo(2);
    assertThat(seq(send("r", "m4", "n1.1", null))).as("nothing was sequenced twice").isEqualTo(3);
    RoomReplies gone = store.applyNow("gone", batch);
    for (int i = 0; i < gone.size(); i++) {
      assertThat(error(gone.get(i))).isEqualTo(ErrorCode.NOT_FOUND);
    }
  }

  @Test
  void createChecksIdentityRoleAndName() {
    assertThat(error(store.applyNow("r", new CreateRoom("s", null, List.of(), "{}", "e", 1))))
        .isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(error(store.applyNow("r", new CreateRoom("s", "bob", List.of(), "{}", "e", 1))))
        .isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(epoch(create("r"))).isEqualTo("ep1");
    assertThat(error(store.applyNow("r", new CreateRoom("n9.9", "carol", List.of("owner"), "{}", "e", 5))))
        .isEqualTo(ErrorCode.CONFLICT);
    assertThat(create("r").refused()).as("a retried create (same socket, same fresh epoch) succeeds again").isFalse();
    assertThat(error(store.applyNow("r", new CreateRoom("n1.1", "alice", List.of("primary"), "{}", "ep-other", 1000))))
        .as("a second create by the same socket is a conflict").isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void joinAnswersLastSeqEpochAndTheNodeBaseOnlyForANewNode() {
    create("r");
    RoomReply first = join("r", "n1.1", "n1");
    assertThat(seq(first)).isZero();
    assertThat(epoch(first)).isEqualTo("ep1");
    assertThat(joined(first).nodeBase()).isZero();
    send("r", "m1", "n1.1", null);
    RoomReply second = join("r", "n1.2", "n1");
    assertThat(seq(second)).isEqualTo(1);
    assertThat(joined(second).nodeBase()).isEqualTo(RoomReply.NO_BASE);
    assertThat(joined(join("r", "n2.1", "n2")).nodeBase()).isEqualTo(1);
    assertThat(error(join("nowhere", "n1.1", "n1"))).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void sequenceIsGapFreeAndChainsEachNodesDeliveries() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n2.1", "n2");
    join("r", "n3.1", "n3");
    RoomReply m1 = send("r", "a-1", "n1.1", null);
    assertThat(seq(m1)).isEqualTo(1);
    assertThat(sent(m1).nodes()).containsExactlyInAnyOrder("n2", "n3"); // the sender's node has no other member
    RoomReply m2 = send("r", "a-2", "n1.1", List.of("n3.1"));
    assertThat(seq(m2)).isEqualTo(2);
    assertThat(sent(m2).nodes()).containsExactly("n3");
    assertThat(sent(m2).prevs()).containsExactly(1);
    RoomReply m3 = send("r", "a-3", "n3.1", null);
    assertThat(seq(m3)).isEqualTo(3);
    Map<String, Long> prevByNode = new java.util.HashMap<>();
    for (int i = 0; i < sent(m3).nodes().length; i++) {
      prevByNode.put(sent(m3).nodes()[i], sent(m3).prevs()[i]);
    }
    // n2 never got seq 2, so its next delivery names seq 1 as its predecessor
    assertThat(prevByNode).containsEntry("n2", 1L).containsEntry("n1", 0L).doesNotContainKey("n3");
  }

  @Test
  void aNonMemberMayNotSend() {
    create("r");
    assertThat(error(send("r", "x-1", "n1.1", null))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(error(send("gone", "x-2", "n1.1", null))).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void aRetriedEnvelopeGetsItsFirstReplyAndNoNewSeq() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n2.1", "n2");
    RoomReply first = send("r", "a-1", "n1.1", null);
    send("r", "a-2", "n1.1", null);
    RoomReply again = send("r", "a-1", "n1.1", null);
    assertThat(again(again)).isTrue();
    assertThat(seq(again)).isEqualTo(seq(first));
    assertThat(sent(again).nodes()).containsExactly(sent(first).nodes());
    assertThat(sent(again).prevs()).containsExactly(sent(first).prevs());
    assertThat(seq(send("r", "a-3", "n1.1", null))).isEqualTo(3);
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
    assertThat(again(send("r", "a-1", "n1.1", null))).as("fell out of the window").isFalse();
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
    assertThat(error(store.applyNow("r", new LeaveRoom("n1.1", 3000)))).isEqualTo(ErrorCode.NOT_FOUND);
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
    assertThat(epoch(restated)).isEqualTo("ep2");
    assertThat(seq(restated)).isZero();
    assertThat(epoch(store.applyNow("other", new JoinRoom("n1.1", "n1", "bob", List.of("primary"), true, false, "ep3", 1))))
        .as("auto-create").isEqualTo("ep3");
    assertThat(error(store.applyNow("other2", new JoinRoom("n1.1", "n1", "bob", List.of(), true, false, "ep4", 1))))
        .as("auto-create needs role primary").isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void aRestateJustAfterAMergeDoesNotMakeAMissingRoomThatMayStillBeOnItsWay() {
    RoomReply early = store.applyNow("merging", new JoinRoom("n1.1", "n1", "bob", List.of(), false, true, "ep2", 1)
        .notRemaking());
    assertThat(error(early)).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(stateOf("merging")).as("nothing was made").isNull();
    assertThat(epoch(store.applyNow("merging", new JoinRoom("n1.1", "n1", "bob", List.of(), false, true, "ep2", 1))))
        .as("once the cluster has settled").isEqualTo("ep2");
  }

  @Test
  void justAfterAMergeAMissingRoomIsUnavailableNotNotFoundAndOtherAnswersAreKept() {
    create("r");
    join("r", "n1.1", "n1");
    SequenceBatch batch = new SequenceBatch(List.of(new SequenceMessage("m1", "n1.1", null, WINDOW, 2000),
        new SequenceMessage("m2", "n9.9", null, WINDOW, 2000)));
    RoomReplies missing = batch.whileMerging(store.applyNow("on-its-way", batch));
    assertThat(error(missing.get(0))).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(message(missing.get(0))).contains("no room 'on-its-way'", "merge", "try again");
    RoomReplies here = batch.whileMerging(store.applyNow("r", batch));
    assertThat(seq(here.get(0))).as("a room that is here sequences as ever").isEqualTo(1);
    assertThat(error(here.get(1))).as("other refusals are kept").isEqualTo(ErrorCode.FORBIDDEN);
    LeaveRoom leave = new LeaveRoom("n9.9", 3000);
    assertThat(error(leave.whileMerging(store.applyNow("r", leave))))
        .as("not a member of a room that is here: still not_found").isEqualTo(ErrorCode.NOT_FOUND);
    ReadRules read = new ReadRules("n1.1", null, List.of());
    assertThat(error(read.whileMerging(store.applyNow("gone", read)))).isEqualTo(ErrorCode.UNAVAILABLE);
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
    assertThat(seq(onBackup)).isEqualTo(seq(onPrimary));
    assertThat(sent(onBackup).prevs()).containsExactly(sent(onPrimary).prevs());
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

  /** Hazelcast's serialization as every Porthouse JVM configures it. */
  private static final SerializationService WIRE = new DefaultSerializationServiceBuilder()
      .setConfig(HazelcastConfigs.prepare(new Config(), 1, 1, true).getSerializationConfig()).build();

  /** {@code value} as another JVM reads it: written and read by Hazelcast, as a call to the sequencer or its backup is. */
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
    assertThat(seq(replies.get(0))).isEqualTo(1);
    assertThat(sent(replies.get(0)).nodes()).containsExactly("n2");
    assertThat(sent(replies.get(0)).prevs()).containsExactly(0);
    assertThat(epoch(replies.get(0))).isEqualTo("ep1");
    assertThat(error(replies.get(1))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(message(replies.get(1))).contains("join room");
    RoomReply joined = overTheWire(store.applyNow("r", overTheWire(new JoinRoom("n3.1", "n3", "c", List.of("x"), false, false, "e", 5))));
    assertThat(joined(joined).nodeBase()).isEqualTo(1);
    assertThat(epoch(overTheWire(store.applyNow("r2", overTheWire(new CreateRoom("n1.1", "alice", List.of("primary"), "{\"public\":true}",
        "ep9", 7)))))).isEqualTo("ep9");
    assertThat(overTheWire(store.applyNow("r", overTheWire(new LeaveRoom("n3.1", 8)))).refused()).isFalse();
    assertThat(overTheWire(store.applyNow("r", overTheWire(new SweepRooms(Set.of("n2"), 60_000, 9)))).socket(0)).isEqualTo("n2.1");
    assertThat(again(overTheWire(store.applyNow("r", overTheWire(new SequenceMessage("w1", "n1.1", List.of("n2.1"), WINDOW, 2000))))))
        .as("the dedupe window came along").isTrue();
    RoomReply rules = overTheWire(store.applyNow("r", overTheWire(new ReadRules("n1.1", "x", List.of("y")))));
    assertThat(rules(rules)).isEqualTo("{}");
    RoomReply changed = overTheWire(store.applyNow("r", overTheWire(new ChangeRules("alice", List.of(), "{}",
        "{\"echo\":true,\"format\":\"text\"}"))));
    assertThat(rules(changed)).contains("echo");
    assertThat(changed.orThrow(RoomReply.Rules.class).tell()).containsExactly("n1");
    assertThat(joined(overTheWire(store.applyNow("r", overTheWire(new JoinRoom("n4.1", "n4", "d", List.of(), false, false, "e", 5)
        .withPasswordProof("p").makingWith("{}"))))).echo()).isTrue();
    StoredMessage text = new StoredMessage(0, "n1.1", "alice", EnvelopeKind.TEXT, "{}".getBytes(), null, 2000);
    assertThat(sent(overTheWire(store.applyNow("r", overTheWire(new SequenceMessage("w9", "n1.1", null, WINDOW, 2000, text,
        new HistoryLimits(10, 10_000)))))).deliveredAs()).isEqualTo(EnvelopeKind.RAW_TEXT);
    RoomReply.History read = history(overTheWire(store.applyNow("r", overTheWire(new ReadHistory("n1.1", null, 0, Long.MAX_VALUE, 10,
        new HistoryLimits(10, 10_000), 2001)))));
    assertThat(read.messages()).extracting(StoredMessage::seq).containsExactly(2L);
    assertThat(read.messages()[0].kind()).isEqualTo(EnvelopeKind.RAW_TEXT);
    assertThat(read.complete()).isFalse();
    RoomReply.Deleted deleted = overTheWire(store.applyNow("r", overTheWire(new DeleteRoom("alice", List.of()))))
        .orThrow(RoomReply.Deleted.class);
    assertThat(deleted.members()).isEqualTo(2);
    assertThat(deleted.tell()).containsExactlyInAnyOrder("n1", "n4");
    assertThat(deleted.rules()).contains("echo");
    assertThat(overTheWire(new RoomReply.Left(4, "e", new String[] {"n1"}))).usingRecursiveComparison()
        .isEqualTo(new RoomReply.Left(4, "e", new String[] {"n1"}));
    assertThat(WIRE.toData(deleted).getType()).as("written by RoomReplySerializer, not Java serialization")
        .isEqualTo(HazelcastConfigs.ROOM_REPLY_SERIALIZER);
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
    assertThat(seq(post)).isEqualTo(1);
    assertThat(sent(post).nodes()).containsExactlyInAnyOrder("n1", "n2");
    assertThat(again(send("r", "p1", null, null))).isTrue();
    assertThat(error(send("r", "p2", "n9.9", null))).as("a socket still has to be a member").isEqualTo(ErrorCode.FORBIDDEN);
  }

  @Test
  void membersOfAnExtensionIngressGoWithItsJvmsNode() {
    create("r");
    join("r", "n1.1", "n1");
    join("r", "n1-sse.1", "n1-sse");
    join("r", "n2.1", "n2");
    SweepResult dropped = store.applyNow("r", new SweepRooms(Set.of("n1"), 60_000, 3000));
    assertThat(dropped.dropped()).isEqualTo(2);
    assertThat(sent(send("r", "m", "n2.1", null)).nodes()).isEmpty(); // n2's only member sent it: no one else to deliver to
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
    assertThat(joined(resumed).recovered()).isTrue();
    assertThat(seq(resumed)).isEqualTo(2);
    assertThat(joined(resumed).replay()).extracting(StoredMessage::seq).containsExactly(2L);
    assertThat(new String(joined(resumed).replay()[0].payload())).isEqualTo("\"m2\"");
    assertThat(joined(resume("r", "n9.2", 2, "ep1", 2002)).recovered()).as("nothing missed").isTrue();
    RoomReply history = store.applyNow("r", new ReadHistory("n1.1", null, 0, Long.MAX_VALUE, 10, KEEP_3, 2003));
    assertThat(history(history).messages()).extracting(StoredMessage::seq).containsExactly(1L, 2L);
    assertThat(error(store.applyNow("r", new ReadHistory("n7.7", null, 0, Long.MAX_VALUE, 10, KEEP_3, 2003))))
        .as("members only").isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(history(store.applyNow("r", new ReadHistory(null, "n1", 0, 1, 10, KEEP_3, 2003))).messages())
        .as("a node repairing its stream, up to a seq").extracting(StoredMessage::seq).containsExactly(1L);
  }

  @Test
  void aResumeIsNotRecoveredPastTheWindowAfterExpiryOrInAnotherEpoch() {
    create("r");
    join("r", "n1.1", "n1");
    for (int i = 1; i <= 5; i++) {
      sendKept("r", "m" + i, "n1.1", 2000 + i);
    }
    assertThat(joined(resume("r", "n9.1", 1, "ep1", 2010)).recovered()).as("m2 was pushed out (3 kept)").isFalse();
    assertThat(joined(resume("r", "n9.1", 1, "ep1", 2010)).replay()).isEmpty();
    assertThat(joined(resume("r", "n9.2", 2, "ep1", 2010)).recovered()).as("m3..m5 kept").isTrue();
    assertThat(joined(resume("r", "n9.3", 2, "other", 2010)).recovered()).as("another epoch").isFalse();
    assertThat(joined(resume("r", "n9.4", 9, "ep1", 2010)).recovered()).as("a seq the room never had").isFalse();
    assertThat(joined(resume("r", "n9.5", 3, "ep1", 2004 + 10_001)).recovered()).as("m4 expired").isFalse();
    store.applyNow("off", new CreateRoom("n1.1", "alice", List.of("primary"), "{\"history\":false}", "ep2", 1000));
    join("off", "n1.1", "n1");
    sendKept("off", "o1", "n1.1", 2000);
    assertThat(joined(resume("off", "n9.1", 0, "ep2", 2001)).recovered()).as("history off").isFalse();
  }

  @Test
  void presenceRoomsNameTheNodesToTellAndListTheirMembers() {
    store.applyNow("p", new CreateRoom("n1.1", "alice", List.of("primary"), "{\"presence\":true}", "ep", 1000));
    store.applyNow("p", new JoinRoom("n1.1", "n1", "alice", List.of(), false, false, "x", 1));
    RoomReply bob = store.applyNow("p", new JoinRoom("n2.1", "n2", "bob", List.of(), false, false, "x", 1));
    assertThat(again(bob)).isFalse();
    assertThat(joined(bob).tell()).as("presence on: the nodes to tell").containsExactlyInAnyOrder("n1", "n2");
    assertThat(again(store.applyNow("p", new JoinRoom("n2.1", "n2", "bob", List.of(), false, false, "x", 1))))
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
    assertThat(left.orThrow(RoomReply.Left.class).tell()).containsExactly("n2");
    SweepResult swept = store.applyNow("p", new SweepRooms(Set.of("n2"), 60_000, 3));
    assertThat(swept.client(0)).isEqualTo("bob");
    create("plain");
    assertThat(joined(join("plain", "n1.1", "n1")).tell()).as("presence off: nobody to tell").isEmpty();
    assertThat(store.applyNow("plain", new ListMembers("n1.1", null, 10))).satisfies(p -> {
      assertThatThrownBy(p::orThrow).hasMessageContaining("presence");
    });
  }
}
