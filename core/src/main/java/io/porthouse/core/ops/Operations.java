package io.porthouse.core.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * What an operator sees of a JVM: its one Prometheus meter registry (Vert.x's own meters, the
 * JVM's, and Porthouse's, tagged by node where several Vert.x instances share a JVM, as in tests),
 * and per Vert.x instance the health and readiness procedures that {@code /health} and
 * {@code /ready} answer with (docs/deploy.md). Verticles register their meters here; the launcher
 * registers the procedures.
 */
public final class Operations {

  private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private static final Map<Vertx, HealthChecks> LIVE = new WeakHashMap<>();
  private static final Map<Vertx, HealthChecks> READY = new WeakHashMap<>();

  private Operations() {
  }

  /** The JVM's meter registry (what {@code /metrics} shows). */
  public static PrometheusMeterRegistry registry() {
    return REGISTRY;
  }

  public static MeterRegistry meters() {
    return REGISTRY;
  }

  /** Liveness procedures of {@code vertx}: the process serves. */
  public static synchronized HealthChecks live(Vertx vertx) {
    return LIVE.computeIfAbsent(vertx, HealthChecks::create);
  }

  /** Readiness procedures of {@code vertx}: every verticle deployed, the cluster joined, room partitions safe. */
  public static synchronized HealthChecks ready(Vertx vertx) {
    return READY.computeIfAbsent(vertx, HealthChecks::create);
  }
}
