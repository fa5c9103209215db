package io.porthouse.hooks;

import io.porthouse.core.bus.HookCall;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** One hook's calls against a real local HTTP server: timeout, bound, breaker, retries only where safe. */
class HookClientTest {

  private final Vertx vertx = Vertx.vertx();
  private final List<String> requestIds = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int serve(Consumer<HttpServerRequest> answer) throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> {
      requestIds.add(req.getHeader(RequestSigner.REQUEST_ID));
      req.body().onSuccess(b -> answer.accept(req));
    });
    return await(server.listen(0, "127.0.0.1")).actualPort();
  }

  private final Context loop = vertx.getOrCreateContext();

  private HookClient client(HookCall.Hook hook, int port, long timeoutMillis, int maxInFlight, int failures) {
    JsonObject settings = new JsonObject().put("url", "http://127.0.0.1:" + port + "/h/").put("timeoutMillis", timeoutMillis)
        .put("maxInFlight", maxInFlight).put("maxAnswerBytes", 1024).put("breakerFailures", failures)
        .put("breakerResetMillis", 60_000);
    return new HookClient(vertx, WebClient.create(vertx), hook, settings, new RequestSigner("0123456789abcdef"));
  }

  /** A call made on one event loop, as the hooks verticle makes them. */
  private Future<JsonObject> call(HookClient client) {
    Promise<JsonObject> answer = Promise.promise();
    loop.runOnContext(v -> client.call(new JsonObject()).onComplete(answer));
    return answer.future();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static PorthouseException failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (ExecutionException e) {
      return (PorthouseException) e.getCause();
    }
    throw new AssertionError("did not fail");
  }

  @Test
  void aSlowBackendIsUnavailableAfterTheTimeoutAndAnAskingHookIsTriedOnceMoreWithTheSameId() throws Exception {
    int port = serve(req -> { }); // never answers
    HookClient join = client(HookCall.Hook.JOIN, port, 200, 10, 100);
    PorthouseException e = failure(call(join));
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).contains("did not answer within 200 ms").contains("hook 'join'");
    assertThat(requestIds).hasSize(2).as("a retry is the same request").containsOnly(requestIds.get(0));
  }

  @Test
  void aHookThatMayActIsNeverSentTwice() throws Exception {
    int port = serve(req -> req.response().setStatusCode(500).end());
    HookClient publish = client(HookCall.Hook.PUBLISH, port, 1000, 10, 100);
    assertThat(failure(call(publish)).getMessage()).contains("wrong answer (backend answered HTTP 500)");
    assertThat(requestIds).hasSize(1);
  }

  @Test
  void callsBeyondTheBoundAreRefusedAtOnceAndTheOthersStillAnswered() throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    int port = serve(held::add);
    HookClient rpc = client(HookCall.Hook.RPC, port, 5000, 2, 100);
    Future<JsonObject> a = call(rpc);
    Future<JsonObject> b = call(rpc);
    PorthouseException third = failure(call(rpc));
    assertThat(third.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(third.getMessage()).contains("2 'rpc' calls waiting");
    Promise<Void> both = Promise.promise();
    vertx.setPeriodic(10, id -> {
      if (held.size() == 2) {
        vertx.cancelTimer(id);
        both.complete();
      }
    });
    await(both.future());
    held.forEach(r -> r.response().end("{\"result\":{\"data\":1}}"));
    assertThat(await(a).getInteger("data")).isEqualTo(1);
    assertThat(await(b).getInteger("data")).isEqualTo(1);
  }

  @Test
  void theBreakerOpensAfterFailuresInARowAndRefusalsAreNotFailures() throws Exception {
    boolean[] down = {false};
    int port = serve(req -> {
      if (down[0]) {
        req.response().setStatusCode(503).end();
      } else {
        req.response().end("{\"error\":{\"code\":\"forbidden\",\"message\":\"no\"}}");
      }
    });
    HookClient publish = client(HookCall.Hook.PUBLISH, port, 1000, 10, 3);
    for (int i = 0; i < 5; i++) {
      assertThat(failure(call(publish)).code()).as("a refusal, passed on").isEqualTo(ErrorCode.FORBIDDEN);
    }
    down[0] = true;
    for (int i = 0; i < 3; i++) {
      assertThat(failure(call(publish)).getMessage()).contains("HTTP 503");
    }
    int sent = requestIds.size();
    PorthouseException open = failure(call(publish));
    assertThat(open.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(open.getMessage()).contains("is failing");
    assertThat(requestIds).as("an open breaker sends nothing").hasSize(sent);
  }
}
