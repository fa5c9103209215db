package io.porthouse.it;

import io.porthouse.examples.sse.SseIngressVerticle;
import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example of docs/extending.md runs: a new ingress (Server-Sent Events) as its own verticle,
 * on {@code core} alone, deployed beside an embedded Porthouse; its socket and a WebSocket member
 * talk in one room both ways.
 */
class ExtensionIngressTest {

  @Test
  void anSseStreamAndAWebSocketMemberShareARoom() throws Exception {
    try (EmbeddedFixture porthouse = EmbeddedFixture.start(new JsonObject());
         WsTestClient ws = porthouse.as("owner", "primary")) {
      SseIngressVerticle sse = new SseIngressVerticle(0);
      WsTestClient.await(porthouse.porthouse().vertx().deployVerticle(sse));
      ws.request(new JsonObject().put("op", "create").put("room", "sse-room"), "c");
      ws.request(new JsonObject().put("op", "join").put("room", "sse-room"), "j");

      HttpClient http = HttpClient.newHttpClient();
      String token = porthouse.tokens().token("streamer");
      CompletableFuture<HttpResponse<Stream<String>>> opened = http.sendAsync(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + sse.port() + "/sse/sse-room?token=" + token)).build(), HttpResponse.BodyHandlers.ofLines());
      HttpResponse<Stream<String>> response = opened.get(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      Iterator<String> lines = response.body().iterator();
      JsonObject welcome = nextEvent(lines, "welcome");
      assertThat(welcome.getString("client")).isEqualTo("streamer");

      ws.send(new JsonObject().put("op", "send").put("room", "sse-room").put("data", "to the stream"));
      JsonObject msg = nextEvent(lines, "msg");
      assertThat(msg.getString("data")).isEqualTo("to the stream");

      HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sse.port()
              + "/sse/sse-room/" + welcome.getString("socket"))).POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"sse\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).isEqualTo(202);
      JsonObject atWs = ws.next("msg");
      assertThat(atWs.getString("from")).isEqualTo(welcome.getString("socket"));
      assertThat(atWs.getString("client")).isEqualTo("streamer");
      assertThat(atWs.getLong("seq")).isEqualTo(new JsonObject(posted.body()).getLong("seq"));
      response.body().close();
    }
  }

  /** Reads SSE lines up to the next event named {@code name}, within the test timeout; answers its data as JSON. */
  private static JsonObject nextEvent(Iterator<String> lines, String name) throws Exception {
    return CompletableFuture.supplyAsync(() -> readEvent(lines, name))
        .get(WsTestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static JsonObject readEvent(Iterator<String> lines, String name) {
    String event = null;
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ") && name.equals(event)) {
        return new JsonObject(line.substring(6));
      }
    }
    throw new AssertionError("stream ended before event " + name);
  }
}
