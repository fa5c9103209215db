package io.porthouse.bridge;

import io.micrometer.core.instrument.Meter;
import io.porthouse.core.Addresses;
import io.porthouse.core.bus.RoomCreated;
import io.porthouse.core.bus.RoomsLost;
import io.porthouse.core.cluster.NodeIds;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The bridge: duplex links between this Porthouse cluster and others (docs/bridge.md). An ordinary
 * verticle on the event bus: it holds two sockets in each carried room ({@link RoomTaps}), takes
 * their deliveries like an ingress node and sends what links bring in to the router like an
 * ingress. It decides which rooms the links carry (their names and patterns, rooms made here, mesh
 * rooms) and keeps the links the links file ({@link LinksFile}) names; the connections themselves
 * are the {@link LinkServer}'s, mesh rooms are kept by {@link MeshRooms}.
 */
public final class BridgeVerticle extends VerticleBase implements Link.Rooms, LinkSession.Host {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);
  private static final String CURSORS_MAP = "porthouse.bridge.cursors";

  private BridgeSettings settings;
  private RoomTaps taps;
  private String node;
  private LinkServer server;
  private LinksFile linksFile;
  private AsyncMap<String, String> saved;
  private MeshRooms mesh;
  private final Map<String, Link> links = new LinkedHashMap<>();
  private final Origins origins = new Origins();
  private final Map<String, List<Meter>> meters = new HashMap<>();
  /** Rooms this cluster has, as far as pattern links need to know (listed, then told of each new one). */
  private final Set<String> known = new HashSet<>();
  /** Rooms made in this cluster since the bridge started (told by porthouse.rooms.created): carried from their first message. */
  private final Set<String> fresh = new HashSet<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();

  /** The port links are accepted on, or -1. */
  public int port() {
    return server == null ? -1 : server.port();
  }

  public String cluster() {
    return settings.cluster();
  }

  @Override
  public Future<?> start() {
    EnvelopeCodec.ensureRegistered(vertx);
    settings = BridgeSettings.from(config());
    node = vertx.isClustered()
        ? NodeIds.extension(NodeIds.ofClusterNode(((VertxInternal) vertx).clusterManager().getNodeId()), "bridge")
        : NodeIds.random();
    taps = new RoomTaps(vertx, node, settings.cluster(), settings.roles());
    taps.listen(new RoomTaps.Listener() {
      @Override
      public void delivered(Envelope e) {
        for (Link l : links.values()) {
          if (carried(l, e.room())) {
            l.delivered(e);
          }
        }
      }

      @Override
      public void epochChanged(String room, String epoch, long seq) {
        links.values().forEach(l -> l.restarted(room, epoch, seq));
      }
    });
    consumers.add(vertx.eventBus().<Envelope>consumer(Addresses.ingressDeliver(node), m -> taps.hub().deliver(m.body())));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.ROOMS_LOST, m -> {
      if (RoomsLost.fromJson(m.body()).concerns(node)) {
        taps.restateAll();
      }
    }));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.ROOMS_CREATED, m -> created(RoomCreated.fromJson(m.body()))));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.BRIDGE_STATUS, m -> m.reply(status())));
    JsonObject history = config().getJsonObject("history");
    long repairMillis = history.getLong("repairAfterMillis");
    long waitMillis = history.getLong("gapWaitMillis");
    server = new LinkServer(vertx, settings, this);
    linksFile = new LinksFile(vertx, settings);
    return vertx.sharedData().<String, String>getAsyncMap(CURSORS_MAP)
        .compose(map -> {
          saved = map;
          List<Future<?>> ready = new ArrayList<>();
          consumers.forEach(c -> ready.add(c.completion()));
          return Future.all(ready);
        })
        .compose(v -> saved.get("origins/" + settings.cluster()))
        .compose(o -> {
          origins.load(o == null ? null : new JsonObject(o));
          mesh = new MeshRooms(saved, settings.cluster());
          return mesh.load();
        })
        .compose(v -> reload(true))
        .compose(v -> server.listen())
        .onSuccess(v -> {
          timers.add(vertx.setPeriodic(100, t -> links.values().forEach(Link::flushAcks)));
          timers.add(vertx.setPeriodic(500, t -> save()));
          timers.add(vertx.setPeriodic(1000, t -> reload(false)));
          timers.add(vertx.setPeriodic(10_000, t -> discover()));
          timers.add(vertx.setPeriodic(50, t -> taps.hub().checkGaps(System.currentTimeMillis(), repairMillis, waitMillis)));
          LOG.info("bridge {} (node {}): {} link(s){}", settings.cluster(), node, links.size(),
              server.port() < 0 ? ", accepting none" : ", accepting on " + settings.host() + ":" + server.port()
                  + (settings.tls() ? " (TLS)" : ""));
        });
  }

  // ---------------------------------------------------------------- links

  /** Applies the links file if it changed; a wrong one is refused whole (at start: the bridge does not start). */
  private Future<Void> reload(boolean atStart) {
    return linksFile.readIfChanged(atStart).compose(specs -> specs == null ? Future.succeededFuture() : apply(specs));
  }

  private Future<Void> apply(Map<String, LinkSpec> specs) {
    for (String name : List.copyOf(links.keySet())) {
      if (!specs.containsKey(name)) {
        LOG.info("bridge: link {} removed", name);
        links.remove(name).stop("link removed from the configuration");
        LinkMeters.remove(meters.remove(name));
      }
    }
    List<Future<?>> loading = new ArrayList<>();
    specs.forEach((name, spec) -> {
      Link existing = links.get(name);
      if (existing != null) {
        boolean target = existing.spec().dials() != spec.dials() || spec.dials()
            && (!spec.host().equals(existing.spec().host()) || spec.port() != existing.spec().port());
        existing.respec(spec);
        if (target) {
          existing.stop("link target changed");
          links.remove(name);
          LinkMeters.remove(meters.remove(name));
        } else {
          return;
        }
      }
      Link link = new Link(vertx, taps, this, origins, settings.cluster(), settings, spec);
      loading.add(saved.get(key(name)).map(json -> {
        link.inbound().load(json == null ? null : new JsonObject(json));
        links.put(name, link);
        meters.put(name, LinkMeters.register(link));
        LOG.info("bridge: link {} {} (rooms {}, {})", name,
            spec.dials() ? "dials " + spec.host() + ":" + spec.port() : "is accepted", spec.rooms(),
            spec.direction().name().toLowerCase(Locale.ROOT));
        if (spec.dials()) {
          dial(link);
        }
        return null;
      }));
    });
    return Future.all(loading).compose(v -> discover());
  }

  private String key(String link) {
    return "in/" + settings.cluster() + "/" + link;
  }

  @Override
  public void dial(Link link) {
    if (!links.containsKey(link.name()) || link.open()) {
      return;
    }
    server.dial(link);
  }

  @Override
  public Link accepting(String name) {
    Link l = links.get(name);
    return l != null && !l.spec().dials() && (l.spec().secret() != null || settings.secret() != null) ? l : null;
  }

  @Override
  public void refused(String remote, Link link, String why) {
    server.refused(remote, link, why);
  }

  // ---------------------------------------------------------------- rooms

  @Override
  public boolean carried(Link link, String room) {
    return link.spec().carries(room, mesh.linkOf(room)) && taps.holds(room);
  }

  /** Which rooms the links want now: joined if new, left if no link wants them any more. */
  private Future<Void> discover() {
    boolean patterns = links.values().stream().anyMatch(l -> l.spec().hasPatterns());
    Future<List<String>> listed = patterns ? taps.listAll(null, new ArrayList<>()) : Future.succeededFuture(List.of());
    return listed.recover(e -> Future.succeededFuture(List.of())).compose(names -> {
      known.addAll(names);
      Map<String, JsonObject> wanted = new LinkedHashMap<>();
      for (Link l : links.values()) {
        l.spec().exactRooms().forEach(r -> {
          if (!mesh.contains(r)) {
            wanted.put(r, new JsonObject());
          }
        });
        for (String r : known) {
          if (!mesh.contains(r) && l.spec().carries(r, null)) {
            wanted.putIfAbsent(r, null);
          }
        }
      }
      mesh.on(links.keySet()).forEach(room -> wanted.put(room, mesh.rulesOf(room)));
      for (String room : List.copyOf(taps.rooms())) {
        if (!wanted.containsKey(room)) {
          links.values().forEach(l -> l.uncarry(room));
          taps.drop(room);
        }
      }
      List<Future<?>> joins = new ArrayList<>();
      wanted.forEach((room, makeWith) -> joins.add(taps.carry(room, makeWith)
          .onSuccess(joined -> startCarrying(room, joined, fresh.remove(room)))));
      // a room that cannot be carried now (logged by the taps) is tried again at the next discovery
      return Future.join(joins).<Void>mapEmpty().recover(e -> Future.succeededFuture());
    });
  }

  /** A room was made in this cluster: pattern links may carry it; a mesh room goes to its link's peer. */
  private void created(RoomCreated event) {
    String room = event.room();
    JsonObject rules = event.rules();
    known.add(room);
    fresh.add(room);
    String meshLink = rules.getString("mesh");
    if (meshLink != null && !mesh.contains(room)) {
      mesh.add(room, meshLink, rules);
      Link l = links.get(meshLink);
      discover().onSuccess(v -> {
        if (l != null) {
          l.meshMade(room, rules);
        }
      });
      return;
    }
    if (links.values().stream().anyMatch(l -> l.spec().hasPatterns() && l.spec().carries(room, null))) {
      discover();
    }
  }

  @Override
  public void meshFromPeer(Link link, String room, JsonObject rules) {
    if (!link.name().equals(rules.getString("mesh"))) {
      LOG.warn("bridge link {}: peer offered room '{}' as a mesh room of link '{}'; ignored", link.name(), room,
          rules.getString("mesh"));
      return;
    }
    if (mesh.contains(room)) {
      return;
    }
    mesh.add(room, link.name(), rules);
    discover();
  }

  @Override
  public String meshOf(String room) {
    return mesh.linkOf(room);
  }

  @Override
  public Future<Void> carryFor(Link link, String room) {
    known.add(room);
    return taps.carry(room, new JsonObject()).map(joined -> {
      startCarrying(room, joined, false);
      return null;
    });
  }

  /** Every link that carries {@code room} starts at the listener's position in it (a new link starts from now). */
  private void startCarrying(String room, RoomTaps.Joined joined, boolean fromStart) {
    RoomTaps.Joined at = taps.position(room) != null ? taps.position(room) : joined;
    for (Link l : links.values()) {
      if (l.spec().carries(room, meshOf(room))) {
        l.carry(room, at.epoch(), at.seq(), fromStart);
      }
    }
  }

  @Override
  public List<JsonObject> meshRooms(Link link) {
    return mesh.of(link.name());
  }

  private void save() {
    if (origins.dirty()) {
      saved.put("origins/" + settings.cluster(), origins.save().encode());
    }
    for (Link l : links.values()) {
      if (l.inbound().dirty()) {
        l.inbound().saved();
        saved.put(key(l.name()), l.inbound().toJson().encode());
      }
    }
  }

  private JsonObject status() {
    JsonArray all = new JsonArray();
    links.values().forEach(l -> all.add(l.status()));
    return new JsonObject().put("cluster", settings.cluster()).put("node", node).put("port", port())
        .put("rooms", taps.rooms().size()).put("refusals", server.refusals()).put("links", all);
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    save();
    links.values().forEach(l -> l.stop("bridge stopping"));
    meters.values().forEach(LinkMeters::remove);
    return taps.leaveAll().recover(e -> Future.succeededFuture())
        .eventually(server::close);
  }
}
