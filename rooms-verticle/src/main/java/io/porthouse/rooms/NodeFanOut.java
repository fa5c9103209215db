package io.porthouse.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.envelope.Envelope;
import io.vertx.core.eventbus.EventBus;

import java.util.Collection;

/**
 * Sends a sequenced envelope once to each ingress node that has members of its room: a message
 * crosses the cluster once per node, never once per socket. Each node's hub writes it to its
 * local members. Messages to one node leave in seq order, and the event bus keeps that order.
 */
final class NodeFanOut {

  private final EventBus bus;

  NodeFanOut(EventBus bus) {
    this.bus = bus;
  }

  void deliver(Envelope sequenced, Collection<String> nodes) {
    for (String node : nodes) {
      bus.send(Addresses.ingressDeliver(node), sequenced);
    }
  }
}
