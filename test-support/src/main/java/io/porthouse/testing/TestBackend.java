package io.porthouse.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An application's backend for tests: a real HTTP server (its own Vert.x) answering Porthouse's
 * hooks at {@code /hooks/<hook>} as each test tells it (allow, refuse, rewrite, answer late,
 * answer HTTP 500, or die with {@link #close}). Every call is kept with whether its signature
 * was right, checked here independently of Porthouse's signer: HMAC-SHA256 of
 * {@code timestamp.requestId.body} with the shared secret.
 */
public final class TestBackend implements AutoCloseable {

  /** One call as the backend received it. */
  public record Call(String hook, JsonObject body, MultiMap headers, boolean signedRight) {
  }

  /** Allows with an empty result. */
  public static final Function<JsonObject, Future<JsonObject>> ALLOW =
      body -> Future.succeededFuture(new JsonObject().put("result", new JsonObject()));

  private final Vertx vertx;
  private final String secret;
  private final HttpServer server;
  private final Map<String, Function<JsonObject, Future<JsonObject>>> answers = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Call> arrivals = new LinkedBlockingQueue<>();

  private TestBackend(Vertx vertx, String secret, HttpServer server) {
    this.vertx = vertx;
    this.secret = secret;
    this.server = server;
  }

  /** Starts a backend on {@code port} (0: a free one) that checks signatures with {@code secret}. */
  public static TestBackend start(String secret, int port) {
    Vertx vertx = Vertx.vertx();
    TestBackend[] self = new TestBackend[1];
    HttpServer server = vertx.createHttpServer().requestHandler(req -> self[0].handle(req));
    self[0] = new TestBackend(vertx, secret, server);
    WsTestClient.await(server.listen(port, "127.0.0.1"));
    return self[0];
  }

  /** The base URL to configure as {@code hooks.url}. */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hooks";
  }

  public int port() {
    return server.actualPort();
  }

  /** How {@code hook} is answered from now on: a function of the call's body to the whole answer ({@code {"result"}} or {@code {"error"}}). */
  public TestBackend on(String hook, Function<JsonObject, Future<JsonObject>> answer) {
    answers.put(hook, answer);
    return this;
  }

  /** An answer {@code {"result": result}}. */
  public static Future<JsonObject> result(JsonObject result) {
    return Future.succeededFuture(new JsonObject().put("result", result));
  }

  /** An answer {@code {"error": {code, message}}}. */
  public static Future<JsonObject> refuse(String code, String message) {
    return Future.succeededFuture(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)));
  }

  /** {@code answer}, given after {@code millis}. */
  public Future<JsonObject> later(long millis, Future<JsonObject> answer) {
    return vertx.timer(millis).compose(v -> answer);
  }

  /** Every call of {@code hook} so far. */
  public List<Call> calls(String hook) {
    return calls.stream().filter(c -> c.hook().equals(hook)).toList();
  }

  /** Every call so far. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Waits for the next call of {@code hook} whose body matches (calls already taken by an earlier wait are skipped). */
  public Call next(String hook, Predicate<JsonObject> match) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try {
      while (true) {
        Call c = arrivals.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (c == null) {
          throw new AssertionError("no '" + hook + "' call within 10 s; calls: " + calls);
        }
        if (c.hook().equals(hook) && match.test(c.body())) {
          return c;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void handle(HttpServerRequest req) {
    String prefix = "/hooks/";
    if (!req.path().startsWith(prefix) || !"POST".equals(req.method().name())) {
      req.response().setStatusCode(404).end();
      return;
    }
    String hook = req.path().substring(prefix.length());
    req.body().onSuccess(body -> {
      Call call = new Call(hook, new JsonObject(body), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
          signedRight(req.headers(), body));
      calls.add(call);
      arrivals.add(call);
      Future<JsonObject> answer;
      try {
        answer = answers.getOrDefault(hook, ALLOW).apply(call.body());
      } catch (RuntimeException e) {
        answer = Future.failedFuture(e);
      }
      answer.onComplete(ar -> {
        if (ar.failed()) {
          req.response().setStatusCode(500).end("backend failed: " + ar.cause().getMessage());
        } else {
          req.response().putHeader("content-type", "application/json").end(ar.result().encode());
        }
      });
    });
  }

  private boolean signedRight(MultiMap headers, Buffer body) {
    String timestamp = headers.get("X-Porthouse-Timestamp");
    String requestId = headers.get("X-Porthouse-Request-Id");
    String signature = headers.get("X-Porthouse-Signature");
    if (timestamp == null || requestId == null || signature == null) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + "." + requestId + ".").getBytes(StandardCharsets.UTF_8));
      String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
      long age = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp));
      return expected.equals(signature) && age < 60;
    } catch (Exception e) {
      return false;
    }
  }

  /** The backend dies: its port stops listening. */
  @Override
  public void close() {
    WsTestClient.await(vertx.close());
  }
}
