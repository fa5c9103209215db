package io.porthouse.ingress;

import io.porthouse.ingress.hub.LocalHub;
import io.vertx.core.eventbus.EventBus;

/**
 * What every session and op of one ingress node shares: the node id, the event bus, the local
 * hub, and the counters that make socket and envelope ids unique in the cluster.
 */
public final class NodeContext {

  private final String nodeId;
  private final EventBus bus;
  private final LocalHub hub;
  private final IngressSettings settings;
  private long nextSocket;
  private long nextEnvelope;

  public NodeContext(String nodeId, EventBus bus, LocalHub hub, IngressSettings settings) {
    this.nodeId = nodeId;
    this.bus = bus;
    this.hub = hub;
    this.settings = settings;
  }

  public String nodeId() {
    return nodeId;
  }

  public EventBus bus() {
    return bus;
  }

  public LocalHub hub() {
    return hub;
  }

  public IngressSettings settings() {
    return settings;
  }

  /** A new socket id: {@code <node>.<n>}. */
  public String newSocketId() {
    return nodeId + "." + (++nextSocket);
  }

  /** A new envelope id: {@code <node>-<n>}. */
  public String newEnvelopeId() {
    return nodeId + "-" + (++nextEnvelope);
  }
}
