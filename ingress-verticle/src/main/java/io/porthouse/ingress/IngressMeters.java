package io.porthouse.ingress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.porthouse.core.ops.Operations;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.hub.LocalHub;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This ingress node's meters (docs/deploy.md, Metrics), tagged with the node only: sockets by
 * transport, messages in and frames out, gaps, errors by code, closes by code, and the latency
 * from an ingress receiving a message to this node releasing it to its members. No room or socket
 * labels. Counted where the ingress already counts; removed when the node stops.
 */
public final class IngressMeters {

  /** The transports a socket can be on, as the {@code transport} label says them. */
  static final List<String> TRANSPORTS = List.of("websocket", "tcp", "sockjs", "sse", "raw", "mqtt");

  private final MeterRegistry registry = Operations.meters();
  private final String node;
  private final List<Meter> meters = new ArrayList<>();
  private final Map<ErrorCode, Counter> errors = new ConcurrentHashMap<>();
  private final Map<Short, Counter> closes = new ConcurrentHashMap<>();
  private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
  private final Timer latency;

  IngressMeters(String node, LocalHub hub) {
    this.node = node;
    meters.add(Gauge.builder("porthouse.sockets", hub, LocalHub::socketCount).tag("node", node)
        .description("open sockets of this ingress node").register(registry));
    for (String t : TRANSPORTS) {
      meters.add(Gauge.builder("porthouse.connections", hub, h -> count(h, t)).tag("node", node).tag("transport", t)
          .description("open connections by transport").register(registry));
    }
    meters.add(FunctionCounter.builder("porthouse.envelopes.in", hub, LocalHub::envelopesIn).tag("node", node)
        .description("room messages that reached this node (once per node)").register(registry));
    meters.add(FunctionCounter.builder("porthouse.frames.out", hub, LocalHub::framesOut).tag("node", node)
        .description("frames this node wrote to member sockets").register(registry));
    meters.add(FunctionCounter.builder("porthouse.gaps.repaired", hub, LocalHub::gapsRepaired).tag("node", node)
        .register(registry));
    meters.add(FunctionCounter.builder("porthouse.gaps.skipped", hub, LocalHub::gapsSkipped).tag("node", node)
        .register(registry));
    latency = Timer.builder("porthouse.message.latency").tag("node", node).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .description("from an ingress receiving a message to this node releasing it to its members").register(registry);
    meters.add(latency);
    hub.onRelease(ms -> latency.record(Math.max(0, ms), TimeUnit.MILLISECONDS));
  }

  private static double count(LocalHub hub, String transport) {
    int n = 0;
    for (LocalHub.Member m : hub.sockets()) {
      if (m instanceof NodeSocket s && transport.equals(s.transportName())) {
        n++;
      }
    }
    return n;
  }

  /** An error frame (or status) sent to a client. */
  public void error(ErrorCode code) {
    errors.computeIfAbsent(code, c -> register(Counter.builder("porthouse.errors").tag("node", node)
        .tag("code", c.name().toLowerCase(Locale.ROOT)).description("errors told to clients, by code")
        .register(registry))).increment();
  }

  /** A connection or socket refused because its address or client held its limit ({@code by}: address, client). */
  public void refusedConnection(String by) {
    refusals.computeIfAbsent(by, b -> register(Counter.builder("porthouse.connections.refused").tag("node", node)
        .tag("by", b).description("connections refused: their address or client held its limit").register(registry))).increment();
  }

  /** A connection the server closed, by close code (1008 policy, 1013 slow consumer, 1001 going away, …). */
  public void closed(short code) {
    closes.computeIfAbsent(code, c -> register(Counter.builder("porthouse.closes").tag("node", node)
        .tag("code", Short.toString(c)).description("connections the server closed, by close code")
        .register(registry))).increment();
  }

  private <M extends Meter> M register(M meter) {
    synchronized (meters) {
      meters.add(meter);
    }
    return meter;
  }

  /** The node stops: its meters leave the registry. */
  void remove() {
    synchronized (meters) {
      meters.forEach(registry::remove);
      meters.clear();
    }
  }
}
