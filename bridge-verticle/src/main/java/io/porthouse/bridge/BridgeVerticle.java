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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bridge: duplex links between this Porthouse cluster and others (docs/bridge.md). An ordinary
 * verticle on the event bus: it holds two sockets in each carried room ({@link RoomTaps}), takes
 * their deliveries like an ingress node and sends what links bring in to the router like an
 * ingress. It keeps the links the links file ({@link LinksFile}) names and their saved cursors;
 * the connections are the {@link LinkServer}'s, which rooms the links carry is
 * {@link CarriedRooms}', and mesh rooms are kept by {@link MeshRooms}.
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
  private CarriedRooms carriedRooms;
  private final Map<String, Link> links = new LinkedHashMap<>();
  private final Origins origins = new Origins();
  private final Map<String, List<Meter>> meters = new HashMap<>();
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
    mesh = new MeshRooms(settings.cluster());
    carriedRooms = new CarriedRooms(taps, mesh, links);
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
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.ROOMS_CREATED, m -> carriedRooms.created(RoomCreated.fromJson(m.body()))));
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
          return mesh.load(saved);
        })
        .compose(v -> reload(true))
        .compose(v -> server.listen())
        .onSuccess(v -> {
          timers.add(vertx.setPeriodic(100, t -> links.values().forEach(Link::flushAcks)));
          timers.add(vertx.setPeriodic(500, t -> save()));
          timers.add(vertx.setPeriodic(1000, t -> reload(false)));
          timers.add(vertx.setPeriodic(10_000, t -> carriedRooms.discover()));
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
    return Future.all(loading).compose(v -> carriedRooms.discover());
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
    return carriedRooms.carried(link, room);
  }

  @Override
  public void meshFromPeer(Link link, String room, JsonObject rules) {
    carriedRooms.meshFromPeer(link, room, rules);
  }

  @Override
  public String meshOf(String room) {
    return mesh.linkOf(room);
  }

  @Override
  public Future<Void> carryFor(Link link, String room) {
    return carriedRooms.carryFor(link, room);
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
