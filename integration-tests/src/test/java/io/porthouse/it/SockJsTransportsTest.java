package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.NodeJsProcess;
import io.porthouse.testing.Ports;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same chat, in headless Chromium with the built JS client (dist/porthouse.js, driven by
 * clients/js/test/browser-transports.mjs), over each SockJS transport a current browser may use,
 * from a page of the server's own origin and from a page of another origin: the page connects
 * anonymously, authenticates, joins, sends to a WebSocket member and gets its answer; then the
 * network goes away, the connection drops, the WebSocket member goes on; back online, the page
 * reconnects and resumes, the missed message replayed before the join's answer, nothing lost.
 * ({@code htmlfile} alone is same-origin only: sockjs-client never uses it across origins.)
 */
class SockJsTransportsTest {

  private static EmbeddedFixture porthouse;
  private static NodeJsProcess browser;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject());
    browser = NodeJsProcess.start("browser-transports.mjs", Map.of(), "http://127.0.0.1:" + porthouse.port(),
        String.valueOf(Ports.freePort()));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    porthouse.close();
  }

  @ParameterizedTest(name = "{0}, {1} origin")
  @CsvSource({
      "websocket, same", "websocket, cross",
      "xhr-streaming, same", "xhr-streaming, cross",
      "eventsource, same", "eventsource, cross",
      "iframe-eventsource, same", "iframe-eventsource, cross",
      "htmlfile, same",
      "iframe-htmlfile, same", "iframe-htmlfile, cross",
      "xhr-polling, same", "xhr-polling, cross",
      "iframe-xhr-polling, same", "iframe-xhr-polling, cross",
      "jsonp-polling, same", "jsonp-polling, cross",
  })
  void aPageChatsWithAWebSocketMemberAndResumesAfterTheNetworkDrops(String transport, String origin) {
    String room = "chat-" + transport + "-" + origin;
    try (WsTestClient ws = porthouse.as("carol", "primary")) {
      ws.request(new JsonObject().put("op", "create").put("room", room), "c");
      ws.request(new JsonObject().put("op", "join").put("room", room), "j");

      browser.command(new JsonObject().put("cmd", "open").put("transport", transport).put("origin", origin)
          .put("token", porthouse.tokens().token("alice")).put("room", room));
      JsonObject joined = browser.next("joined");
      assertThat(joined.getString("client")).as("authenticated after an anonymous hello").isEqualTo("alice");
      JsonObject sent = browser.next("sent");
      assertThat(sent.getBoolean("anonymous")).isTrue();
      JsonObject atWs = ws.next("msg");
      assertThat(atWs.getLong("seq")).isEqualTo(sent.getLong("seq"));
      assertThat(atWs.getString("client")).isEqualTo("alice");
      assertThat(atWs.getJsonObject("data").getString("from")).isEqualTo(transport);

      long answer = send(ws, room, "hello from a WebSocket");
      assertThat(browser.next(msg("hello from a WebSocket")).getLong("seq")).isEqualTo(answer);

      browser.command(new JsonObject().put("cmd", "drop"));
      browser.next("dropped");
      long missed = send(ws, room, "while you were away");
      browser.command(new JsonObject().put("cmd", "online"));
      JsonObject resumed = browser.next("resumed");
      assertThat(resumed.getBoolean("recovered")).isTrue();
      assertThat(browser.next(msg("while you were away")).getLong("seq")).isEqualTo(missed);
      assertThat(resumed.getJsonArray("order").getList()).as("replayed before the join's answer")
          .containsSubsequence("msg " + missed, "resumed true");

      long live = send(ws, room, "and live again");
      assertThat(browser.next(msg("and live again")).getLong("seq")).isEqualTo(live);
      browser.command(new JsonObject().put("cmd", "close"));
      browser.next("closed");
    }
  }

  private static long send(WsTestClient ws, String room, String text) {
    JsonObject ack = ws.request(new JsonObject().put("op", "send").put("room", room)
        .put("data", new JsonObject().put("text", text)), "s");
    assertThat(ack.getString("op")).as(ack.encode()).isEqualTo("ack");
    return ack.getLong("seq");
  }

  private static Predicate<JsonObject> msg(String text) {
    return l -> "msg".equals(l.getString("event")) && l.getValue("data") instanceof JsonObject data
        && text.equals(data.getString("text"));
  }
}
