package io.porthouse.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

import java.util.concurrent.TimeUnit;

/**
 * An application backend that answers every hook at once, allowing it ({@code {"result":{}}}):
 * what the {@code hooks} scenario puts behind Porthouse, so the figures are Porthouse's cost of
 * asking, not the backend's of deciding. Runs in the bench JVM (the load generator's CPU).
 */
final class BenchBackend {

  private static final Buffer ALLOW = Buffer.buffer("{\"result\":{}}");
  private static Vertx vertx;
  private static HttpServer server;

  private BenchBackend() {
  }

  /** The backend's base URL, started on first use. */
  static synchronized String url() throws Exception {
    if (server == null) {
      vertx = Vertx.vertx();
      server = vertx.createHttpServer().requestHandler(req -> req.body().onComplete(body ->
              req.response().putHeader("content-type", "application/json").end(ALLOW)))
          .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    return "http://127.0.0.1:" + server.actualPort() + "/hooks";
  }

  /** Stops it, if it was started (its threads would keep the bench's JVM from exiting). */
  static synchronized void close() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      vertx = null;
      server = null;
    }
  }
}
