package io.porthouse.core.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PorthouseConfigTest {

  @Test
  void envNamesFollowTheKeys() {
    assertThat(EnvOverlay.envName("http.port")).isEqualTo("PORTHOUSE_HTTP_PORT");
    assertThat(EnvOverlay.envName("session.maxMessageBytes")).isEqualTo("PORTHOUSE_SESSION_MAX_MESSAGE_BYTES");
    assertThat(EnvOverlay.envName("dataDir")).isEqualTo("PORTHOUSE_DATA_DIR");
  }

  @Test
  void fileThenEnvOverrideDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.json");
    Files.writeString(file, "{\"http\":{\"port\":9000,\"host\":\"0.0.0.0\"},\"session\":{\"allowAnonymous\":false}}");
    PorthouseConfig c = PorthouseConfig.load(file, Map.of(
        "PORTHOUSE_HTTP_PORT", "9100", "PORTHOUSE_JWT_SECRET", "s3cret", "PORTHOUSE_ROUTER_CHAIN", "a.B, c.D",
        "PORTHOUSE_ROOMS_AUTO_CREATE", "true"));
    assertThat(c.section("http").getInteger("port")).isEqualTo(9100);
    assertThat(c.section("http").getString("host")).isEqualTo("0.0.0.0");
    assertThat(c.section("session").getBoolean("allowAnonymous")).isFalse();
    assertThat(c.section("session").getInteger("maxMessageBytes")).isEqualTo(65536);
    assertThat(c.section("auth").getString("jwtSecret")).isEqualTo("s3cret");
    assertThat(c.section("router").getJsonArray("chain").getList()).containsExactly("a.B", "c.D");
    assertThat(c.section("rooms").getBoolean("autoCreate")).isTrue();
  }

  @Test
  void missingFileMeansDefaults(@TempDir Path dir) {
    PorthouseConfig c = PorthouseConfig.load(dir.resolve("none.json"), Map.of());
    assertThat(c.json()).isEqualTo(PorthouseConfig.defaults().json());
  }

  @Test
  void unknownKeyIsNamed() {
    assertThatThrownBy(() -> PorthouseConfig.of(new JsonObject().put("ws", new JsonObject().put("maxMesageBytes", 1))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ws.maxMesageBytes");
    assertThatThrownBy(() -> PorthouseConfig.of(new JsonObject().put("nope", 1)))
        .hasMessageContaining("'nope'");
  }

  @Test
  void wrongTypesAreNamed() {
    assertThatThrownBy(() -> PorthouseConfig.of(new JsonObject().put("http", new JsonObject().put("port", "80"))))
        .hasMessageContaining("http.port");
    assertThatThrownBy(() -> PorthouseConfig.of(new JsonObject().put("http", new JsonObject().put("port", -1))))
        .hasMessageContaining("http.port");
    assertThatThrownBy(() -> PorthouseConfig.of(new JsonObject().put("ws", 3))).hasMessageContaining("'ws'");
    assertThatThrownBy(() -> PorthouseConfig.load(null, Map.of("PORTHOUSE_HTTP_PORT", "eighty")))
        .hasMessageContaining("PORTHOUSE_HTTP_PORT");
  }

  @Test
  void pageOriginsAreStarAloneOrOrigins() {
    PorthouseConfig listed = PorthouseConfig.of(new JsonObject().put("http", new JsonObject()
        .put("origins", new JsonArray().add("https://app.example.com").add("http://127.0.0.1:3000").add("http://[::1]:8080"))));
    assertThat(listed.section("http").getJsonArray("origins")).hasSize(3);
    assertThat(PorthouseConfig.load(null, Map.of("PORTHOUSE_HTTP_ORIGINS", "https://a.example,https://b.example"))
        .section("http").getJsonArray("origins").getList()).containsExactly("https://a.example", "https://b.example");
    assertThatThrownBy(() -> PorthouseConfig.of(new JsonObject().put("http", new JsonObject()
        .put("origins", new JsonArray().add("*").add("https://a.example")))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.origins").hasMessageContaining("* alone");
    assertThatThrownBy(() -> PorthouseConfig.of(new JsonObject().put("http", new JsonObject()
        .put("origins", new JsonArray().add("https://a.example/app")))))
        .hasMessageContaining("'https://a.example/app' is not an origin");
    assertThatThrownBy(() -> PorthouseConfig.of(new JsonObject().put("http", new JsonObject()
        .put("origins", new JsonArray()))))
        .hasMessageContaining("http.origins");
  }

  @Test
  void badFileNamesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{not json");
    assertThatThrownBy(() -> PorthouseConfig.load(file, Map.of())).hasMessageContaining("bad.json");
  }

  @Test
  void everyNumericKeyHasARange() {
    assertThat(PorthouseConfig.RANGES.keySet()).containsExactlyInAnyOrderElementsOf(PorthouseConfig.numericKeys());
  }

  @Test
  void valuesOutOfRangeAreRefusedFromTheFileAndFromTheEnvironmentAlike() {
    assertThatThrownBy(() -> PorthouseConfig.of(new JsonObject().put("ws", new JsonObject().put("maxMessageBytes", 0))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("session.maxMessageBytes").hasMessageContaining("from 1");
    assertThatThrownBy(() -> PorthouseConfig.load(null, Map.of("PORTHOUSE_ROOMS_SWEEP_MILLIS", "0")))
        .hasMessageContaining("rooms.sweepMillis");
    assertThatThrownBy(() -> PorthouseConfig.load(null, Map.of("PORTHOUSE_HTTP_PORT", "70000")))
        .hasMessageContaining("http.port").hasMessageContaining("65535");
    assertThatThrownBy(() -> PorthouseConfig.load(null, Map.of("PORTHOUSE_HTTP_PORT", "-5")))
        .hasMessageContaining("PORTHOUSE_HTTP_PORT").hasMessageContaining("non-negative");
    assertThatThrownBy(() -> PorthouseConfig.of(new JsonObject().put("roomRules", new JsonObject()
        .put("defaults", new JsonObject().put("maxMembers", 2_000_000)))))
        .hasMessageContaining("roomRules.defaults.maxMembers").hasMessageContaining("ceiling");
    assertThat(PorthouseConfig.load(null, Map.of("PORTHOUSE_HTTP_PORT", "0")).section("http").getInteger("port"))
        .as("0: any free port").isZero();
  }

  @Test
  void movedKeysAreStillReadAtTheirOldPlaceAndTheNewPlaceWins(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("old.json");
    Files.writeString(file, "{\"ws\": {\"maxMessageBytes\": 1234, \"gapWaitMillis\": 777, \"path\": \"/socket\"}}");
    PorthouseConfig c = PorthouseConfig.load(file, Map.of());
    assertThat(c.section("session").getInteger("maxMessageBytes")).isEqualTo(1234);
    assertThat(c.section("history").getLong("gapWaitMillis")).isEqualTo(777);
    assertThat(c.section("ws").getString("path")).as("ws keeps what is the WebSocket endpoint's own").isEqualTo("/socket");
    assertThat(c.section("ws").containsKey("maxMessageBytes")).isFalse();

    assertThat(PorthouseConfig.load(null, Map.of("PORTHOUSE_WS_RATE_PER_SECOND", "7")).section("session")
        .getInteger("ratePerSecond")).as("the old environment variable").isEqualTo(7);
    assertThat(PorthouseConfig.load(null, Map.of("PORTHOUSE_WS_RATE_PER_SECOND", "7", "PORTHOUSE_SESSION_RATE_PER_SECOND", "9"))
        .section("session").getInteger("ratePerSecond")).as("the new one wins").isEqualTo(9);
    assertThat(PorthouseConfig.of(new JsonObject().put("ws", new JsonObject().put("maxErrors", 3))
            .put("session", new JsonObject().put("maxErrors", 4))).section("session").getInteger("maxErrors"))
        .as("the new key wins in a file too").isEqualTo(4);
    assertThatThrownBy(() -> PorthouseConfig.load(null, Map.of("PORTHOUSE_WS_MAX_ERRORS", "0")))
        .as("an old name's value is checked as the new key's").hasMessageContaining("session.maxErrors");
  }
}
