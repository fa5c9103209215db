package io.porthouse.router.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Disconnect;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.security.HashingPool;
import io.porthouse.roomstate.ChangeRules;
import io.porthouse.roomstate.CreateRoom;
import io.porthouse.roomstate.DeleteRoom;
import io.porthouse.roomstate.HistoryLimits;
import io.porthouse.roomstate.JoinRoom;
import io.porthouse.roomstate.LeaveRoom;
import io.porthouse.roomstate.ListMembers;
import io.porthouse.roomstate.MemberPage;
import io.porthouse.roomstate.ReadHistory;
import io.porthouse.roomstate.ReadRules;
import io.porthouse.roomstate.RoomEvents;
import io.porthouse.roomstate.RoomReply;
import io.porthouse.roomstate.RoomRules;
import io.porthouse.roomstate.RoomState;
import io.porthouse.roomstate.SweepRooms;
import io.porthouse.roomstate.store.RoomListing;
import io.porthouse.roomstate.store.RoomStore;
import io.porthouse.roomstate.store.RoomSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The room commands of this JVM's ingress (create, join and resume, leave, list, history,
 * members, rules, disconnect, node-leave), with the presence events joins and leaves make,
 * each turned into one operation on the room store: one call to the room's owner, never a detour
 * through another verticle. Registered as local consumers beside the router.
 */
public final class RoomCommands {

  private final RoomStore store;
  private final boolean autoCreate;
  private final long emptyTtlMillis;
  private final int listLimit;
  private final HistoryLimits history;
  private final int maxReplay;
  private final int membersPage;
  private final RoomRules ruleBook;
  /** The rules of a room a join makes by auto-create: the server's defaults. */
  private final String defaultRules;
  /**
   * The rules of a room made again after every copy of it was lost (a restated membership):
   * its own rules are gone too, so it takes back its members from before and admits nobody new
   * but role {@code owner}, until an operator sets its rules (a persistent room gets its stored
   * rules back from the database).
   */
  private final String lostRules;
  private final int passwordIterations;
  private final int hashWorkers;
  private final int hashQueue;
  private HashingPool hashing;
  private JoinSecrets joinSecrets;
  private EventBus bus;

  public RoomCommands(RoomStore store, JsonObject config) {
    JsonObject rooms = config.getJsonObject("rooms");
    this.store = store;
    this.autoCreate = rooms.getBoolean("autoCreate");
    this.emptyTtlMillis = rooms.getLong("emptyRoomTtlSeconds") * 1000;
    this.listLimit = rooms.getInteger("listLimit");
    this.history = historyLimits(config);
    this.maxReplay = Math.min(config.getJsonObject("history").getInteger("maxReplay"), history.size());
    this.membersPage = Math.max(1, config.getJsonObject("presence").getInteger("pageSize"));
    this.ruleBook = new RoomRules(config);
    this.defaultRules = ruleBook.effective(null, null).encode();
    this.lostRules = ruleBook.effective(null, new JsonObject().put("roles", new JsonArray().add("owner"))).encode();
    this.passwordIterations = rooms.getInteger("passwordIterations");
    this.hashWorkers = config.getJsonObject("auth").getInteger("hashWorkers");
    this.hashQueue = config.getJsonObject("auth").getInteger("hashQueue");
  }

  /** The server-wide history limits ({@code history.size}, {@code history.ttlSeconds}, {@code history.maxBytes}). */
  public static HistoryLimits historyLimits(JsonObject config) {
    JsonObject h = config.getJsonObject("history");
    return new HistoryLimits(h.getInteger("size"), h.getLong("ttlSeconds") * 1000, h.getLong("maxBytes"));
  }

  public Future<Void> register(Vertx vertx) {
    this.hashing = new HashingPool(vertx, hashWorkers, hashQueue);
    this.bus = vertx.eventBus();
    this.joinSecrets = new JoinSecrets(store, hashing, bus);
    return Future.all(List.of(
        bus.<JsonObject>localConsumer(Addresses.ROOMS_RULES, BusErrors.answering(this::rules)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_DELETE, BusErrors.answering(this::delete)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_HISTORY, BusErrors.answering(this::history)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_MEMBERS, BusErrors.answering(this::members)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_CREATE, BusErrors.answering(this::create)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_JOIN, BusErrors.answering(this::join)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_LEAVE, BusErrors.answering(this::leave)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_LIST, BusErrors.answering(this::list)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_NODE_LEAVE, BusErrors.answering(this::nodeLeave)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_DISCONNECT, msg -> disconnect(Disconnect.fromJson(msg.body()))).completion()))
        .mapEmpty();
  }

  /** {@code create}, then told to whoever listens for new rooms ({@code porthouse.rooms.created}: bridges). */
  private Future<JsonObject> create(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    return make(c).onSuccess(made -> {
      JsonObject rules = ruleBook.effective(null, c.rules());
      rules.remove("password");
      bus.publish(Addresses.ROOMS_CREATED, new JsonObject().put("room", c.room()).put("rules", rules));
    });
  }

  private Future<JsonObject> make(RoomCommand c) {
    JsonObject rules = ruleBook.effective(null, c.rules());
    if (RoomRules.persistent(rules) && (c.client() == null || !c.roles().contains("owner"))) {
      return Future.failedFuture(PorthouseException.of(c.client() == null ? ErrorCode.UNAUTHORIZED : ErrorCode.FORBIDDEN,
          "persistent rooms need role 'owner'"));
    }
    if (!CreateRoom.mayCreate(c.client(), c.roles())) { // before any hashing: the owner would refuse it anyway
      return Future.failedFuture(PorthouseException.of(c.client() == null ? ErrorCode.UNAUTHORIZED : ErrorCode.FORBIDDEN,
          c.client() == null ? "authenticate before creating rooms" : "creating rooms needs role 'primary' or 'owner'"));
    }
    Future<JsonObject> hashed = RoomRules.needsHashing(rules) ? hash(c.attemptsBy(), rules) : Future.succeededFuture(rules);
    if (RoomRules.persistent(rules)) { // the rooms verticle stores it, then makes it
      return hashed.compose(effective -> bus.<JsonObject>request(Addresses.ROOMS_PERSIST, new JsonObject()
              .put("action", "create").put("command", c.toJson()).put("rules", effective.encode())
              .put("epoch", RoomState.freshEpoch()).put("now", now())))
          .map(reply -> reply.body());
    }
    return hashed.compose(effective -> store.apply(c.room(),
            new CreateRoom(c.socket(), c.client(), c.roles(), effective.encode(), RoomState.freshEpoch(), now()).inSpace(c.space())))
        .map(reply -> new JsonObject().put("room", c.room()).put("epoch", reply.orThrow().epoch()));
  }

  /** The password of {@code rules} replaced by its hash, computed in the hashing pool for {@code requester}. */
  private Future<JsonObject> hash(String requester, JsonObject rules) {
    return hashing.run(requester, () -> RoomRules.hashPassword(rules, passwordIterations));
  }

  private Future<JsonObject> join(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    boolean restate = body.getBoolean("restate", false);
    JoinRoom op = new JoinRoom(c.socket(), c.node(), c.client(), c.roles(), autoCreate, restate,
        RoomState.freshEpoch(), now()).makingWith(restate ? lostRules : defaultRules).inSpace(c.space()).by(c.attemptsBy());
    if (restate && !store.mayRemakeMissingRooms()) {
      op.notRemaking(); // a room missing just after a merge may still be on its way: the restater tries again
    }
    boolean resuming = body.getLong("since") != null;
    if (resuming) {
      op.resuming(body.getLong("since"), body.getString("epoch"), maxReplay, history);
    }
    String password = body.getString("password");
    String code = body.getString("otp");
    boolean secrets = !restate && (password != null || code != null);
    Future<JoinRoom> checked = secrets ? joinSecrets.prove(c, password, code, op) : Future.succeededFuture(op);
    return checked.compose(join -> store.apply(c.room(), join)
        .recover(e -> secrets ? joinSecrets.abandoned(c, e) : Future.failedFuture(e))).map(reply -> {
      RoomReply r = reply.orThrow();
      if (r.presence() && !r.repeated()) { // a new member (not a join again, nor a restated membership)
        RoomEvents.send(bus, c.room(), "join", c.socket(), c.client(), r.nodes());
      }
      JsonObject answer = new JsonObject().put("room", c.room()).put("seq", r.seq()).put("epoch", r.epoch())
          .put("nodeBase", r.nodeBase()).put("nodeLast", r.nodeLast()).put("echo", r.echo())
          .put("exclusive", r.exclusive());
      if (resuming) {
        answer.put("recovered", r.recovered()).put("replay", messages(r.replay()));
      }
      return answer;
    });
  }

  /** {@code rules}: a read (members, the owner), or changes by the owner, told to the members' nodes. */
  private Future<JsonObject> rules(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    if (c.rules() == null) {
      return store.apply(c.room(), new ReadRules(c.socket(), c.client(), c.roles()))
          .map(reply -> shown(c.room(), reply.orThrow().rules()));
    }
    if (c.client() == null) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "authenticate before changing a room's rules"));
    }
    return changeRules(c, 3);
  }

  private Future<JsonObject> changeRules(RoomCommand c, int triesLeft) {
    // read as a change: only the room's owner (or role owner) gets past it, so nobody else makes the router hash
    return store.apply(c.room(), ReadRules.toChange(c.client(), c.roles())).compose(read -> {
      String current = read.orThrow().rules();
      JsonObject changed = ruleBook.effective(new JsonObject(current), c.rules());
      Future<JsonObject> effective = RoomRules.needsHashing(changed) ? hash(c.attemptsBy(), changed) : Future.succeededFuture(changed);
      return effective.compose(rules -> store.apply(c.room(), new ChangeRules(c.client(), c.roles(), current, rules.encode())));
    }).compose(reply -> {
      if (reply.error() == ErrorCode.CONFLICT && triesLeft > 1) {
        return changeRules(c, triesLeft - 1);
      }
      RoomReply r = reply.orThrow();
      JsonObject answer = shown(c.room(), r.rules());
      RoomEvents.rulesChanged(bus, c.room(), answer.getJsonObject("rules"), r.nodes());
      if (!RoomRules.persistent(new JsonObject(r.rules()))) {
        return Future.succeededFuture(answer);
      }
      return bus.request(Addresses.ROOMS_PERSIST, new JsonObject().put("action", "rules").put("room", c.room())
          .put("rules", r.rules())).map(stored -> answer);
    });
  }

  /** A room deleted by its owner (admin API): its members' nodes drop it. */
  private Future<JsonObject> delete(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    return store.apply(c.room(), new DeleteRoom(c.client(), c.roles())).compose(reply -> {
      RoomReply r = reply.orThrow();
      RoomEvents.closed(bus, c.room(), r.nodes());
      JsonObject answer = new JsonObject().put("room", c.room()).put("members", r.seq());
      return RoomRules.persistent(new JsonObject(r.rules()))
          ? bus.request(Addresses.ROOMS_PERSIST, new JsonObject().put("action", "delete").put("room", c.room())).map(stored -> answer)
          : Future.succeededFuture(answer);
    });
  }

  private static JsonObject shown(String room, String rules) {
    return new JsonObject().put("room", room).put("rules", RoomRules.shown(new JsonObject(rules)));
  }

  private Future<JsonObject> leave(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    return store.apply(c.room(), new LeaveRoom(c.socket(), now()))
        .map(reply -> {
          RoomReply r = reply.orThrow();
          if (r.presence()) {
            RoomEvents.send(bus, c.room(), "leave", c.socket(), c.client(), r.nodes());
          }
          return new JsonObject().put("room", c.room());
        });
  }

  /** {@code history} of a member, or a node's gap repair. */
  private Future<JsonObject> history(JsonObject body) {
    String room = body.getString("room");
    String socket = body.getString("socket");
    long since = body.getLong("since", 0L);
    long upTo = body.getLong("upTo", Long.MAX_VALUE);
    int limit = (int) Math.max(0, Math.min(body.getInteger("limit", maxReplay), maxReplay));
    return store.apply(room, new ReadHistory(socket, body.getString("node"), since, upTo, limit, history, now()))
        .map(reply -> {
          RoomReply r = reply.orThrow();
          return new JsonObject().put("room", room).put("seq", r.seq()).put("epoch", r.epoch())
              .put("complete", r.recovered()).put("messages", messages(r.replay()));
        });
  }

  private Future<JsonObject> members(JsonObject body) {
    String room = body.getString("room");
    ListMembers op = new ListMembers(body.getString("socket"), body.getString("after"), membersPage);
    if (body.getBoolean("admin", false)) { // the admin API (its caller has role owner)
      op.forAdmin();
    }
    if (body.getBoolean("nodes", false)) { // a server-side member asks which nodes hold members
      return store.apply(room, op.nodesOnly()).map(page -> {
        MemberPage p = page.orThrow();
        JsonArray nodes = new JsonArray();
        for (int i = 0; i < p.size(); i++) {
          nodes.add(p.socket(i));
        }
        return new JsonObject().put("room", room).put("nodes", nodes);
      });
    }
    return store.apply(room, op)
        .map(page -> {
          MemberPage p = page.orThrow();
          JsonArray members = new JsonArray();
          for (int i = 0; i < p.size(); i++) {
            members.add(new JsonObject().put("socket", p.socket(i)).put("client", p.client(i)));
          }
          return new JsonObject().put("room", room).put("members", members).put("more", p.more());
        });
  }

  private static JsonArray messages(StoredMessage[] stored) {
    JsonArray out = new JsonArray();
    for (StoredMessage m : stored) {
      out.add(m.toJson());
    }
    return out;
  }

  private Future<JsonObject> list(JsonObject body) {
    Set<String> mine = new HashSet<>();
    body.getJsonArray("mine", new JsonArray()).forEach(r -> mine.add((String) r));
    List<String> roles = RoomCommand.fromJson(body).roles();
    RoomListing listing = new RoomListing(body.getString("client"), roles, mine, body.getString("after"),
        body.getBoolean("all", false) && roles.contains("owner")).inSpace(body.getString("space"));
    return store.list(listing, listLimit + 1).map(found -> {
      JsonArray rooms = new JsonArray();
      found.stream().limit(listLimit).map(RoomSummary::toJson).forEach(rooms::add);
      return new JsonObject().put("rooms", rooms).put("more", found.size() > listLimit);
    });
  }

  /** A socket closed: it leaves each room it was in; a room it was not in any more is fine. */
  private void disconnect(Disconnect gone) {
    for (String room : gone.rooms()) {
      store.apply(room, new LeaveRoom(gone.socket(), now())).onSuccess(r -> {
        if (r.presence()) {
          RoomEvents.send(bus, room, "leave", gone.socket(), gone.client(), r.nodes());
        }
      });
    }
  }

  private Future<JsonObject> nodeLeave(JsonObject body) {
    return store.sweep(new SweepRooms(Set.of(body.getString("node")), emptyTtlMillis, now()))
        .map(swept -> {
          RoomEvents.sendLeaves(bus, swept);
          return new JsonObject().put("dropped", RoomEvents.dropped(swept));
        });
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
