package io.porthouse.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.porthouse.auth.AuthVerticle;
import io.porthouse.bridge.BridgeVerticle;
import io.porthouse.core.cluster.HazelcastConfigs;
import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.porthouse.core.ops.Operations;
import io.porthouse.hooks.HooksVerticle;
import io.porthouse.ingress.IngressVerticle;
import io.porthouse.ingress.http.OpsEndpoints;
import io.porthouse.rooms.RoomsVerticle;
import io.porthouse.router.RouterVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A running Porthouse JVM: one Vert.x instance (embedded or clustered) with some or all of the
 * verticles deployed. Used by {@link Main} and by tests.
 */
public final class Porthouse {

  /** The verticles, in the order they are deployed (ingress, then bridge, last: when they listen, the rest serve). */
  public static final List<String> ALL = List.of("auth", "rooms", "hooks", "router", "ingress", "bridge");

  private final Vertx vertx;
  private final IngressVerticle ingress;
  private final BridgeVerticle bridge;

  private final Map<String, String> deployed;
  private final int opsPort;
  /** This JVM's Hazelcast member, or {@code null} when embedded. */
  private final HazelcastInstance hazelcast;

  /** How long leaving the cluster may take before this JVM's member is terminated instead (see {@link #close}). */
  static final long LEAVE_BOUND_SECONDS = 20;

  private Porthouse(Vertx vertx, IngressVerticle ingress, BridgeVerticle bridge, Map<String, String> deployed, int opsPort) {
    this.vertx = vertx;
    this.ingress = ingress;
    this.bridge = bridge;
    this.deployed = deployed;
    this.opsPort = opsPort;
    this.hazelcast = vertx.isClustered()
        ? ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance()
        : null;
  }

  /** {@code /metrics}, {@code /health} and {@code /ready} on {@code metrics.port}, for JVMs without an ingress (or beside one). */
  private static Future<Integer> opsServer(Vertx vertx, JsonObject metrics) {
    Router router = Router.router(vertx);
    OpsEndpoints.mount(router, vertx);
    return vertx.createHttpServer().requestHandler(router).listen(metrics.getInteger("port"), metrics.getString("host"))
        .map(HttpServer::actualPort);
  }

  /** The port of {@code metrics.port}'s server, or -1. */
  public int opsPort() {
    return opsPort;
  }

  /** The deployment id of verticle {@code name} in this JVM (tests undeploy one to see readiness go). */
  public String deploymentId(String name) {
    return deployed.get(name);
  }

  /** All verticles in one non-clustered Vert.x (the bridge only with {@code bridge.enabled}). */
  public static Future<Porthouse> embedded(PorthouseConfig config) {
    List<String> all = new ArrayList<>(ALL);
    if (!config.section("bridge").getBoolean("enabled")) {
      all.remove("bridge");
    }
    return embedded(config, all);
  }

  /** Some verticles in one non-clustered Vert.x (tests use it to run without a part). */
  public static Future<Porthouse> embedded(PorthouseConfig config, Collection<String> verticles) {
    Vertx vertx;
    try {
      vertx = Vertx.builder().with(vertxOptions(config)).withTransport(Transports.chosen(config))
          .withMetrics(new MicrometerMetricsFactory(Operations.registry())).build();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return deploy(vertx, Set.copyOf(verticles), config)
        .recover(e -> vertx.close().transform(ignored -> Future.failedFuture(e)));
  }

  /**
   * The named verticles in a Vert.x that joins the Hazelcast cluster {@code hazelcast}; the event
   * bus listens on {@code host}. {@link #join} then {@link #start}.
   */
  public static Future<Porthouse> clustered(Config hazelcast, String host, Collection<String> verticles,
                                            PorthouseConfig config) {
    return join(hazelcast, verticles, config).compose(manager -> start(manager, host, verticles, config));
  }

  /**
   * This JVM's member of the Hazelcast cluster {@code hazelcast}, with Porthouse's settings. A lite
   * JVM (no rooms) first waits for a rooms member, however long that takes ({@link RoomsMemberWait}):
   * Vert.x's start writes to a cluster map, which fails while no member can hold data (any start
   * order: ingress JVMs may come up first).
   */
  public static Future<HazelcastClusterManager> join(Config hazelcast, Collection<String> verticles, PorthouseConfig config) {
    JsonObject cluster = config.section("cluster");
    try {
      int quorum = HazelcastConfigs.roomsQuorum(cluster.getInteger("roomsMembers"), cluster.getInteger("minRoomsMembers"),
          verticles.contains("rooms"));
      HazelcastConfigs.prepare(hazelcast, cluster.getInteger("roomsBackups"), quorum, verticles.contains("rooms"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (verticles.contains("rooms")) {
      return Future.succeededFuture(new MergeSafeClusterManager(hazelcast));
    }
    JsonObject http = verticles.contains("ingress") ? config.section("http") : null;
    return Future.fromCompletionStage(CompletableFuture.supplyAsync(() -> RoomsMemberWait.join(hazelcast, http),
        runnable -> new Thread(runnable, "porthouse-join").start())).map(MergeSafeClusterManager::new);
  }

  /** The named verticles in a clustered Vert.x on {@code manager}'s member (from {@link #join}); the event bus listens on {@code host}. */
  public static Future<Porthouse> start(HazelcastClusterManager manager, String host, Collection<String> verticles,
                                        PorthouseConfig config) {
    VertxOptions options;
    Transport transport;
    try {
      options = vertxOptions(config).setEventBusOptions(ClusteredEventBus.options(host, config.section("cluster")));
      transport = Transports.chosen(config);
    } catch (RuntimeException e) {
      return left(manager, e);
    }
    return Vertx.builder().with(options).withTransport(transport)
        .withMetrics(new MicrometerMetricsFactory(Operations.registry()))
        .withClusterManager(manager).buildClustered()
        .onSuccess(vertx -> Operations.ready(vertx).register("cluster", promise -> {
          HazelcastInstance hz = manager.getHazelcastInstance();
          boolean running = hz != null && hz.getLifecycleService().isRunning();
          // partitions safe: every room partition has its backups in sync (none migrating)
          boolean safe = running && hz.getPartitionService().isClusterSafe();
          promise.complete(safe ? Status.OK(new JsonObject()
              .put("members", hz.getCluster().getMembers().size()))
              : Status.KO(new JsonObject().put("running", running).put("partitionsSafe", false)));
        }))
        .compose(vertx -> deploy(vertx, Set.copyOf(verticles), config)
            .recover(e -> vertx.close().transform(ignored -> Future.failedFuture(e))))
        .recover(e -> left(manager, e));
  }

  /** Fails with {@code e}, after ending the member a lite JVM made itself (Vert.x does not end a member it was given). */
  private static <T> Future<T> left(HazelcastClusterManager manager, Throwable e) {
    HazelcastInstance hz = manager.getHazelcastInstance();
    if (hz == null || !hz.getLifecycleService().isRunning()) {
      return Future.failedFuture(e);
    }
    return Future.<Void>fromCompletionStage(CompletableFuture.runAsync(hz::shutdown,
        runnable -> new Thread(runnable, "porthouse-leave").start())).transform(ignored -> Future.failedFuture(e));
  }

  /**
   * Event loops: {@code eventLoops} from config, or one per core when 0. Porthouse's event loops
   * never block, so more loops than cores (Vert.x's default is two per core) only add thread
   * hand-offs: on one core, a second loop put the router and the ingress on different threads
   * and cost each message two wake-ups (bench/RESULTS.md, many rooms).
   */
  private static VertxOptions vertxOptions(PorthouseConfig config) {
    int loops = config.json().getInteger("eventLoops");
    return new VertxOptions().setEventLoopPoolSize(loops > 0 ? loops : Runtime.getRuntime().availableProcessors())
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(config.section("metrics").getBoolean("enabled"))
            .setJvmMetricsEnabled(true)
            // Porthouse's HTTP clients (hooks, webhooks, JWKS) have meters of their own; Vert.x's
            // look up meters on every request: measurable in bench/run hooks
            .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
            // Vert.x's event-bus meters look up a meter by address on every message, twice for a
            // request: a tenth of what a message allocated (bench/RESULTS.md, many rooms);
            // porthouse_* meters count messages where they mean something
            .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS));
  }

  private static Future<Porthouse> deploy(Vertx vertx, Set<String> requested, PorthouseConfig config) {
    for (String name : requested) {
      if (!ALL.contains(name)) {
        return Future.failedFuture(new IllegalArgumentException("unknown verticle '" + name + "' (known: " + ALL + ")"));
      }
    }
    // A router runs beside every ingress (and bridge): their first hop stays in the JVM.
    Set<String> names = new HashSet<>(requested);
    if (names.contains("ingress") || names.contains("bridge")) {
      names.add("router");
    }
    if (names.contains("router")) { // the router and the ingress beside it ask the backend through it
      names.add("hooks");
    }
    EnvelopeCodec.ensureRegistered(vertx);
    DeploymentOptions options = new DeploymentOptions().setConfig(config.json());
    IngressVerticle ingress = names.contains("ingress") ? new IngressVerticle() : null;
    BridgeVerticle bridge = names.contains("bridge") ? new BridgeVerticle() : null;
    Future<String> chain = Future.succeededFuture();
    List<String> ordered = new ArrayList<>(ALL); // deploy in ALL's order, whatever order names came in
    ordered.retainAll(names);
    Map<String, String> deployed = new ConcurrentHashMap<>();
    Operations.live(vertx).register("vertx", promise -> promise.complete(Status.OK()));
    for (String name : ordered) {
      // ready only while every verticle of this JVM is deployed
      Operations.ready(vertx).register("verticle-" + name, promise -> {
        String id = deployed.get(name);
        promise.complete(id != null && vertx.deploymentIDs().contains(id) ? Status.OK()
            : Status.KO());
      });
      chain = chain.compose(v -> vertx.deployVerticle(switch (name) {
        case "auth" -> new AuthVerticle();
        case "rooms" -> new RoomsVerticle();
        case "router" -> new RouterVerticle();
        case "hooks" -> new HooksVerticle();
        case "bridge" -> bridge;
        default -> ingress;
      }, options).onSuccess(id -> deployed.put(name, id)));
    }
    JsonObject metrics = config.section("metrics");
    return chain.compose(v -> metrics.getInteger("port") > 0 ? opsServer(vertx, metrics) : Future.succeededFuture(-1))
        .map(opsPort -> new Porthouse(vertx, ingress, bridge, deployed, opsPort));
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The HTTP port of this JVM's ingress; -1 if it runs none. */
  public int httpPort() {
    return ingress == null ? -1 : ingress.port();
  }

  /** The port of this JVM's TCP ingress; -1 if it runs none. */
  public int tcpPort() {
    return ingress == null ? -1 : ingress.tcpPort();
  }

  /** The port of this JVM's MQTT ingress; -1 if it runs none. */
  public int mqttPort() {
    return ingress == null ? -1 : ingress.mqttPort();
  }

  /** The port of this JVM's UDP ingress; -1 if it runs none. */
  public int udpPort() {
    return ingress == null ? -1 : ingress.udpPort();
  }

  /** The port this JVM's bridge accepts links on; -1 if it runs none or accepts none. */
  public int bridgePort() {
    return bridge == null ? -1 : bridge.port();
  }

  /** This JVM's ingress node id, or {@code null}. */
  public String ingressNode() {
    return ingress == null ? null : ingress.nodeId();
  }

  /**
   * Undeploys everything (sockets get a close frame) and leaves the cluster. Leaving is bounded:
   * Vert.x deregisters its subscriptions through Hazelcast, which can wait for ever when no data
   * member is left to own their partition (only lite members remain, or the network is cut). Past
   * {@link #LEAVE_BOUND_SECONDS} the member is terminated, as a crash would end it: its room state
   * has its backups on the other members either way, and a stop never hangs.
   */
  public Future<Void> close() {
    Future<Void> closing = vertx.close();
    if (hazelcast != null && hazelcast.getConfig().isLiteMember()) {
      // a lite JVM made its member itself (RoomsMemberWait): Vert.x leaves the cluster but does not end it
      closing = closing.eventually(() -> Future.<Void>fromCompletionStage(CompletableFuture.runAsync(() -> {
        if (hazelcast.getLifecycleService().isRunning()) {
          hazelcast.shutdown();
        }
      }, runnable -> new Thread(runnable, "porthouse-leave").start())));
    }
    Future<Void> closed = closing;
    if (hazelcast != null) {
      CompletableFuture.delayedExecutor(LEAVE_BOUND_SECONDS, TimeUnit.SECONDS)
          .execute(() -> {
            if (!closed.isComplete() && hazelcast.getLifecycleService().isRunning()) {
              LoggerFactory.getLogger(Porthouse.class).warn(
                  "leaving the cluster took over {} s; terminating this member", LEAVE_BOUND_SECONDS);
              hazelcast.getLifecycleService().terminate();
            }
          });
    }
    return closed;
  }
}
