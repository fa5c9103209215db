package io.porthouse.hooks;

import io.porthouse.core.bus.HookCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.porthouse.core.ops.Operations;
import io.vertx.circuitbreaker.CircuitBreaker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one hook's calls did, for {@code /metrics}: {@code porthouse.hook.latency} (a histogram of
 * calls that reached the backend), {@code porthouse.hook.calls} by {@code outcome} ({@code ok},
 * {@code refused} by the backend, with the refusal's {@code code}, or why it failed: {@code timeout},
 * {@code unreachable}, {@code bad_answer}, {@code overloaded}, {@code open}; {@code code} is the
 * code the caller was told), and {@code porthouse.hook.breaker}, the
 * circuit breaker's state (0 closed, 1 half open, 2 open).
 */
final class HookMeters {

  /** The breaker state of each hook in this JVM (one gauge per hook, whichever breaker set it last). */
  private static final Map<HookCall.Hook, AtomicInteger> BREAKERS = new ConcurrentHashMap<>();

  private final HookCall.Hook hook;
  private final MeterRegistry registry = Operations.meters();
  private final Timer latency;
  private final ConcurrentHashMap<String, Counter> outcomes = new ConcurrentHashMap<>();

  HookMeters(HookCall.Hook hook, CircuitBreaker breaker) {
    this.hook = hook;
    latency = Timer.builder("porthouse.hook.latency").tag("hook", hook.wireName())
        .description("a backend hook call, from sending to its answer").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    AtomicInteger state = BREAKERS.computeIfAbsent(hook, h -> {
      AtomicInteger s = new AtomicInteger();
      Gauge.builder("porthouse.hook.breaker", s, AtomicInteger::get).tag("hook", h.wireName())
          .description("the hook's circuit breaker: 0 closed, 1 half open, 2 open").register(registry);
      return s;
    });
    state.set(0);
    breaker.closeHandler(v -> state.set(0)).halfOpenHandler(v -> state.set(1)).openHandler(v -> state.set(2));
  }

  void answered(long startNanos) {
    latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  /** A call ended: {@code outcome}, and the code its caller was told ({@code ok} for none). */
  void outcome(String outcome, String code) {
    outcomes.computeIfAbsent(outcome + "/" + code, o -> Counter.builder("porthouse.hook.calls").tag("hook", hook.wireName())
        .tag("outcome", outcome).tag("code", code).description("backend hook calls by outcome and the code told")
        .register(registry)).increment();
  }
}
