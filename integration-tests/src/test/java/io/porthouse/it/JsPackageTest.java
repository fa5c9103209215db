package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.NodeJsProcess;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The npm package as a user gets it (clients/js/test/npm-package.mjs): {@code npm pack}, a new
 * project that installs the tarball and imports {@code porthouse-client} by name, and chats with
 * this server beside a WebSocket member.
 */
class JsPackageTest {

  private EmbeddedFixture porthouse;

  @BeforeEach
  void start() {
    porthouse = EmbeddedFixture.start(new JsonObject());
  }

  @AfterEach
  void stop() {
    porthouse.close();
  }

  @Test
  void theTarballInstallsInANewProjectAndChats() {
    try (WsTestClient ws = porthouse.as("carol", "primary")) {
      ws.request(new JsonObject().put("op", "create").put("room", "npm"), "c");
      ws.request(new JsonObject().put("op", "join").put("room", "npm"), "j");
      try (NodeJsProcess npm = NodeJsProcess.start("npm-package.mjs", Map.of(), "http://127.0.0.1:" + porthouse.port(),
          porthouse.tokens().token("alice"), "npm")) {
        assertThat(npm.next("packed").getJsonArray("files").getList()).contains("package.json", "src/porthouse.js",
            "src/porthouse.d.ts", "dist/porthouse.js", "dist/sockjs.min.js");
        npm.next("installed");
        JsonObject atWs = ws.next("msg");
        assertThat(atWs.getJsonObject("data").getString("text")).isEqualTo("from an installed package");
        assertThat(atWs.getString("client")).isEqualTo("alice");
        JsonObject answer = ws.request(new JsonObject().put("op", "send").put("room", "npm")
            .put("data", new JsonObject().put("text", "welcome")), "a");
        JsonObject chatted = npm.next("chatted");
        assertThat(chatted.getString("client")).isEqualTo("alice");
        assertThat(chatted.getLong("ack")).isEqualTo(atWs.getLong("seq"));
        assertThat(chatted.getJsonObject("answer").getString("text")).isEqualTo("welcome");
        assertThat(chatted.getLong("answerSeq")).isEqualTo(answer.getLong("seq"));
        assertThat(chatted.getString("refused")).isEqualTo("not_found");
        assertThat(npm.awaitExit(30)).as(npm.output()).isZero();
      }
    }
  }
}
