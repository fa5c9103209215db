package io.porthouse.bridge;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.JoinAnswer;
import io.porthouse.core.bus.JoinRequest;
import io.porthouse.core.bus.NodeLeave;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.bus.SendAck;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.hub.Delivery;
import io.porthouse.hub.HistoryRepair;
import io.porthouse.hub.LocalHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bridge's two sockets in each room it carries, on the bridge's own node: the <em>listener</em>
 * takes the room's deliveries in seq order through a {@link LocalHub} (exactly as an ingress node
 * does, with gap repair from history) and hands each to the links; the <em>injector</em> sends
 * what links bring in, so the listener hears those too (with their {@code via}) and the links
 * can pass them on, never back where they have been. Nothing in the rooms or the router knows
 * these sockets are a bridge's.
 */
final class RoomTaps {

  private static final Logger LOG = LoggerFactory.getLogger(RoomTaps.class);

  /** What the links are told: a room's message in seq order, or that the room was made again under a new epoch. */
  interface Listener {
    void delivered(Envelope e);

    void epochChanged(String room, String epoch, long seq);
  }

  /** A room as the bridge holds it: the epoch and seq its listener joined at. */
  record Joined(String room, String epoch, long seq) {
  }

  private final EventBus bus;
  private final String node;
  private final String client;
  private final List<String> roles;
  private final LocalHub hub;
  private final ListenerSocket listener = new ListenerSocket();
  private final String injector;
  private final Map<String, Future<Joined>> rooms = new HashMap<>();
  /** Per carried room, the epoch and seq of the last delivery the listener took (or its join). */
  private final Map<String, Joined> last = new HashMap<>();
  private final RoomQueries queries;
  private Listener links;

  RoomTaps(Vertx vertx, String node, String cluster, List<String> roles) {
    this.bus = vertx.eventBus();
    this.node = node;
    this.client = "bridge:" + cluster;
    this.roles = List.copyOf(roles);
    this.injector = node + ".in";
    this.hub = new LocalHub(task -> vertx.runOnContext(v -> task.run()), new HistoryRepair(bus, node));
    hub.connected(listener);
    this.queries = new RoomQueries(bus, node, client, listener.id());
  }

  void listen(Listener l) {
    links = l;
  }

  LocalHub hub() {
    return hub;
  }

  Set<String> rooms() {
    return rooms.keySet();
  }

  /** Where the listener is in {@code room} now: a link that starts carrying it starts there. */
  Joined position(String room) {
    return last.get(room);
  }

  /** Whether both sockets are in the room (its join answered). */
  boolean holds(String room) {
    Future<Joined> f = rooms.get(room);
    return f != null && f.succeeded();
  }

  /** The room's join, made if needed ({@code makeWith}: rules to create it with if missing, {@code null}: it must exist or be made by another). */
  Future<Joined> carry(String room, JsonObject makeWith) {
    Future<Joined> known = rooms.get(room);
    if (known != null && !known.failed()) {
      return known;
    }
    Future<Joined> joined = join(room, false).recover(e -> {
      if (makeWith == null || BusErrors.toPorthouse(e).code() != ErrorCode.NOT_FOUND) {
        return Future.failedFuture(e);
      }
      // a configured room the bridge makes itself: as a primary socket (the role that may create rooms)
      List<String> creator = new ArrayList<>(roles);
      creator.add("primary");
      JsonObject create = new RoomCommand(room, injector, node, client, creator, makeWith).toJson();
      return bus.request(Addresses.ROOMS_CREATE, create)
          .recover(c -> BusErrors.toPorthouse(c).code() == ErrorCode.CONFLICT ? Future.succeededFuture() : Future.failedFuture(c))
          .compose(made -> join(room, false));
    });
    rooms.put(room, joined);
    joined.onFailure(e -> {
      rooms.remove(room, joined);
      LOG.warn("bridge: cannot carry room '{}': {}", room, e.getMessage());
    });
    return joined;
  }

  private Future<Joined> join(String room, boolean restate) {
    hub.joining(room, listener);
    listener.rooms.add(room);
    JsonObject in = new JoinRequest(command(room, injector, null), null, null, null, null, restate).toJson();
    JsonObject out = new JoinRequest(command(room, listener.id(), null), null, null, null, null, restate).toJson();
    // the injector joins first, so it is the join that adds this node to the room: its answer says
    // where the node's delivery stream starts (the listener's join finds the node there already)
    return bus.<JsonObject>request(Addresses.ROOMS_JOIN, in)
        .compose(i -> bus.<JsonObject>request(Addresses.ROOMS_JOIN, out).map(o -> {
          JoinAnswer listened = JoinAnswer.fromJson(o.body());
          long nodeBase = Math.max(JoinAnswer.fromJson(i.body()).nodeBase(), listened.nodeBase());
          hub.joined(room, listener, listened.seq(), listened.epoch(), nodeBase);
          return new Joined(room, listened.epoch(), listened.seq());
        }))
        .map(j -> {
          Joined before = last.get(room);
          if (before == null || !before.epoch().equals(j.epoch()) || before.seq() < j.seq()) {
            last.put(room, j);
          }
          return j;
        })
        .onFailure(e -> {
          hub.joinFailed(room, listener);
          listener.rooms.remove(room);
        });
  }

  /** After room state was lost in this cluster: both sockets' memberships again (a lost room comes back under a new epoch). */
  void restateAll() {
    for (String room : List.copyOf(rooms.keySet())) {
      join(room, true).onFailure(e -> LOG.warn("bridge: cannot restate room '{}': {}", room, e.getMessage()));
    }
  }

  void drop(String room) {
    if (rooms.remove(room) == null) {
      return;
    }
    hub.left(room, listener);
    listener.rooms.remove(room);
    last.remove(room);
    for (String socket : List.of(injector, listener.id())) {
      bus.request(Addresses.ROOMS_LEAVE, command(room, socket, null).toJson())
          .onFailure(e -> LOG.debug("bridge: leaving room '{}': {}", room, e.toString()));
    }
  }

  /** Sends a bridged message into its room as the injector; the reply is the seq the room gave it. */
  Future<Long> inject(String room, String id, String senderClient, EnvelopeKind kind, Buffer payload, long receivedAt,
                      String via) {
    Envelope e = new Envelope(id, node, injector, senderClient, kind, room, null, payload, receivedAt, Envelope.NO_SEQ,
        null, Envelope.NO_SEQ, via);
    return bus.<SendAck>request(Addresses.ROUTER_ROUTE, e).map(r -> r.body().seq());
  }

  /** What the links ask of this cluster's rooms, asked as the listener. */
  RoomQueries queries() {
    return queries;
  }

  /** This node's sockets leave every room (the bridge stops). */
  Future<?> leaveAll() {
    return bus.request(Addresses.ROOMS_NODE_LEAVE, new NodeLeave(node).toJson());
  }

  private RoomCommand command(String room, String socket, JsonObject rules) {
    return new RoomCommand(room, socket, node, client, roles, rules);
  }

  /** The listener as the hub sees it: one socket in every carried room. */
  private final class ListenerSocket implements LocalHub.Member {
    final Set<String> rooms = new HashSet<>();

    @Override
    public String id() {
      return node + ".out";
    }

    @Override
    public String client() {
      return client;
    }

    @Override
    public Set<String> rooms() {
      return rooms;
    }

    @Override
    public void flush() {
    }

    @Override
    public Future<Void> shutdown() {
      return Future.succeededFuture();
    }

    @Override
    public void deliver(Delivery delivery) {
      Envelope e = delivery.envelope();
      last.put(e.room(), new Joined(e.room(), e.epoch(), e.seq()));
      if (links != null) {
        links.delivered(delivery.envelope());
      }
    }

    @Override
    public void control(String frame) {
      JsonObject f = new JsonObject(frame);
      if ("reset".equals(f.getString("op"))) {
        last.put(f.getString("room"), new Joined(f.getString("room"), f.getString("epoch"), f.getLong("seq", 0L)));
      }
      if ("reset".equals(f.getString("op")) && links != null) {
        links.epochChanged(f.getString("room"), f.getString("epoch"), f.getLong("seq", 0L));
      }
    }

    @Override
    public void roomClosed(String room) {
      rooms.remove(room);
      last.remove(room);
      RoomTaps.this.rooms.remove(room);
    }
  }
}
