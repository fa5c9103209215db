package io.porthouse.testing;

import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.launcher.Porthouse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An embedded Porthouse on a free port with a fresh signing secret and data directory, plus a
 * separate client Vert.x for real WebSocket clients.
 */
public final class EmbeddedFixture implements AutoCloseable {

  private final Porthouse porthouse;
  private final Vertx clients = Vertx.vertx();
  private final Tokens tokens;

  private EmbeddedFixture(Porthouse porthouse, PorthouseConfig config) {
    this.porthouse = porthouse;
    this.tokens = new Tokens(clients, config);
  }

  /** All verticles, with {@code overrides} merged onto the test defaults. */
  public static EmbeddedFixture start(JsonObject overrides) {
    return start(overrides, Porthouse.ALL);
  }

  public static EmbeddedFixture start(JsonObject overrides, List<String> verticles) {
    PorthouseConfig config = config(overrides);
    return new EmbeddedFixture(WsTestClient.await(Porthouse.embedded(config, verticles)), config);
  }

  /** Test defaults: free port, random secret, a temporary data directory; then {@code overrides}. */
  public static PorthouseConfig config(JsonObject overrides) {
    try {
      Path data = Files.createTempDirectory("porthouse-test");
      data.toFile().deleteOnExit(); // stays empty: the secret is given, so nothing is written there
      JsonObject base = new JsonObject()
          .put("dataDir", data.toString())
          .put("http", new JsonObject().put("port", 0))
          .put("auth", new JsonObject().put("jwtSecret", Tokens.randomSecret()));
      return PorthouseConfig.of(base.mergeIn(overrides, true));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public int port() {
    return porthouse.httpPort();
  }

  /** The TCP ingress's port (configure {@code tcp.port}, e.g. with {@link Ports#freePort()}). */
  public int tcpPort() {
    return porthouse.tcpPort();
  }

  /** The MQTT ingress's port (configure {@code mqtt.port}). */
  public int mqttPort() {
    return porthouse.mqttPort();
  }

  /** The UDP ingress's port (configure {@code udp.port}). */
  public int udpPort() {
    return porthouse.udpPort();
  }

  /** {@code GET path} on the HTTP port; answers the body as JSON (for {@code /health}). */
  public JsonObject getJson(String path) {
    try {
      var http = HttpClient.newHttpClient();
      var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new JsonObject(r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Porthouse porthouse() {
    return porthouse;
  }

  public Vertx clientVertx() {
    return clients;
  }

  public Tokens tokens() {
    return tokens;
  }

  public WsTestClient anonymous() {
    return WsTestClient.connect(clients, port());
  }

  /** A socket authenticated at upgrade as {@code sub} with {@code roles}. */
  public WsTestClient as(String sub, String... roles) {
    return WsTestClient.connectWithToken(clients, port(), tokens.token(sub, roles));
  }

  @Override
  public void close() {
    WsTestClient.await(porthouse.close());
    WsTestClient.await(clients.close());
  }
}
