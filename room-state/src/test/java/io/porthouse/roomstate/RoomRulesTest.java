package io.porthouse.roomstate;

import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.security.PasswordHash;
import io.porthouse.roomstate.store.LocalRoomStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.porthouse.roomstate.Replies.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Room rules as the sequencer applies them: access, limits, send rules, format, rate, changes. */
class RoomRulesTest {

  private static final DedupeWindow WINDOW = new DedupeWindow(16, 10_000);
  private static final HistoryLimits KEEP = new HistoryLimits(100, 60_000);
  private static final JsonObject CONFIG = new JsonObject()
      .put("roomRules", new JsonObject()
          .put("defaults", new JsonObject().put("maxMembers", 100).put("maxAnonymous", 100).put("maxMessageBytes", 1000)
              .put("rate", 0).put("presence", false))
          .put("ceilings", new JsonObject().put("maxMembers", 1000).put("maxAnonymous", 1000).put("maxMessageBytes", 4000)
              .put("rate", 50)))
      .put("history", new JsonObject().put("size", 100).put("ttlSeconds", 60));
  private final RoomRules book = new RoomRules(CONFIG);
  private final LocalRoomStore store = new LocalRoomStore();
  private int ids;

  private void create(String room, JsonObject rules) {
    RoomReply r = store.applyNow(room, new CreateRoom("n1.1", "alice", List.of("primary"), book.effective(null, rules).encode(), "e", 1000));
    assertThat(r.refused()).isFalse();
  }

  private RoomReply join(String room, String socket, String client, List<String> roles) {
    return store.applyNow(room, new JoinRoom(socket, "n" + socket.charAt(1), client, roles, false, false, "x", 1000));
  }

  private RoomReply send(String room, String socket, EnvelopeKind kind, String payload, List<String> to, long now) {
    StoredMessage m = new StoredMessage(0, socket, null, kind, payload.getBytes(StandardCharsets.UTF_8), to, now);
    return store.applyNow(room, new SequenceMessage("m" + ids++, socket, to, WINDOW, now, m, KEEP));
  }

  private RoomReply send(String room, String socket) {
    return send(room, socket, EnvelopeKind.TEXT, "{\"a\":1}", null, 2000);
  }

  @Test
  void effectiveRulesFillDefaultsRefuseUnknownKeysWrongTypesAndValuesPastCeilings() {
    JsonObject rules = book.effective(null, new JsonObject().put("maxMembers", 5));
    assertThat(rules.getInteger("maxMembers")).isEqualTo(5);
    assertThat(rules.getInteger("maxMessageBytes")).isEqualTo(1000);
    assertThat(rules.getBoolean("history")).isTrue();
    assertThatThrownBy(() -> book.effective(null, new JsonObject().put("maxMember", 5)))
        .isInstanceOf(PorthouseException.class).hasMessageContaining("unknown rule 'maxMember'");
    assertThatThrownBy(() -> book.effective(null, new JsonObject().put("roles", "admin"))).hasMessageContaining("'roles'");
    assertThatThrownBy(() -> book.effective(null, new JsonObject().put("format", "xml"))).hasMessageContaining("'format'");
    assertThatThrownBy(() -> book.effective(null, new JsonObject().put("maxMembers", 0))).hasMessageContaining("positive");
    assertThatThrownBy(() -> book.effective(null, new JsonObject().put("rate", 51))).hasMessageContaining("at most 50");
    assertThatThrownBy(() -> book.effective(null, new JsonObject().put("historySize", 101))).hasMessageContaining("at most 100");
    JsonObject changed = book.effective(rules, new JsonObject().put("maxMembers", null).put("echo", true));
    assertThat(changed.getInteger("maxMembers")).as("null: back to the default").isEqualTo(100);
    assertThat(changed.getBoolean("echo")).isTrue();
    assertThat(book.effective(null, new JsonObject().put("rate", 5)).getInteger("burst")).isEqualTo(5);
  }

  @Test
  void accessRulesAdmitOnlyWhomTheyNameAndTheOwnerAlways() {
    create("auth", new JsonObject().put("authenticated", true));
    assertThat(error(join("auth", "n1.1", null, List.of()))).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(join("auth", "n1.2", "bob", List.of()).refused()).isFalse();
    create("roles", new JsonObject().put("roles", new JsonArray().add("staff")));
    RoomReply refused = join("roles", "n1.3", "bob", List.of("primary"));
    assertThat(error(refused)).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(join("roles", "n1.4", "carol", List.of("staff")).refused()).isFalse();
    assertThat(join("roles", "n1.5", "alice", List.of()).refused()).as("the room's creator").isFalse();
    assertThat(join("roles", "n1.6", "root", List.of("owner")).refused()).as("role owner").isFalse();
    create("clients", new JsonObject().put("clients", new JsonArray().add("bob")));
    assertThat(error(join("clients", "n1.7", "carol", List.of()))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(join("clients", "n1.8", "bob", List.of()).refused()).isFalse();
    assertThat(again(join("clients", "n1.8", "bob", List.of()))).as("a join again").isTrue();
  }

  @Test
  void aPasswordRoomAdmitsOnlyJoinsCheckedAgainstItsCurrentHash() {
    JsonObject rules = RoomRules.hashPassword(book.effective(null, new JsonObject().put("password", "open sesame")), 100_000);
    String hash = rules.getString("password");
    assertThat(hash).startsWith("pbkdf2-sha256$100000$").doesNotContain("open sesame");
    assertThat(PasswordHash.verify("open sesame", hash)).isTrue();
    assertThat(PasswordHash.verify("open sesame!", hash)).isFalse();
    store.applyNow("pw", new CreateRoom("n1.1", "alice", List.of("primary"), rules.encode(), "e", 1000));
    assertThat(error(join("pw", "n2.1", "bob", List.of()))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(error(store.applyNow("pw", new JoinRoom("n2.1", "n2", "bob", List.of(), false, false, "x", 1000)
        .withPasswordProof("pbkdf2-sha256$1$AAAA$AAAA")))).as("checked against another hash").isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(store.applyNow("pw", new JoinRoom("n2.1", "n2", "bob", List.of(), false, false, "x", 1000)
        .withPasswordProof(hash)).refused()).isFalse();
    assertThat(RoomRules.shown(rules).getValue("password")).isEqualTo(true);
  }

  @Test
  void limitsCountMembersAndAnonymousMembers() {
    create("small", new JsonObject().put("maxMembers", 2).put("maxAnonymous", 1));
    assertThat(join("small", "n1.1", null, List.of()).refused()).isFalse();
    assertThat(message(join("small", "n1.2", null, List.of()))).contains("anonymous");
    assertThat(join("small", "n1.3", "bob", List.of()).refused()).isFalse();
    for (int i = 0; i < 5; i++) {
      assertThat(message(join("small", "n1.4", "carol", List.of()))).as("a limit is not an access rule: never slowed down")
          .contains("full");
    }
    create("named", new JsonObject().put("maxAnonymous", 0));
    assertThat(error(join("named", "n1.5", null, List.of()))).isEqualTo(ErrorCode.UNAUTHORIZED);
  }

  @Test
  void sendRulesNameWhoMaySpeakWhetherToIsAllowedAndHowBigAMessageMayBe() {
    create("talk", new JsonObject().put("sendRoles", new JsonArray().add("speaker")).put("to", false).put("maxMessageBytes", 10));
    join("talk", "n1.1", "bob", List.of("speaker"));
    join("talk", "n2.1", "carol", List.of());
    join("talk", "n2.2", "alice", List.of());
    assertThat(send("talk", "n1.1").refused()).isFalse();
    assertThat(message(send("talk", "n2.1"))).contains("rule 'send'");
    assertThat(send("talk", "n2.2").refused()).as("the creator").isFalse();
    assertThat(message(send("talk", "n1.1", EnvelopeKind.TEXT, "{}", List.of("n2.1"), 2000))).contains("'to'");
    assertThat(error(send("talk", "n1.1", EnvelopeKind.TEXT, "[1,2,3,4,5,6]", null, 2000))).isEqualTo(ErrorCode.TOO_LARGE);
    create("stage", new JsonObject().put("send", "owner"));
    join("stage", "n1.2", "bob", List.of("speaker"));
    join("stage", "n1.3", "alice", List.of());
    assertThat(error(send("stage", "n1.2"))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(send("stage", "n1.3").refused()).isFalse();
  }

  @Test
  void echoSendsTheSendersOwnMessageToItsNodeEvenAlone() {
    create("quiet", new JsonObject());
    join("quiet", "n1.1", "bob", List.of());
    assertThat(sent(send("quiet", "n1.1")).nodes()).isEmpty();
    create("echo", new JsonObject().put("echo", true));
    assertThat(joined(join("echo", "n1.1", "bob", List.of())).echo()).isTrue();
    join("echo", "n2.1", "carol", List.of());
    assertThat(sent(send("echo", "n1.1")).nodes()).containsExactlyInAnyOrder("n1", "n2");
    assertThat(sent(send("echo", "n1.1", EnvelopeKind.TEXT, "{}", List.of("n2.1"), 2000)).nodes()).containsExactlyInAnyOrder("n1", "n2");
  }

  @Test
  void formatsTakeWhatTheyAllowAndConvertOnceBytesUnchanged() {
    create("json", new JsonObject().put("format", "json"));
    join("json", "n1.1", "bob", List.of());
    assertThat(sent(send("json", "n1.1", EnvelopeKind.TEXT, "{\"a\":1}", null, 2000)).deliveredAs()).as("as it came").isNull();
    assertThat(error(send("json", "n1.1", EnvelopeKind.TEXT, "\"a string\"", null, 2000))).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(sent(send("json", "n1.1", EnvelopeKind.RAW_TEXT, " [1, 2]", null, 2000)).deliveredAs()).isEqualTo(EnvelopeKind.TEXT);
    assertThat(send("json", "n1.1", EnvelopeKind.RAW_TEXT, "{not json", null, 2000).refused()).isTrue();
    assertThat(send("json", "n1.1", EnvelopeKind.BINARY, "{}", null, 2000).refused()).isTrue();
    create("text", new JsonObject().put("format", "text"));
    join("text", "n1.1", "bob", List.of());
    assertThat(sent(send("text", "n1.1", EnvelopeKind.TEXT, "{\"a\":1}", null, 2000)).deliveredAs()).isEqualTo(EnvelopeKind.RAW_TEXT);
    assertThat(sent(send("text", "n1.1", EnvelopeKind.RAW_TEXT, "hi", null, 2000)).deliveredAs()).isNull();
    assertThat(send("text", "n1.1", EnvelopeKind.BINARY, "hi", null, 2000).refused()).isTrue();
    create("bin", new JsonObject().put("format", "binary"));
    join("bin", "n1.1", "bob", List.of());
    assertThat(send("bin", "n1.1", EnvelopeKind.BINARY, "xy", null, 2000).refused()).isFalse();
    assertThat(send("bin", "n1.1", EnvelopeKind.TEXT, "{}", null, 2000).refused()).isTrue();
    RoomReply history = store.applyNow("json", new ReadHistory("n1.1", null, 0, Long.MAX_VALUE, 10, KEEP, 2000));
    assertThat(history(history).messages()[1].kind()).as("history keeps the converted kind").isEqualTo(EnvelopeKind.TEXT);
  }

  @Test
  void rateAllowsABurstThenRefillsWithTime() {
    create("slow", new JsonObject().put("rate", 2).put("burst", 3));
    join("slow", "n1.1", "bob", List.of());
    join("slow", "n1.2", "carol", List.of());
    for (int i = 0; i < 3; i++) {
      assertThat(send("slow", "n1.1", EnvelopeKind.TEXT, "{}", null, 10_000).refused()).isFalse();
    }
    assertThat(error(send("slow", "n1.1", EnvelopeKind.TEXT, "{}", null, 10_000))).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(send("slow", "n1.2", EnvelopeKind.TEXT, "{}", null, 10_000).refused()).as("per socket").isFalse();
    assertThat(send("slow", "n1.1", EnvelopeKind.TEXT, "{}", null, 10_500).refused()).as("one back after 500 ms").isFalse();
    assertThat(error(send("slow", "n1.1", EnvelopeKind.TEXT, "{}", null, 10_500))).isEqualTo(ErrorCode.RATE_LIMITED);
  }

  @Test
  void onlyTheOwnerChangesRulesAndAChangeOnStaleRulesConflicts() {
    create("r", new JsonObject());
    join("r", "n1.1", "bob", List.of());
    String current = rules(store.applyNow("r", new ReadRules()));
    String stricter = book.effective(new JsonObject(current), new JsonObject().put("maxMembers", 1)).encode();
    assertThat(error(store.applyNow("r", new ChangeRules("bob", List.of(), current, stricter)))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(error(store.applyNow("r", new ChangeRules(null, List.of(), current, stricter)))).isEqualTo(ErrorCode.UNAUTHORIZED);
    RoomReply changed = store.applyNow("r", new ChangeRules("alice", List.of(), current, stricter));
    assertThat(changed.orThrow(RoomReply.Rules.class).tell()).as("the nodes to tell").containsExactly("n1");
    assertThat(error(store.applyNow("r", new ChangeRules("alice", List.of(), current, stricter)))).isEqualTo(ErrorCode.CONFLICT);
    assertThat(message(join("r", "n2.1", "carol", List.of()))).as("the new limit applies").contains("full");
    assertThat(error(store.applyNow("r", new ReadRules("n9.9", "dave", List.of())))).as("not a member").isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(new JsonObject(rules(store.applyNow("r", new ReadRules("n1.1", "bob", List.of())))).getInteger("maxMembers")).isEqualTo(1);
  }

  @Test
  void accessRefusalsAfterTwoMakeTheNextTryOfThatClientWaitWhateverItsSocket() {
    create("roles", new JsonObject().put("roles", new JsonArray().add("staff")));
    for (int i = 0; i < 3; i++) {
      assertThat(error(joinBy("roles", "n1." + i, "bob", List.of(), "c:bob", 5000))).isEqualTo(ErrorCode.FORBIDDEN);
    }
    RoomReply slowed = joinBy("roles", "n2.9", "bob", List.of("staff"), "c:bob", 5000);
    assertThat(error(slowed)).as("a new socket of the same client waits too").isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(joinBy("roles", "n2.8", "carol", List.of("staff"), "c:carol", 5000).refused()).as("others do not").isFalse();
    assertThat(joinBy("roles", "n2.9", "bob", List.of("staff"), "c:bob", 6001).refused()).as("after the wait").isFalse();
  }

  @Test
  void aSecretCheckIsCountedBeforeItRunsOneAtATimeAndOnlyForWhomTheOtherRulesAdmit() {
    JsonObject rules = RoomRules.hashPassword(book.effective(null, new JsonObject().put("password", "open sesame")
        .put("clients", new JsonArray().add("bob").add("carol"))), 100_000);
    store.applyNow("pw", new CreateRoom("n1.1", "alice", List.of("primary"), rules.encode(), "e", 1000));
    RoomReply begun = store.applyNow("pw", SecretCheck.begin("n3.1", "bob", List.of(), "c:bob", null, 5000));
    assertThat(new JsonObject(rules(begun)).getString("password")).as("the hash to check against").startsWith("pbkdf2");
    assertThat(error(store.applyNow("pw", SecretCheck.begin("n3.1", "bob", List.of(), "c:bob", null, 5000))))
        .as("a second attempt while one is checked").isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(error(store.applyNow("pw", SecretCheck.begin("n3.2", "dave", List.of(), "c:dave", null, 5000))))
        .as("refused by the other rules: nothing to hash").isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(store.applyNow("pw", SecretCheck.begin("n3.3", "alice", List.of(), "c:alice", null, 5000)))
        .as("the creator needs no password: nothing to check").isInstanceOf(RoomReply.Done.class);
    store.applyNow("pw", SecretCheck.end("c:bob", true, 5000));
    assertThat(error(store.applyNow("pw", SecretCheck.begin("n3.1", "bob", List.of(), "c:bob", null, 5500))))
        .as("a wrong password makes the next attempt wait").isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(store.applyNow("pw", SecretCheck.begin("n3.1", "bob", List.of(), "c:bob", null, 6001)).refused()).isFalse();
    store.applyNow("pw", SecretCheck.end("c:bob", false, 6001));
    assertThat(store.applyNow("pw", SecretCheck.begin("n3.1", "bob", List.of(), "c:bob", null, 6002)).refused())
        .as("a check without a verdict counts nothing").isFalse();
    String hash = rules.getString("password");
    assertThat(store.applyNow("pw", new JoinRoom("n2.1", "n2", "bob", List.of(), false, false, "x", 6003).by("c:bob")
        .withPasswordProof(hash)).refused()).isFalse();
    assertThat(store.applyNow("pw", SecretCheck.begin("n2.1", "bob", List.of(), "c:bob", null, 6004)))
        .as("a member joins again without a secret").isInstanceOf(RoomReply.Done.class);
  }

  @Test
  void aPostPassesTheAccessRulesAJoinWouldAndTheSendRulesWithItsPostersRoles() {
    create("staff", new JsonObject().put("roles", new JsonArray().add("staff")).put("sendRoles", new JsonArray().add("staff")));
    assertThat(error(post("staff", "bob", List.of()))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(post("staff", "bob", List.of("staff")).refused()).isFalse();
    assertThat(post("staff", "root", List.of("owner")).refused()).isFalse();
    create("listed", new JsonObject().put("clients", new JsonArray().add("bob")));
    assertThat(error(post("listed", "carol", List.of()))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(post("listed", "bob", List.of()).refused()).isFalse();
    create("secret", new JsonObject().put("password", "pbkdf2-sha256$100000$AAAA$AAAA"));
    assertThat(message(post("secret", "bob", List.of()))).contains("takes no posts");
    assertThat(post("secret", "alice", List.of()).refused()).as("its creator").isFalse();
    create("otp", new JsonObject().put("otp", true));
    assertThat(message(post("otp", "bob", List.of()))).contains("one-time code");
    create("stage", new JsonObject().put("send", "owner"));
    assertThat(message(post("stage", "bob", List.of()))).contains("rule 'send'");
    create("slow", new JsonObject().put("rate", 1).put("burst", 1));
    assertThat(post("slow", "bob", List.of()).refused()).isFalse();
    assertThat(error(post("slow", "bob", List.of()))).as("rate per posting client").isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(post("slow", "carol", List.of()).refused()).isFalse();
  }

  private RoomReply post(String room, String client, List<String> roles) {
    StoredMessage m = new StoredMessage(0, null, client, EnvelopeKind.TEXT, "{}".getBytes(StandardCharsets.UTF_8), null, 2000);
    return store.applyNow(room, new SequenceMessage("p" + ids++, null, null, WINDOW, 2000, m, KEEP).postedAs(roles));
  }

  private RoomReply joinBy(String room, String socket, String client, List<String> roles, String who, long now) {
    return store.applyNow(room, new JoinRoom(socket, "n" + socket.charAt(1), client, roles, false, false, "x", now).by(who));
  }
}
