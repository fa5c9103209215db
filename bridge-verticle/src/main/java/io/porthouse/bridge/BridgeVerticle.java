package io.porthouse.bridge;

import io.micrometer.core.instrument.Meter;
import io.porthouse.core.Addresses;
import io.porthouse.core.cluster.NodeIds;
import io.porthouse.core.config.ConfigException;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.porthouse.core.ops.ThrottledWarning;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bridge: duplex links between this Porthouse cluster and others (docs/bridge.md). An ordinary
 * verticle on the event bus: it holds two sockets in each carried room ({@link RoomTaps}), takes
 * their deliveries like an ingress node and sends what links bring in to the router like an
 * ingress. Links come from the links file ({@code bridge.links}), read again whenever it changes;
 * peers dial in on {@code bridge.port} (TLS when {@code bridge.tlsKeyFile} is set) or are dialled.
 */
public final class BridgeVerticle extends VerticleBase implements Link.Rooms, LinkSession.Host {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);
  private static final String CURSORS_MAP = "porthouse.bridge.cursors";

  private BridgeSettings settings;
  private RoomTaps taps;
  private String node;
  private NetServer server;
  private NetClient client;
  private AsyncMap<String, String> saved;
  private final Map<String, Link> links = new LinkedHashMap<>();
  /** Connections to the links port by remote address (a peer holds one per link). */
  private final Map<String, Integer> connectionsFrom = new HashMap<>();
  static final int MAX_CONNECTIONS_PER_ADDRESS = 64;
  private final Origins origins = new Origins();
  private final Map<String, List<Meter>> meters = new HashMap<>();
  /** Rooms this cluster has, as far as pattern links need to know (listed, then told of each new one). */
  private final Set<String> known = new HashSet<>();
  /** Rooms made in this cluster since the bridge started (told by porthouse.rooms.created): carried from their first message. */
  private final Set<String> fresh = new HashSet<>();
  /** Mesh rooms by room name: the link they live on, and their rules. */
  private final Map<String, JsonObject> mesh = new HashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private long linksFileStamp = -1;
  private final ThrottledWarning refusalWarnings = new ThrottledWarning(Duration.ofSeconds(10));
  private long refusals;

  /** The port links are accepted on, or -1. */
  public int port() {
    return server == null ? -1 : server.actualPort();
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
      String only = m.body().getString("node");
      if (only == null || only.equals(node)) {
        taps.restateAll();
      }
    }));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.ROOMS_CREATED, m -> created(m.body())));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.BRIDGE_STATUS, m -> m.reply(status())));
    JsonObject history = config().getJsonObject("history");
    long repairMillis = history.getLong("repairAfterMillis");
    long waitMillis = config().getJsonObject("ws").getLong("gapWaitMillis");
    client = vertx.createNetClient(clientOptions());
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
          return saved.get("mesh/" + settings.cluster());
        })
        .compose(m -> {
          if (m != null) {
            JsonObject all = new JsonObject(m);
            all.fieldNames().forEach(room -> mesh.put(room, all.getJsonObject(room)));
          }
          return reload(true);
        })
        .compose(v -> listen())
        .onSuccess(v -> {
          timers.add(vertx.setPeriodic(100, t -> links.values().forEach(Link::flushAcks)));
          timers.add(vertx.setPeriodic(500, t -> save()));
          timers.add(vertx.setPeriodic(1000, t -> reload(false)));
          timers.add(vertx.setPeriodic(10_000, t -> discover()));
          timers.add(vertx.setPeriodic(50, t -> taps.hub().checkGaps(System.currentTimeMillis(), repairMillis, waitMillis)));
          LOG.info("bridge {} (node {}): {} link(s){}", settings.cluster(), node, links.size(),
              server == null ? ", accepting none" : ", accepting on " + settings.host() + ":" + server.actualPort()
                  + (settings.tls() ? " (TLS)" : ""));
        });
  }

  private NetClientOptions clientOptions() {
    // a TLS peer must present a certificate for the host its link dials (HTTPS rules)
    NetClientOptions o = new NetClientOptions().setConnectTimeout(5_000).setTcpNoDelay(true)
        .setHostnameVerificationAlgorithm("HTTPS");
    if (settings.tlsTrustFile() != null) {
      o.setTrustOptions(new PemTrustOptions().addCertPath(settings.tlsTrustFile()));
    }
    if (settings.tls()) { // our own certificate, for peers that ask for one (mutual TLS)
      o.setKeyCertOptions(new PemKeyCertOptions().setKeyPath(settings.tlsKeyFile()).setCertPath(settings.tlsCertFile()));
    }
    return o;
  }

  private Future<Void> listen() {
    if (settings.port() <= 0) {
      return Future.succeededFuture();
    }
    NetServerOptions o = new NetServerOptions().setHost(settings.host()).setPort(settings.port()).setTcpNoDelay(true);
    if (settings.tls()) {
      o.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setKeyPath(settings.tlsKeyFile())
          .setCertPath(settings.tlsCertFile()));
      if (settings.tlsTrustFile() != null) {
        o.setTrustOptions(new PemTrustOptions().addCertPath(settings.tlsTrustFile())).setClientAuth(ClientAuth.REQUIRED);
      }
    }
    server = vertx.createNetServer(o).connectHandler(this::accept);
    return server.listen().mapEmpty();
  }

  /** A connection to the links port: at most {@link #MAX_CONNECTIONS_PER_ADDRESS} per address, each closed unless its handshake is done within 5 s. */
  private void accept(NetSocket socket) {
    String from = socket.remoteAddress().hostAddress();
    if (connectionsFrom.merge(from, 1, Integer::sum) > MAX_CONNECTIONS_PER_ADDRESS) {
      connectionsFrom.merge(from, -1, Integer::sum);
      refused(String.valueOf(socket.remoteAddress()), null, "more than " + MAX_CONNECTIONS_PER_ADDRESS + " connections from one address");
      socket.close();
      return;
    }
    new LinkSession(vertx, socket, settings, this, null, () -> connectionsFrom.computeIfPresent(from, (k, n) -> n > 1 ? n - 1 : null));
  }

  // ---------------------------------------------------------------- links

  /** Reads the links file if it changed; a wrong one is refused whole (at start: the bridge does not start). */
  private Future<Void> reload(boolean atStart) {
    Path file = Path.of(settings.linksFile());
    return vertx.fileSystem().exists(file.toString()).compose(exists -> {
      if (!exists) {
        if (linksFileStamp != 0) {
          linksFileStamp = 0;
          apply(Map.of());
        }
        return Future.succeededFuture();
      }
      return vertx.fileSystem().props(file.toString()).compose(props -> {
        if (props.lastModifiedTime() == linksFileStamp) {
          return Future.succeededFuture();
        }
        linksFileStamp = props.lastModifiedTime();
        return vertx.fileSystem().readFile(file.toString()).compose(bytes -> {
          try {
            Map<String, LinkSpec> specs = LinkSpec.parseAll(new JsonObject(bytes));
            List<String> shared = specs.values().stream().filter(l -> l.secret() == null).map(LinkSpec::name).toList();
            if (!shared.isEmpty() && settings.secret() == null) {
              throw new ConfigException("links " + shared + " have no 'secret' of their own: bridge.secret "
                  + "(PORTHOUSE_BRIDGE_SECRET) must be set");
            }
            if (shared.size() > 1) {
              LOG.warn("bridge: links {} share bridge.secret: a peer of one can prove itself as another; give each link "
                  + "its own 'secret' in the links file", shared);
            }
            return apply(specs);
          } catch (RuntimeException e) {
            String why = file + ": " + e.getMessage();
            if (atStart) {
              return Future.failedFuture(new ConfigException(why));
            }
            LOG.error("bridge: links file not applied, the links stay as they were: {}", why);
            return Future.succeededFuture();
          }
        });
      });
    });
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
    LinkSpec spec = link.spec();
    ConnectOptions o = new ConnectOptions().setHost(spec.host()).setPort(spec.port())
        .setSsl(spec.tls());
    client.connect(o).onSuccess(socket -> new LinkSession(vertx, socket, settings, this, link, () -> { }))
        .onFailure(e -> {
          if (link.dialFailed()) { // the first failure after it was up (or at start) is worth a line; retries are not
            LOG.warn("bridge link {}: cannot reach {}:{}: {}; trying again with backoff", link.name(), spec.host(),
                spec.port(), e.getMessage());
          }
          link.reconnectLater();
        });
  }

  @Override
  public Link accepting(String name) {
    Link l = links.get(name);
    return l != null && !l.spec().dials() && (l.spec().secret() != null || settings.secret() != null) ? l : null;
  }

  @Override
  public void refused(String remote, Link link, String why) {
    refusals++;
    if (link != null) {
      link.authFailed();
    }
    long heldBack = refusalWarnings.occurred(System.nanoTime()); // at most one line per 10 s, whatever a prober does
    if (heldBack >= 0) {
      LOG.warn("bridge: refused a link from {}{}: {}{}", remote, link == null ? "" : " for link " + link.name(), why,
          heldBack == 0 ? "" : " (and " + heldBack + " more refusals since the last report)");
    }
  }

  // ---------------------------------------------------------------- rooms

  @Override
  public boolean carried(Link link, String room) {
    JsonObject m = mesh.get(room);
    return link.spec().carries(room, m == null ? null : m.getString("link")) && taps.holds(room);
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
          if (!mesh.containsKey(r)) {
            wanted.put(r, new JsonObject());
          }
        });
        for (String r : known) {
          if (!mesh.containsKey(r) && l.spec().carries(r, null)) {
            wanted.putIfAbsent(r, null);
          }
        }
      }
      mesh.forEach((room, m) -> {
        if (links.containsKey(m.getString("link"))) {
          wanted.put(room, m.getJsonObject("rules"));
        }
      });
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
  private void created(JsonObject event) {
    String room = event.getString("room");
    JsonObject rules = event.getJsonObject("rules", new JsonObject());
    known.add(room);
    fresh.add(room);
    String meshLink = rules.getString("mesh");
    if (meshLink != null && !mesh.containsKey(room)) {
      mesh.put(room, new JsonObject().put("link", meshLink).put("rules", rules));
      saveMesh();
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
    if (mesh.containsKey(room)) {
      return;
    }
    mesh.put(room, new JsonObject().put("link", link.name()).put("rules", rules));
    saveMesh();
    discover();
  }

  @Override
  public String meshOf(String room) {
    JsonObject m = mesh.get(room);
    return m == null ? null : m.getString("link");
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
    List<JsonObject> out = new ArrayList<>();
    mesh.forEach((room, m) -> {
      if (link.name().equals(m.getString("link"))) {
        out.add(new JsonObject().put("room", room).put("rules", m.getJsonObject("rules")));
      }
    });
    return out;
  }

  private void saveMesh() {
    JsonObject all = new JsonObject();
    mesh.forEach(all::put);
    saved.put("mesh/" + settings.cluster(), all.encode());
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
        .put("rooms", taps.rooms().size()).put("refusals", refusals).put("links", all);
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    save();
    links.values().forEach(l -> l.stop("bridge stopping"));
    meters.values().forEach(LinkMeters::remove);
    return taps.leaveAll().recover(e -> Future.succeededFuture())
        .eventually(() -> server == null ? Future.succeededFuture() : server.close())
        .eventually(() -> client.close());
  }
}
