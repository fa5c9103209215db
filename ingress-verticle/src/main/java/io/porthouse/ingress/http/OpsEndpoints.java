package io.porthouse.ingress.http;

import io.porthouse.core.ops.Operations;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * What an operator's tools read, on an ingress's HTTP port or the launcher's metrics port:
 * {@code /metrics} (Prometheus text, the JVM's registry), {@code /health} (live) and
 * {@code /ready} (every verticle deployed, the cluster joined, room partitions safe), in the JSON
 * that vertx-health-checks gives ({@code 200} up, {@code 503} down).
 */
public final class OpsEndpoints {

  private OpsEndpoints() {
  }

  public static void mount(Router router, Vertx vertx) {
    router.get("/metrics").handler(PrometheusScrapingHandler.create(Operations.registry()));
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(Operations.live(vertx)));
    router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(Operations.ready(vertx)));
  }
}
