package io.porthouse.bridge;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.HistoryPage;
import io.porthouse.core.bus.HistoryRead;
import io.porthouse.core.bus.MemberNodes;
import io.porthouse.core.bus.MembersRead;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.bus.RoomSummary;
import io.porthouse.core.bus.RoomsList;
import io.porthouse.core.bus.RoomsPage;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.envelope.Notice;
import io.porthouse.core.protocol.ServerFrames;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the links ask of this cluster's rooms, over the event bus, as the bridge's listener socket
 * ({@code member}) asks it: a room's history (a link catching a peer up), the nodes to tell of a
 * reset, every room (pattern links).
 */
final class RoomQueries {

  private final EventBus bus;
  private final String node;
  private final String client;
  private final String member;
  private final AtomicLong ids = new AtomicLong();

  RoomQueries(EventBus bus, String node, String client, String member) {
    this.bus = bus;
    this.node = node;
    this.client = client;
    this.member = member;
  }

  /**
   * The room's messages after {@code since} up to {@code upTo}, read as the listener (a member):
   * {@code complete} false if history no longer holds all of them, or the room has another epoch.
   */
  Future<History> history(String room, String epoch, long since, long upTo) {
    return bus.<JsonObject>request(Addresses.ROOMS_HISTORY, HistoryRead.between(room, member, since, upTo).toJson())
        .map(reply -> {
          HistoryPage page = HistoryPage.fromJson(reply.body());
          return new History(page.envelopes(), epoch.equals(page.epoch()) && page.complete());
        });
  }

  record History(List<Envelope> messages, boolean complete) {
  }

  /**
   * Tells the room's members here that what another cluster sent it meanwhile is lost
   * ({@code {"op":"reset","room","via","reason"}}): one notice per node holding members.
   */
  Future<Void> tellReset(String room, String via, String reason) {
    return bus.<JsonObject>request(Addresses.ROOMS_MEMBERS, MembersRead.nodesOf(room, member).toJson()).map(reply -> {
      String frame = ServerFrames.bridgeReset(room, via, reason);
      Envelope notice = new Envelope(Notice.BRIDGE_RESET.id(Long.toString(ids.incrementAndGet())), node, null, null, EnvelopeKind.CONTROL, room,
          null, Buffer.buffer(frame), System.currentTimeMillis(), Envelope.NO_SEQ);
      for (String n : MemberNodes.fromJson(reply.body()).nodes()) {
        if (!node.equals(n)) {
          bus.send(Addresses.ingressDeliver(n), notice);
        }
      }
      return null;
    });
  }

  /** Every room of this cluster (as role owner sees them), for pattern links. */
  Future<List<String>> listAll(String after, List<String> into) {
    RoomsList ask = new RoomsList(new RoomCommand(null, member, node, client, List.of("owner"), null), List.of(), after, true);
    return bus.<JsonObject>request(Addresses.ROOMS_LIST, ask.toJson()).compose(reply -> {
      RoomsPage page = RoomsPage.fromJson(reply.body());
      String last = null;
      for (RoomSummary r : page.rooms()) {
        last = r.name();
        into.add(last);
      }
      return page.more() && last != null ? listAll(last, into) : Future.succeededFuture(into);
    });
  }
}
