package io.porthouse.rooms;

import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoomRegistryTest {

  private final RoomRegistry registry = new RoomRegistry(false, 30_000, 5_000);

  private static RoomCommand primary(String room, String socket, String node) {
    return new RoomCommand(room, socket, node, "alice", List.of("primary"), null);
  }

  private static RoomCommand anon(String room, String socket, String node) {
    return new RoomCommand(room, socket, node, null, List.of(), null);
  }

  private static void assertCode(ErrorCode code, ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(PorthouseException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void createNeedsIdentityAndRoleAndIsUnique() {
    assertCode(ErrorCode.UNAUTHORIZED, () -> registry.create(anon("r", "a.1", "a"), 0));
    assertCode(ErrorCode.FORBIDDEN, () -> registry.create(new RoomCommand("r", "a.1", "a", "bob", List.of("guest"), null), 0));
    registry.create(new RoomCommand("r", "a.1", "a", "bob", List.of("owner"), null), 0);
    assertCode(ErrorCode.CONFLICT, () -> registry.create(primary("r", "a.2", "a"), 0));
  }

  @Test
  void rulesAreCheckedAndUnknownKeysRejected() {
    registry.create(new RoomCommand("ok", "a.1", "a", "al", List.of("primary"),
        new JsonObject().put("maxMembers", 10).put("sendRoles", new JsonArray().add("x"))), 0);
    assertCode(ErrorCode.BAD_REQUEST, () -> registry.create(new RoomCommand("r1", "a.1", "a", "al", List.of("primary"),
        new JsonObject().put("colour", "red")), 0));
    assertCode(ErrorCode.BAD_REQUEST, () -> registry.create(new RoomCommand("r2", "a.1", "a", "al", List.of("primary"),
        new JsonObject().put("maxMembers", -1)), 0));
    assertThat(registry.exists("r1")).isFalse();
  }

  @Test
  void joinMissingRoomIsNotFoundUnlessAutoCreateForPrimary() {
    assertCode(ErrorCode.NOT_FOUND, () -> registry.join(primary("nope", "a.1", "a"), 0));
    RoomRegistry auto = new RoomRegistry(true, 30_000, 5_000);
    assertThat(auto.join(primary("made", "a.1", "a"), 0)).isZero();
    assertCode(ErrorCode.NOT_FOUND, () -> auto.join(anon("other", "a.2", "a"), 0));
  }

  @Test
  void seqIsPerRoomWithoutGapsAndJoinReportsTheLastOne() {
    registry.create(primary("r", "a.1", "a"), 0);
    registry.join(anon("r", "a.1", "a"), 0);
    registry.join(anon("r", "b.1", "b"), 0);
    assertThat(registry.sequence("r", "a.1", null).seq()).isEqualTo(1);
    assertThat(registry.sequence("r", "b.1", null).seq()).isEqualTo(2);
    assertThat(registry.join(anon("r", "c.1", "c"), 0)).isEqualTo(2);
    assertThat(registry.sequence("r", "c.1", null).nodes()).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void sendingNeedsMembershipAndToNarrowsTheNodes() {
    registry.create(primary("r", "a.1", "a"), 0);
    registry.join(anon("r", "a.1", "a"), 0);
    registry.join(anon("r", "a.2", "a"), 0);
    registry.join(anon("r", "b.1", "b"), 0);
    assertCode(ErrorCode.FORBIDDEN, () -> registry.sequence("r", "z.9", null));
    assertCode(ErrorCode.NOT_FOUND, () -> registry.sequence("nope", "a.1", null));
    assertThat(registry.sequence("r", "a.1", List.of("a.2", "ghost")).nodes()).containsExactly("a");
  }

  @Test
  void roomVanishesWithItsLastMember() {
    registry.create(primary("r", "a.1", "a"), 0);
    registry.join(anon("r", "a.1", "a"), 0);
    registry.join(anon("r", "b.1", "b"), 0);
    registry.leave(anon("r", "a.1", "a"), 1);
    assertCode(ErrorCode.NOT_FOUND, () -> registry.leave(anon("r", "a.1", "a"), 1));
    assertThat(registry.list()).hasSize(1);
    registry.disconnect("b.1", 2);
    assertThat(registry.exists("r")).isFalse();
    assertThat(registry.list()).isEmpty();
  }

  @Test
  void listShowsTypeAndMemberCount() {
    registry.create(primary("b", "a.1", "a"), 0);
    registry.create(primary("a", "a.1", "a"), 0);
    registry.join(anon("b", "a.1", "a"), 0);
    registry.join(anon("b", "a.1", "a"), 0);
    registry.join(anon("b", "a.2", "a"), 0);
    assertThat(registry.list()).isEqualTo(new JsonArray(
        "[{\"name\":\"a\",\"type\":\"transient\",\"members\":0},{\"name\":\"b\",\"type\":\"transient\",\"members\":2}]"));
  }

  @Test
  void droppedNodeTakesOnlyItsSocketsAway() {
    registry.create(primary("r", "a.1", "a"), 0);
    registry.create(primary("only-a", "a.1", "a"), 0);
    registry.join(anon("r", "a.1", "a"), 0);
    registry.join(anon("only-a", "a.1", "a"), 0);
    registry.join(anon("r", "b.1", "b"), 0);
    registry.dropNode("a", 1);
    assertThat(registry.exists("only-a")).isFalse();
    assertThat(registry.sequence("r", "b.1", null).nodes()).containsExactly("b");
    assertCode(ErrorCode.FORBIDDEN, () -> registry.admit("r", "a.1"));
  }

  @Test
  void sweepDropsSilentNodesAndOldEmptyRooms() {
    registry.create(primary("empty", "a.1", "a"), 0);
    registry.create(primary("r", "a.1", "a"), 0);
    registry.join(anon("r", "a.1", "a"), 0);
    registry.join(anon("r", "b.1", "b"), 0);
    assertThat(registry.heartbeat("b", 4_000)).isTrue();
    assertThat(registry.sweep(5_500)).containsExactly("a");
    assertThat(registry.exists("empty")).isTrue();
    registry.heartbeat("b", 29_000);
    registry.sweep(30_000);
    assertThat(registry.exists("empty")).isFalse();
    assertThat(registry.exists("r")).isTrue();
  }

  @Test
  void resyncRestoresMembershipsAndRemakesForgottenRooms() {
    assertThat(registry.heartbeat("a", 0)).isFalse();
    registry.create(primary("r", "b.1", "b"), 0);
    registry.join(anon("r", "b.1", "b"), 0);
    registry.sequence("r", "b.1", null);
    int remade = registry.resync("a", List.of(
        new RoomRegistry.Membership("r", "a.1", null), new RoomRegistry.Membership("gone", "a.1", null),
        new RoomRegistry.Membership("gone", "a.2", null)), 1);
    assertThat(remade).isEqualTo(1);
    assertThat(registry.heartbeat("a", 2)).isTrue();
    assertThat(registry.sequence("r", "a.1", null).nodes()).containsExactlyInAnyOrder("a", "b");
    assertThat(registry.sequence("r", "a.1", null).seq()).isEqualTo(3); // a known room keeps its seq
    assertThat(registry.sequence("gone", "a.1", null).seq()).isEqualTo(1); // a remade one starts over
    assertThat(registry.list()).contains(new JsonObject().put("name", "gone").put("type", "transient").put("members", 2));
  }
}
