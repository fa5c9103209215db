package io.porthouse.launcher;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * While a JVM waits to start, its ingress's HTTP port answers every request {@code 503} with the
 * reason, in the shape {@code /ready} answers with: a probe (a load balancer, Kubernetes) sees a
 * JVM that is not ready, not a port that refuses connections, and a client is told to come back.
 * A Vert.x of one event loop of its own, closed before the ingress takes the port. Blocking
 * methods: called from the thread that waits, never an event loop.
 */
final class NotReadyAnswer implements AutoCloseable {

  private final Vertx vertx;

  private NotReadyAnswer(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Answers on {@code http.host}:{@code http.port} that this JVM is {@code waitingFor} something. */
  static NotReadyAnswer listen(JsonObject http, String waitingFor) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    String body = new JsonObject().put("status", "DOWN").put("outcome", "DOWN")
        .put("checks", new JsonArray().add(new JsonObject().put("id", "cluster").put("status", "DOWN")
            .put("data", new JsonObject().put("waitingFor", waitingFor))))
        .encode();
    try {
      vertx.createHttpServer()
          .requestHandler(request -> request.response().setStatusCode(503)
              .putHeader("content-type", "application/json").putHeader("retry-after", "5")
              .putHeader("connection", "close").end(body))
          .listen(http.getInteger("port"), http.getString("host"))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
    return new NotReadyAnswer(vertx);
  }

  /** Frees the port (waits until it is free, for the ingress to take it). */
  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
