package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code http.origins} as a browser meets it: a listed origin gets the CORS answers every SockJS
 * transport needs (preflight, credentials, on the polling and streaming responses too), the
 * server's own origin and requests without an origin always pass, any other origin is refused
 * (403) before a session is made, WebSocket upgrades included; and a polling send's body is
 * bounded.
 */
class SockJsOriginsTest {

  private static final String APP = "http://app.example:3000";
  private static EmbeddedFixture porthouse;
  private static Vertx client;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject().put("http", new JsonObject().put("origins", new JsonArray().add(APP))));
    client = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    client.close();
    porthouse.close();
  }

  private HttpResponse<String> http(String method, String path, String origin, String body) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + porthouse.port() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) {
      req.header("Origin", origin);
    }
    if ("OPTIONS".equals(method)) {
      req.header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type");
    }
    if (body != null) {
      req.header("Content-Type", "text/plain");
    }
    // a client of its own each time: SockJS closes the connection after each poll without saying so
    try {
      return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void aListedOriginGetsCorsOnEveryStepOfAPollingSession() {
    HttpResponse<String> info = http("GET", "/eventbus/info", APP, null);
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.headers().firstValue("access-control-allow-origin")).hasValue(APP);
    assertThat(info.headers().firstValue("access-control-allow-credentials")).hasValue("true");

    HttpResponse<String> preflight = http("OPTIONS", "/eventbus/000/a1/xhr_send", APP, null);
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(APP);
    assertThat(preflight.headers().firstValue("access-control-allow-methods").orElse("")).contains("POST");

    HttpResponse<String> open = http("POST", "/eventbus/000/a1/xhr", APP, null);
    assertThat(open.body()).isEqualTo("o\n");
    assertThat(open.headers().firstValue("access-control-allow-origin")).hasValue(APP);
    HttpResponse<String> sent = http("POST", "/eventbus/000/a1/xhr_send", APP,
        "[\"{\\\"type\\\":\\\"send\\\",\\\"address\\\":\\\"porthouse.in\\\",\\\"body\\\":{\\\"op\\\":\\\"ping\\\"},\\\"replyAddress\\\":\\\"r1\\\"}\"]");
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
    assertThat(sent.headers().firstValue("access-control-allow-origin")).hasValue(APP);
    HttpResponse<String> answer = http("POST", "/eventbus/000/a1/xhr", APP, null);
    assertThat(answer.body()).contains("pong").contains("r1");
  }

  @Test
  void theServersOwnOriginAndRequestsWithoutOneAlwaysPass() {
    assertThat(http("GET", "/eventbus/info", null, null).statusCode()).isEqualTo(200);
    assertThat(http("GET", "/eventbus/info", "http://127.0.0.1:" + porthouse.port(), null).statusCode()).isEqualTo(200);
  }

  @Test
  void anOriginNotListedIsRefusedBeforeASessionIsMade() {
    assertThat(http("GET", "/eventbus/info", "http://evil.example", null).statusCode()).isEqualTo(403);
    assertThat(http("POST", "/eventbus/000/e1/xhr", "http://evil.example", null).statusCode()).isEqualTo(403);
    assertThat(http("POST", "/eventbus/000/e1/xhr", null, null).body())
        .as("the refused request made no session: the same id opens a new one").isEqualTo("o\n");
    assertThat(http("OPTIONS", "/eventbus/000/e2/xhr_send", "http://evil.example", null).statusCode()).isEqualTo(403);
    MultiMap evil = MultiMap.caseInsensitiveMultiMap().add("Origin", "http://evil.example");
    assertThat(WsTestClient.upgradeStatus(client, porthouse.port(), "/eventbus/websocket", evil)).isEqualTo(403);
    MultiMap app = MultiMap.caseInsensitiveMultiMap().add("Origin", APP);
    assertThat(WsTestClient.upgradeStatus(client, porthouse.port(), "/eventbus/websocket", app)).isEqualTo(101);
  }

  @Test
  void theBuiltClientMayBeImportedByAPageOfAnyOrigin() {
    HttpResponse<String> js = http("GET", "/js/porthouse.js", "http://evil.example", null);
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("content-type").orElse("")).startsWith("text/javascript");
    assertThat(js.headers().firstValue("access-control-allow-origin")).hasValue("*");
    assertThat(js.body()).contains("porthouse-client").contains("export{");
    assertThat(http("GET", "/eventbus/iframe.html", null, null).body()).contains("src=\"/js/sockjs.min.js\"");
    assertThat(http("GET", "/js/sockjs.min.js", null, null).body()).contains("SockJS");
  }

  @Test
  void aPollingSendsBodyIsBounded() {
    assertThat(http("POST", "/eventbus/000/b1/xhr", null, null).body()).isEqualTo("o\n");
    String huge = "[\"" + "x".repeat(4 * 65536 + 64 * 1024 + 1) + "\"]";
    assertThat(http("POST", "/eventbus/000/b1/xhr_send", null, huge).statusCode()).isEqualTo(413);
  }
}
