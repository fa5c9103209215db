package io.porthouse.roomstate;

import io.porthouse.core.bus.HookCall;
import io.porthouse.core.config.ConfigException;
import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.roomstate.store.LocalRoomStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rules by room-name pattern: the most specific pattern wins, bad templates are refused naming the key. */
class RoomTemplatesTest {

  private static JsonObject config(JsonObject templates, boolean autoCreate) {
    return PorthouseConfig.of(new JsonObject().put("templates", templates)
        .put("hooks", new JsonObject().put("url", "http://127.0.0.1:1/hooks").put("secret", "0123456789abcdef"))
        .put("rooms", new JsonObject().put("autoCreate", autoCreate))).json();
  }

  private static RoomTemplates templates(JsonObject templates) {
    JsonObject config = config(templates, false);
    return RoomTemplates.fromConfig(config, new RoomRules(config));
  }

  private static JsonObject template(int historySize, String... hooks) {
    return new JsonObject().put("autoCreate", true).put("hooks", new JsonArray(List.of(hooks)))
        .put("rules", new JsonObject().put("history", true).put("historySize", historySize));
  }

  @Test
  void theMostSpecificPatternWinsWhateverTheOrderOfDeclaration() {
    RoomTemplates t = templates(new JsonObject()
        .put("*", template(1))
        .put("chat:*", template(2, "join"))
        .put("chat:vip:*", template(3, "join", "publish"))
        .put("chat:vip:gold", template(4))
        .put("chat:v*", template(5)));
    assertThat(t.of("lobby").pattern()).isEqualTo("*");
    assertThat(t.of("chat:general").pattern()).isEqualTo("chat:*");
    assertThat(t.of("chat:vip:silver").pattern()).as("longer prefix over shorter").isEqualTo("chat:vip:*");
    assertThat(t.of("chat:vip:gold").pattern()).as("a whole name over any prefix").isEqualTo("chat:vip:gold");
    assertThat(t.of("chat:vortex").pattern()).isEqualTo("chat:v*");
    assertThat(t.of("chat:").pattern()).as("an empty rest matches a prefix").isEqualTo("chat:*");
    assertThat(t.of("chat:vip:silver").asks(HookCall.Hook.PUBLISH)).isTrue();
    assertThat(t.of("chat:general").asks(HookCall.Hook.PUBLISH)).isFalse();
    assertThat(t.of("chat:vip:gold").asks(HookCall.Hook.JOIN)).as("a whole name's template alone counts").isFalse();
    assertThat(t.anyAsks(HookCall.Hook.PUBLISH)).isTrue();
  }

  @Test
  void withoutAMatchingTemplateRoomsAreTheServersDefaults() {
    RoomTemplates none = templates(new JsonObject().put("chat:*", template(2)));
    assertThat(none.of("game:1").configured()).isFalse();
    assertThat(none.of("game:1").autoCreate()).isFalse();
    JsonObject auto = config(new JsonObject(), true);
    assertThat(RoomTemplates.fromConfig(auto, new RoomRules(auto)).of("game:1").autoCreate())
        .as("rooms.autoCreate still holds where no template matches").isTrue();
    assertThat(none.anyAsks(HookCall.Hook.JOIN)).isFalse();
  }

  @Test
  void aCreatorsRulesChangeTheTemplatesAndANullDropsOne() {
    RoomTemplates t = templates(new JsonObject().put("chat:*", template(7)));
    JsonObject rules = t.of("chat:x").rulesWith(new JsonObject().put("presence", true).putNull("historySize"));
    assertThat(rules).isEqualTo(new JsonObject().put("history", true).put("presence", true));
  }

  @Test
  void badTemplatesAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> templates(new JsonObject().put("a*b", template(1))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("templates.'a*b'");
    assertThatThrownBy(() -> templates(new JsonObject().put("chat:**", template(1))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("templates.'chat:**'");
    assertThatThrownBy(() -> templates(new JsonObject().put("chat:*", template(1, "connect"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not a room hook");
    assertThatThrownBy(() -> templates(new JsonObject().put("chat:*", new JsonObject().put("rules",
        new JsonObject().put("maxMembers", "many"))))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("templates.'chat:*'.rules: rule 'maxMembers'");
    assertThatThrownBy(() -> templates(new JsonObject().put("chat:*", new JsonObject().put("rules",
        new JsonObject().put("password", "hunter2"))))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("rule 'password'");
    assertThatThrownBy(() -> templates(new JsonObject().put("chat:*", new JsonObject().put("colour", "red"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown config key templates.'chat:*'.colour");
    assertThatThrownBy(() -> PorthouseConfig.of(new JsonObject().put("templates", new JsonArray())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'templates'");
  }

  @Test
  void aTemplateRoomIsMadeByAnyJoinerItsRulesAdmitAndBelongsToNobody() {
    JsonObject config = config(new JsonObject(), false);
    RoomRules book = new RoomRules(config);
    String rules = book.effective(null, new JsonObject().put("roles", new JsonArray().add("vip"))).encode();
    LocalRoomStore store = new LocalRoomStore();
    RoomReply refused = store.applyNow("vip:1", new JoinRoom("n1.1", "n1", "bob", List.of(), false, false, "e", 1000)
        .makingWith(rules).makingByTemplate());
    assertThat(refused.refused()).as("bob lacks role vip").isTrue();
    assertThat(store.applyNow("vip:1", new ReadRules("n1.9", null, List.of("owner"))).refused())
        .as("nothing was made").isTrue();
    RoomReply joined = store.applyNow("vip:1", new JoinRoom("n1.2", "n1", "carol", List.of("vip"), false, false, "e", 1000)
        .makingWith(rules).makingByTemplate());
    assertThat(joined.refused()).isFalse();
    RoomReply change = store.applyNow("vip:1", new ChangeRules("carol", List.of("vip"), rules,
        book.effective(new JsonObject(rules), new JsonObject().put("presence", true)).encode()));
    assertThat(change.refused()).as("the first joiner is not its creator").isTrue();
  }
}
