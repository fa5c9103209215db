package io.porthouse.bridge;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.porthouse.core.ops.Operations;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** A link's counts as meters, labelled by link only (docs/bridge.md, Status; docs/deploy.md, Metrics). */
final class LinkMeters {

  private LinkMeters() {
  }

  static List<Meter> register(Link link) {
    MeterRegistry registry = Operations.meters();
    List<Meter> out = new ArrayList<>();
    String name = link.name();
    counter(out, registry, "porthouse.bridge.sent", link, l -> l.counts().sent);
    counter(out, registry, "porthouse.bridge.received", link, l -> l.counts().received);
    counter(out, registry, "porthouse.bridge.duplicates.dropped", link, l -> l.counts().duplicates);
    counter(out, registry, "porthouse.bridge.loops.dropped", link, l -> l.counts().loops);
    counter(out, registry, "porthouse.bridge.refused", link, l -> l.counts().refused);
    counter(out, registry, "porthouse.bridge.resets.sent", link, l -> l.counts().resetsSent);
    counter(out, registry, "porthouse.bridge.reconnects", link, l -> l.counts().reconnects);
    counter(out, registry, "porthouse.bridge.auth.failures", link, l -> l.counts().authFailures);
    out.add(Gauge.builder("porthouse.bridge.open", link, l -> l.open() ? 1 : 0).tag("link", name).register(registry));
    out.add(Gauge.builder("porthouse.bridge.buffered", link, Link::buffered).tag("link", name).register(registry));
    out.add(Gauge.builder("porthouse.bridge.lag.millis", link, l -> l.counts().lagMillis).tag("link", name)
        .register(registry));
    return out;
  }

  private static void counter(List<Meter> out, MeterRegistry registry, String meter, Link link, ToDoubleFunction<Link> f) {
    out.add(FunctionCounter.builder(meter, link, f).tag("link", link.name()).register(registry));
  }

  static void remove(List<Meter> meters) {
    if (meters != null) {
      meters.forEach(Operations.meters()::remove);
    }
  }
}
