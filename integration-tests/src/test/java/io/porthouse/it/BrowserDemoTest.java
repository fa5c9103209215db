package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.LauncherProcess;
import io.porthouse.testing.NodeJsProcess;
import io.porthouse.testing.Posts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

  @Test
  void aFirstVisitorLandsInTheLobbyAndChatsFromADesktopAndAPhone() throws Exception {
    porthouse.close();
    porthouse = EmbeddedFixture.start(new JsonObject().put("rooms", new JsonObject().put("lobby", "lobby")));
    Path shots = Path.of("target", "screenshots");
    Files.createDirectories(shots);
    try (NodeJsProcess browser = NodeJsProcess.start("browser-lobby.mjs", Map.of(), "http://127.0.0.1:" + porthouse.port(),
        shots.toAbsolutePath().toString())) {
      JsonObject landed = browser.next("landed");
      assertThat(landed.getString("header")).contains("real-time messaging server");
      assertThat(landed.getString("status")).isEqualTo("connected as a guest");
      JsonObject chatted = browser.next("chatted");
      assertThat(chatted.getDouble("chatWidth")).as("the chat column on a 390 px screen").isGreaterThan(340);
      assertThat(chatted.getDouble("inputWidth")).isGreaterThan(200);
      assertThat(chatted.getJsonArray("members").getList()).containsExactly("guest", "guest");
      JsonObject reloaded = browser.next("reloaded");
      assertThat(reloaded.getJsonArray("lines").getList()).as("the recent conversation, from history")
          .contains("ana (guest): hello, is anyone here?", "ben (guest): hi ana, from my phone", "in room lobby")
          .noneMatch(l -> String.valueOf(l).contains("missed"));
      assertThat(reloaded.getJsonArray("problems").getList()).as("console errors of the pages").isEmpty();
      assertThat(browser.next("done")).isNotNull();
    }
    assertThat(shots.resolve("demo-desktop.png")).isNotEmptyFile();
    assertThat(shots.resolve("demo-phone.png")).isNotEmptyFile();
  }

  @Test
  void theConsoleSignsInWithABuiltInAccountAndStaysQuietWithoutABridge(@TempDir Path data) throws Exception {
    assertThat(LauncherProcess.runWithInput(Map.of("PORTHOUSE_DATA_DIR", data.toString(),
            "PORTHOUSE_ROOMS_PASSWORD_ITERATIONS", "100000"), "correct horse battery\n", "user", "add", "admin", "--roles", "owner"))
        .contains("account 'admin' added");
    porthouse.close();
    porthouse = EmbeddedFixture.start(new JsonObject().put("dataDir", data.toString())
        .put("rooms", new JsonObject().put("lobby", "lobby").put("passwordIterations", 100_000)),
        List.of("auth", "rooms", "router", "ingress"));
    Path shots = Path.of("target", "screenshots");
    Files.createDirectories(shots);
    try (NodeJsProcess browser = NodeJsProcess.start("browser-console.mjs", Map.of(), "http://127.0.0.1:" + porthouse.port(),
        "admin", "correct horse battery", shots.toAbsolutePath().toString())) {
      JsonObject out = browser.next("signed-out");
      assertThat(out.getString("who")).startsWith("Signed out: sign in");
      assertThat(out.getString("error")).isEmpty();
      assertThat(out.getJsonArray("admin").getList()).as("nothing asked that would be refused").isEmpty();
      assertThat(out.getJsonArray("problems").getList()).as("console errors (favicon included)").isEmpty();
      assertThat(browser.next("refused").getString("error")).isEqualTo("wrong user or password");
      JsonObject in = browser.next(l -> "signed-in".equals(l.getString("event")), Duration.ofSeconds(30));
      assertThat(in.getString("who")).isEqualTo("Signed in as admin (owner).");
      assertThat(in.getString("error")).isEmpty();
      assertThat(in.getString("links")).isEqualTo("no bridge in this cluster");
      assertThat(in.getJsonArray("problems").getList()).as("console errors while polling without a bridge").isEmpty();
      assertThat(browser.next("done")).isNotNull();
    }
  }
}
