package io.porthouse.hub;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.HistoryPage;
import io.porthouse.core.bus.HistoryRead;
import io.porthouse.core.envelope.Envelope;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Gap repair from the room's history: the messages of a room sent to node {@code node} after one seq up to another. */
public final class HistoryRepair implements LocalHub.Repair {

  private final EventBus bus;
  private final String node;

  public HistoryRepair(EventBus bus, String node) {
    this.bus = bus;
    this.node = node;
  }

  @Override
  public Future<List<Envelope>> fetch(String room, long after, long upTo) {
    return bus.<JsonObject>request(Addresses.ROOMS_HISTORY, HistoryRead.forNode(room, node, after, upTo).toJson())
        .map(reply -> HistoryPage.fromJson(reply.body()).envelopes());
  }
}
