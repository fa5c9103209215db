package io.porthouse.ingress;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.Endpoint;
import io.porthouse.core.bus.EndpointsRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * This node's copy of the public endpoints (stored by the rooms verticle): asked for at start,
 * retried every 2 s until a rooms verticle answers, and replaced whenever a change is published,
 * so a new endpoint takes effect on every ingress without restart. Read on the ingress event loop.
 */
public final class Endpoints {

  private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);
  private static final long RETRY_MILLIS = 2000;

  private volatile Map<String, Endpoint> byName = Map.of();
  private volatile Map<String, Endpoint> byHost = Map.of();
  private MessageConsumer<JsonObject> changes;
  private long retry = -1;
  private Vertx vertx;

  public Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    changes = vertx.eventBus().consumer(Addresses.ENDPOINTS_CHANGED, msg -> take(msg.body()));
    return changes.completion().onSuccess(v -> load());
  }

  private void load() {
    vertx.eventBus().<JsonObject>request(Addresses.ENDPOINTS, new EndpointsRequest.ListAll().toJson())
        .onSuccess(reply -> take(reply.body()))
        .onFailure(e -> retry = vertx.setTimer(RETRY_MILLIS, t -> load()));
  }

  private void take(JsonObject list) {
    Map<String, Endpoint> names = new HashMap<>();
    Map<String, Endpoint> hosts = new HashMap<>();
    for (Endpoint e : Endpoint.listFromJson(list)) {
      names.put(e.name(), e);
      if (e.host() != null) {
        hosts.put(e.host(), e);
      }
    }
    byName = Map.copyOf(names);
    byHost = Map.copyOf(hosts);
    LOG.debug("endpoints: {} in force", names.size());
  }

  /** The endpoint of a request's {@code Host} header (port and case ignored), or {@code null}. */
  public Endpoint ofHost(String hostHeader) {
    if (hostHeader == null || byHost.isEmpty()) {
      return null;
    }
    String host = hostHeader.toLowerCase(Locale.ROOT);
    int colon = host.startsWith("[") ? -1 : host.lastIndexOf(':');
    return byHost.get(colon < 0 ? host : host.substring(0, colon));
  }

  public Endpoint named(String name) {
    return byName.get(name);
  }

  public Future<Void> stop() {
    if (retry >= 0) {
      vertx.cancelTimer(retry);
    }
    return changes == null ? Future.succeededFuture() : changes.unregister();
  }
}
