package io.porthouse.roomstate;

import io.porthouse.core.Addresses;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.envelope.Notice;
import io.porthouse.core.protocol.ServerFrames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Tells a room's members of events outside its message stream: in a presence room that someone
 * joined or left, in any room that its rules changed. One {@code CONTROL} delivery
 * per node that holds members (never one per member), carrying the {@code presence} frame; each
 * node's hub writes it to its members there but the one it is about. Sent by whoever applied the
 * join or leave (the router beside the member's ingress, or the sweeper after a node died).
 */
public final class RoomEvents {

  private RoomEvents() {
  }

  public static void send(EventBus bus, String room, String event, String socket, String client, String[] nodes) {
    send(bus, room, event, socket, client, null, nodes);
  }

  /** A presence event with what the backend's join hook said of the member ({@code info}, or {@code null}). */
  public static void send(EventBus bus, String room, String event, String socket, String client, JsonObject info,
                          String[] nodes) {
    if (nodes.length == 0) {
      return;
    }
    Envelope notice = new Envelope(Notice.PRESENCE.id(socket + "-" + event), "rooms", socket, client, EnvelopeKind.CONTROL,
        room, null, Buffer.buffer(ServerFrames.presence(room, event, socket, client, info)), System.currentTimeMillis(),
        Envelope.NO_SEQ);
    for (String node : nodes) {
      bus.send(Addresses.ingressDeliver(node), notice);
    }
  }

  /** The room's rules changed ({@code shown}: the effective rules as clients see them): one notice per member node. */
  public static void rulesChanged(EventBus bus, String room, JsonObject shown, String[] nodes) {
    Envelope notice = new Envelope(Notice.RULES.id(Long.toString(System.nanoTime())), "rooms", null, null, EnvelopeKind.CONTROL,
        room, null, Buffer.buffer(ServerFrames.rulesChanged(room, shown)), System.currentTimeMillis(), Envelope.NO_SEQ);
    for (String node : nodes) {
      bus.send(Addresses.ingressDeliver(node), notice);
    }
  }

  /** The room was deleted: one notice per node that held members (their hubs drop the room; members get a {@code closed} frame). */
  public static void closed(EventBus bus, String room, String[] nodes) {
    Envelope notice = new Envelope(Notice.CLOSED.id(Long.toString(System.nanoTime())), "rooms", null, null,
        EnvelopeKind.CONTROL, room, null, Buffer.buffer(ServerFrames.closed(room)), System.currentTimeMillis(),
        Envelope.NO_SEQ);
    for (String node : nodes) {
      bus.send(Addresses.ingressDeliver(node), notice);
    }
  }

  /** The leaves a sweep made, told to the presence rooms' remaining nodes. */
  public static void sendLeaves(EventBus bus, Map<String, SweepResult> swept) {
    swept.forEach((room, r) -> {
      if (r.presence()) {
        for (int i = 0; i < r.dropped(); i++) {
          send(bus, room, "leave", r.socket(i), r.client(i), r.nodes());
        }
      }
    });
  }

  /** Members a sweep dropped, in all. */
  public static int dropped(Map<String, SweepResult> swept) {
    return swept.values().stream().mapToInt(SweepResult::dropped).sum();
  }
}
