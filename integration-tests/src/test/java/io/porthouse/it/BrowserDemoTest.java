package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.NodeJsProcess;
import io.porthouse.testing.Posts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat demo and the console in a real browser (headless Chromium, driven by playwright-core
 * from clients/js/test/browser-demo.mjs): two pages chat through a presence room, one leaves and
 * comes back and resumes without missing a message, the console shows the room and its members,
 * and an operator kicks one of them there (its page is told; one member left).
 * Screenshots go to integration-tests/target/screenshots (docs/screenshots has copies).
 */
class BrowserDemoTest {

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
  void twoPagesChatOneResumesAndTheConsoleShowsTheRoom() throws Exception {
    String owner = porthouse.tokens().token("admin", "owner");
    Posts.Answer made = Posts.http(porthouse.port(), "POST", "/admin/rooms",
        new JsonObject().put("name", "demo").put("rules", new JsonObject().put("presence", true).put("public", true)).encode(),
        owner);
    assertThat(made.status()).as(made.body()).isBetween(200, 201);
    Path shots = Path.of("target", "screenshots");
    Files.createDirectories(shots);
    try (NodeJsProcess browser = NodeJsProcess.start("browser-demo.mjs", Map.of(), "http://127.0.0.1:" + porthouse.port(),
        porthouse.tokens().token("alice"), porthouse.tokens().token("bob"), owner, "demo", shots.toAbsolutePath().toString())) {
      assertThat(browser.next("joined")).isNotNull();
      JsonObject chatted = browser.next("chatted");
      assertThat(chatted.getJsonArray("members").getList()).contains("alice", "bob");
      JsonObject resumed = browser.next("resumed");
      assertThat(resumed.getJsonArray("lines").getList()).anyMatch(l -> String.valueOf(l).contains("alice: while you were away"));
      JsonObject console = browser.next("console");
      assertThat(console.getString("row")).contains("demo").contains("2");
      // embedded: the cluster table has the one node
      assertThat(console.getJsonArray("nodes").getList()).singleElement().asString()
          .startsWith(console.getString("nodeId") + " (this node)");
      assertThat(console.getString("links")).as("the fixture runs a bridge without links")
          .isEqualTo("a bridge runs, with no links (bridge.links)");
      assertThat(browser.next("kicked").getJsonArray("members").getList()).containsExactly("alice");
      assertThat(browser.next("done")).isNotNull();
    }
    assertThat(shots.resolve("demo-chat.png")).isNotEmptyFile();
    assertThat(shots.resolve("console.png")).isNotEmptyFile();
  }
}
