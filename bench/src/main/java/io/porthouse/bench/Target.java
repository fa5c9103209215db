package io.porthouse.bench;

import io.porthouse.bench.load.Servers;
import io.porthouse.bench.load.Wire;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A server set-up under test, started as separate JVMs pinned to the server CPUs. */
enum Target {
  /** {@link BaselineServer}: the bare Vert.x broadcast ceiling. */
  BASELINE(Wire.Mode.PLAIN),
  /** Porthouse embedded: every verticle in one JVM. */
  PORTHOUSE(Wire.Mode.PORTHOUSE),
  /** Porthouse clustered on loopback: auth+rooms+router in one JVM, two ingress JVMs. */
  CLUSTER(Wire.Mode.PORTHOUSE),
  /** Porthouse clustered with room state sharded over two rooms JVMs (auth+rooms), two ingress JVMs. */
  SHARDED(Wire.Mode.PORTHOUSE),
  /** An earlier Porthouse build, embedded ({@code --previous-jar}), to measure a change against. */
  PREVIOUS(Wire.Mode.PORTHOUSE),
  /** Porthouse embedded without history ({@code history.size} 0), to measure what history costs. */
  NOHISTORY(Wire.Mode.PORTHOUSE),
  /** Porthouse embedded with rules on every room (format json, rate 1000/s per socket, at most 10 members), to measure what rules cost. */
  RULES(Wire.Mode.PORTHOUSE),
  /**
   * Two embedded Porthouse deployments joined by one bridge link carrying room {@code bench}: the
   * publisher on the first, every subscriber on the second (both JVMs on the server CPUs).
   */
  BRIDGED(Wire.Mode.PORTHOUSE),
  /** Porthouse embedded, rooms {@code hooked:*} made by a template (auto-create), no hooks: what {@link #HOOKED} is measured against. */
  TEMPLATED(Wire.Mode.PORTHOUSE),
  /** The same template asking the backend ({@link BenchBackend}, answering at once) on every join and every message. */
  HOOKED(Wire.Mode.PORTHOUSE),
  /** The same template making every webhook event (each message a {@code message.published}), delivered to {@link BenchBackend}. */
  WEBHOOKED(Wire.Mode.PORTHOUSE),
  /** Porthouse embedded, subscribers over its TCP ingress (the publisher on WebSocket). */
  TCP(Wire.Mode.PORTHOUSE, Wire.Via.TCP),
  /** Porthouse, subscribers over MQTT on the shared HTTP port. */
  MQTT(Wire.Mode.PORTHOUSE, Wire.Via.MQTT),
  /** Porthouse embedded, subscribers over the SockJS event-bus bridge's websocket transport. */
  SOCKJS(Wire.Mode.PORTHOUSE, Wire.Via.SOCKJS),
  /** The same over SockJS's xhr-streaming transport (a chunked POST receives, POSTs send). */
  SOCKJS_XHR_STREAMING(Wire.Mode.PORTHOUSE, Wire.Via.SOCKJS_XHR_STREAMING),
  /** The same over SockJS's eventsource transport (an event stream receives, POSTs send). */
  SOCKJS_EVENTSOURCE(Wire.Mode.PORTHOUSE, Wire.Via.SOCKJS_EVENTSOURCE),
  /** The same over SockJS's xhr-polling transport (one POST per poll, a new connection each). */
  SOCKJS_XHR_POLLING(Wire.Mode.PORTHOUSE, Wire.Via.SOCKJS_XHR_POLLING);

  final Wire.Mode mode;
  final Wire.Via via;

  Target(Wire.Mode mode) {
    this(mode, Wire.Via.WS);
  }

  Target(Wire.Mode mode, Wire.Via via) {
    this.mode = mode;
    this.via = via;
  }

  /** Running servers of one target. */
  static final class Running implements AutoCloseable {
    final List<ServerProcess> processes = new ArrayList<>();
    final List<Integer> ports = new ArrayList<>();
    final List<Integer> tcpPorts = new ArrayList<>();
    int udpPort = -1;
    int publisherPort = -1;

    Servers servers() {
      return new Servers(ports, tcpPorts, processes.stream().map(ServerProcess::pid).toList(), ProcStats::cpuSeconds,
          publisherPort > 0 ? publisherPort : ports.get(0), processes.get(0).logDir());
    }

    /** The process whose memory a single-JVM scenario reads. */
    ServerProcess main() {
      return processes.get(processes.size() - 1);
    }

    @Override
    public void close() throws InterruptedException {
      for (ServerProcess p : processes) {
        p.close();
      }
    }
  }

  /** Starts this target's servers; if one fails to start, those already running are stopped. */
  Running start(BenchConfig c, String secret) throws IOException {
    Running r = new Running();
    try {
      launch(r, c, secret);
      return r;
    } catch (IOException | RuntimeException e) {
      try {
        r.close();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
  }

  private void launch(Running r, BenchConfig c, String secret) throws IOException {
    List<String> jvm = new ArrayList<>(c.serverJvmArgs());
    switch (this) {
      case BASELINE -> {
        int port = freePort();
        List<String> args = new ArrayList<>(jvm);
        args.addAll(List.of("-cp", c.benchJar().toString(), BaselineServer.class.getName(), Integer.toString(port),
            c.get("transport", "nio")));
        r.processes.add(ServerProcess.start("baseline", c.serverCpus(), args, Map.of(), c.logDir())
            .awaitReady(port, "baseline listening", 60_000));
        r.ports.add(port);
      }
      case PORTHOUSE, PREVIOUS, TCP, MQTT, SOCKJS, SOCKJS_XHR_STREAMING, SOCKJS_EVENTSOURCE, SOCKJS_XHR_POLLING, NOHISTORY, RULES,
           TEMPLATED, HOOKED, WEBHOOKED -> {
        int port = freePort();
        BenchConfig jar = this == PREVIOUS ? c.withPorthouseJar(c.get("previous-jar", "")) : c;
        // an earlier build may not know the key: it keeps its own transport (NIO before 'transport' existed)
        Map<String, String> env = this == PREVIOUS ? Map.of() : new HashMap<>(transportEnv(c));
        if (this == NOHISTORY) {
          env.put("PORTHOUSE_HISTORY_SIZE", "0");
        }
        if (this == RULES) { // the rules auto-created rooms get: checked on every join and send
          env.put("PORTHOUSE_ROOM_RULES_DEFAULTS_FORMAT", "json");
          env.put("PORTHOUSE_ROOM_RULES_DEFAULTS_RATE", "1000");
          env.put("PORTHOUSE_ROOM_RULES_DEFAULTS_MAX_MEMBERS", "10");
        }
        if (this == TEMPLATED || this == HOOKED || this == WEBHOOKED) {
          env.put("PORTHOUSE_CONF", hooksConf(c, this).toString());
        }
        if (this == TCP) {
          int tcpPort = freePort();
          env.put("PORTHOUSE_TCP_PORT", Integer.toString(tcpPort));
          r.tcpPorts.add(tcpPort);
        }
        if (this == PORTHOUSE) { // for the posts scenario
          r.udpPort = freePort();
          env.put("PORTHOUSE_UDP_PORT", Integer.toString(r.udpPort));
        }
        r.processes.add(porthouse(name().toLowerCase(), jar, secret, jvm, port, List.of(), env)
            .awaitReady(port, "porthouse started", 60_000));
        r.ports.add(port);
      }
      case SHARDED -> {
        Map<String, String> cluster = new HashMap<>(transportEnv(c));
        // one secret for the layout's JVMs: each has its own data directory, where it would make its own
        cluster.putAll(Map.of("PORTHOUSE_CLUSTER_NAME", "porthouse-bench-" + UUID.randomUUID(),
            "PORTHOUSE_CLUSTER_PORT", "19721", "PORTHOUSE_CLUSTER_SECRET", UUID.randomUUID().toString(),
            "PORTHOUSE_CLUSTER_ROOMS_MEMBERS", "2"));
        for (int i = 1; i <= 2; i++) {
          r.processes.add(porthouse("sharded-rooms" + i, c, secret, jvm, 0, List.of("--cluster", "auth", "rooms"), cluster)
              .awaitReady(0, "porthouse started", 90_000));
        }
        for (int i = 1; i <= 2; i++) {
          int port = freePort();
          r.processes.add(porthouse("sharded-ingress" + i, c, secret, jvm, port, List.of("--cluster", "ingress"), cluster)
              .awaitReady(port, "porthouse started", 90_000));
          r.ports.add(port);
        }
      }
      case CLUSTER -> {
        Map<String, String> cluster = new HashMap<>(transportEnv(c));
        // one secret for the layout's JVMs: each has its own data directory, where it would make its own
        cluster.putAll(Map.of("PORTHOUSE_CLUSTER_NAME", "porthouse-bench-" + UUID.randomUUID(),
            "PORTHOUSE_CLUSTER_PORT", "19701", "PORTHOUSE_CLUSTER_SECRET", UUID.randomUUID().toString(),
            "PORTHOUSE_CLUSTER_ROOMS_MEMBERS", "1"));
        ServerProcess core = porthouse("cluster-core", c, secret, jvm, 0, List.of("--cluster", "auth", "rooms", "router"), cluster);
        r.processes.add(core.awaitReady(0, "porthouse started", 90_000));
        for (int i = 1; i <= 2; i++) {
          int port = freePort();
          r.processes.add(porthouse("cluster-ingress" + i, c, secret, jvm, port, List.of("--cluster", "ingress"), cluster)
              .awaitReady(port, "porthouse started", 90_000));
          r.ports.add(port);
        }
      }
      case BRIDGED -> {
        int bridgePort = freePort();
        String linkSecret = UUID.randomUUID().toString();
        Path links = c.logDir().resolve("bridge-links");
        Files.createDirectories(links);
        Files.writeString(links.resolve("a.json"), "{\"links\":[{\"name\":\"ab\",\"rooms\":[\"bench\"]}]}");
        Files.writeString(links.resolve("b.json"), "{\"links\":[{\"name\":\"ab\",\"connect\":\"127.0.0.1:"
            + bridgePort + "\",\"rooms\":[\"bench\"]}]}");
        int portA = freePort();
        int portB = freePort();
        for (String side : List.of("a", "b")) {
          Map<String, String> env = new HashMap<>(transportEnv(c));
          env.put("PORTHOUSE_BRIDGE_ENABLED", "true");
          env.put("PORTHOUSE_BRIDGE_NAME", side);
          env.put("PORTHOUSE_BRIDGE_SECRET", linkSecret);
          env.put("PORTHOUSE_BRIDGE_LINKS", links.resolve(side + ".json").toString());
          if (side.equals("a")) {
            env.put("PORTHOUSE_BRIDGE_PORT", Integer.toString(bridgePort));
          }
          int port = side.equals("a") ? portA : portB;
          r.processes.add(porthouse("bridged-" + side, c, secret, jvm, port, List.of(), env)
              .awaitReady(port, side.equals("a") ? "porthouse started" : "open to cluster", 90_000));
        }
        r.ports.add(portB);
        r.publisherPort = portA;
      }
      default -> throw new IllegalStateException();
    }
  }

  /**
   * A config whose template makes rooms {@code hooked:*}: asking the bench's backend on joins and
   * messages ({@link #HOOKED}), or making every webhook event for it ({@link #WEBHOOKED}), or neither.
   */
  private static Path hooksConf(BenchConfig c, Target target) throws IOException {
    JsonObject template = new JsonObject().put("autoCreate", true);
    JsonObject conf = new JsonObject().put("templates", new JsonObject().put("hooked:*", template));
    String backend;
    try {
      backend = target == TEMPLATED ? null : BenchBackend.url();
    } catch (Exception e) {
      throw new IOException("the bench backend did not start", e);
    }
    if (target == HOOKED) {
      template.put("hooks", new JsonArray().add("join").add("publish"));
      conf.put("hooks", new JsonObject().put("url", backend).put("secret", "bench-hooks-secret-0123456789"));
    }
    if (target == WEBHOOKED) {
      template.put("events", new JsonArray().add("room.occupied").add("room.vacated").add("member.joined")
          .add("member.left").add("message.published"));
      conf.put("webhooks", new JsonObject().put("url", backend + "/events").put("secret", "bench-hooks-secret-0123456789"));
    }
    Path file = c.logDir().resolve(target.name().toLowerCase() + ".json");
    Files.writeString(file, conf.encodePrettily());
    return file;
  }

  private static ServerProcess porthouse(String name, BenchConfig c, String secret, List<String> jvm, int port,
                                         List<String> launcherArgs) throws IOException {
    return porthouse(name, c, secret, jvm, port, launcherArgs, Map.of());
  }

  private static ServerProcess porthouse(String name, BenchConfig c, String secret, List<String> jvm, int port,
                                         List<String> launcherArgs, Map<String, String> extraEnv) throws IOException {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("PORTHOUSE_HOME", c.porthouseHome().toString());
    // a fresh data directory per server: a database left by another build or run is not this one's
    env.putIfAbsent("PORTHOUSE_DATA_DIR", c.logDir().resolve("data").resolve(name + "-" + System.nanoTime()).toString());
    env.put("PORTHOUSE_HTTP_PORT", Integer.toString(port));
    env.put("PORTHOUSE_JWT_SECRET", secret);
    env.put("PORTHOUSE_ROOMS_AUTO_CREATE", "true");
    env.putIfAbsent("PORTHOUSE_TCP_PORT", "0"); // conf/porthouse.json's 7070 would clash between server JVMs
    env.putIfAbsent("PORTHOUSE_MQTT_PORT", "0"); // and its 1883 (MQTT subscribers use the shared HTTP port)
    // one publisher sends far more than a person would: lift the per-socket limits for the bench
    Map<String, String> lifted = Map.of("RATE_PER_SECOND", "10000000", "RATE_BURST", "10000000",
        // every bench socket comes from one address (loopback), most as one client: lift the per-address
        // and per-client connection limits (the defences themselves stay, and cost what they cost)
        "MAX_CONNECTIONS_PER_ADDRESS", "0", "MAX_CONNECTIONS_PER_CLIENT", "0");
    // under session.* now, ws.* in jars before 2026-12 (target 'previous'); a jar that knows both reads the new names
    lifted.forEach((key, value) -> {
      env.put("PORTHOUSE_SESSION_" + key, value);
      env.put("PORTHOUSE_WS_" + key, value);
    });
    List<String> args = new ArrayList<>(jvm);
    args.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-jar", c.porthouseJar().toString()));
    args.addAll(launcherArgs);
    return ServerProcess.start(name, c.serverCpus(), args, env, c.logDir());
  }

  /** {@code --transport nio|epoll|io_uring}: the same network transport for Porthouse and the baseline. */
  private static Map<String, String> transportEnv(BenchConfig c) {
    Map<String, String> env = new HashMap<>();
    String transport = c.get("transport", "");
    if (!transport.isEmpty()) {
      env.put("PORTHOUSE_TRANSPORT", transport);
    }
    String loops = c.get("event-loops", "");
    if (!loops.isEmpty()) {
      env.put("PORTHOUSE_EVENT_LOOPS", loops);
    }
    return env;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

}
