package io.porthouse.bench;

import io.porthouse.bench.load.ClientPublisher;
import io.porthouse.bench.load.Fanout;
import io.porthouse.bench.load.HookCosts;
import io.porthouse.bench.load.Joins;
import io.porthouse.bench.load.ManyRooms;
import io.porthouse.bench.load.PasswordJoins;
import io.porthouse.bench.load.PostRates;
import io.porthouse.bench.load.Resumes;
import io.porthouse.bench.load.RoomCreates;
import io.porthouse.bench.load.Servers;
import io.porthouse.bench.load.Wire;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.Arrays;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark runner: {@code java -jar porthouse-bench.jar SCENARIO [--key value]...}. It starts
 * each target's servers as separate JVMs (pinned with taskset), runs the scenario from this one
 * JVM (publisher and subscribers share one clock), alternates targets round by round
 * (A B A B …) because the machine is shared and noisy, prints one JSON line per run and a summary
 * line with the medians and the ratio of Porthouse to the baseline. A CLI on its own main thread:
 * it waits for each run, which is never on an event loop.
 */
public final class Bench {

  private final BenchConfig config;
  private final String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final String query;
  /** A token of role owner, for what only owners may do (persistent rooms). */
  private final String ownerQuery;

  private Bench(BenchConfig config) {
    this.config = config;
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    String token = jwt.generateToken(new JsonObject().put("roles", new JsonArray().add("primary")),
        new JWTOptions().setSubject("bench").setExpiresInMinutes(600));
    this.query = "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    String owner = jwt.generateToken(new JsonObject().put("roles", new JsonArray().add("owner")),
        new JWTOptions().setSubject("bench-owner").setExpiresInMinutes(600));
    this.ownerQuery = "?token=" + URLEncoder.encode(owner, StandardCharsets.UTF_8);
  }

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0) {
      System.err.println("usage: bench fanout|rate|conns|join|rooms|cluster|posts|resume|passwords|creates|client|hooks [--rounds 3] [--n 1000] [--window 64] "
          + "[--messages M] [--rate 100] [--seconds 20] [--count 10000] [--targets baseline,porthouse,previous,cluster,sharded,tcp,mqtt,sockjs,sockjs_xhr_streaming,sockjs_eventsource,sockjs_xhr_polling,nohistory,rules,templated,hooked,webhooked] "
          + "[--previous-jar PATH] [--room-count 2000] [--members 5] [--server-cpus 1] [--server-jvm 'JVM flags', default conf/jvm.options]");
      System.exit(2);
    }
    Map<String, String> args = new HashMap<>();
    for (int i = 1; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    BenchConfig config = new BenchConfig(args, Path.of(System.getProperty("porthouse.home", ".")).toAbsolutePath());
    Files.createDirectories(config.logDir());
    Bench bench = new Bench(config);
    try {
      bench.run(argv[0]);
    } finally {
      bench.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      BenchBackend.close();
    }
  }

  private void run(String scenario) throws Exception {
    String defaultTargets = switch (scenario) {
      case "rooms" -> "baseline,porthouse";
      case "cluster" -> "porthouse,sharded";
      case "hooks" -> "templated,hooked,webhooked";
      case "posts", "resume", "passwords", "creates", "client" -> "porthouse";
      default -> "baseline,porthouse";
    };
    List<Target> targets = new ArrayList<>();
    for (String t : config.get("targets", defaultTargets).split(",")) {
      targets.add(Target.valueOf(t.trim().toUpperCase()));
    }
    int rounds = config.integer("rounds", scenario.equals("conns") ? 1 : 3);
    Map<Target, List<JsonObject>> results = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (Target target : targets) {
        JsonObject r;
        try (Target.Running running = target.start(config, secret)) {
          r = once(scenario, target, running);
        }
        r = new JsonObject().put("scenario", scenario).put("target", target.name().toLowerCase()).put("round", round)
            .mergeIn(r);
        System.out.println(r.encode());
        results.computeIfAbsent(target, k -> new ArrayList<>()).add(r);
      }
    }
    System.out.println(summary(scenario, results).encode());
  }

  private JsonObject once(String scenario, Target target, Target.Running running) throws Exception {
    Servers servers = running.servers();
    Wire wire = new Wire(target.mode, target.via);
    int n = config.integer("n", 1000);
    switch (scenario) {
      case "fanout", "cluster" -> {
        int messages = config.integer("messages", n >= 1000 ? 3000 : 30000);
        // warm-up until the JIT has settled: Porthouse has more code to compile than the baseline
        int warmup = config.integer("warmup", messages / 2);
        JsonObject r = await(new Fanout(vertx, wire, servers, new Fanout.Params(n, config.integer("window", 64),
            warmup, messages, 0, "bench", query)).run(), 600);
        if (target == Target.CLUSTER || target == Target.SHARDED || target == Target.PORTHOUSE) {
          r.put("ingressCounters", counters(running));
        }
        return r;
      }
      case "rate" -> {
        int rate = config.integer("rate", 100);
        int seconds = config.integer("seconds", 20);
        return await(new Fanout(vertx, wire, servers, new Fanout.Params(n, 0, rate * 2, rate * seconds, rate,
            "bench", query)).run(), seconds + 120);
      }
      case "join" -> {
        Joins joins = new Joins(vertx, wire, servers);
        int count = config.integer("count", 5000);
        int inFlight = config.integer("in-flight", 100);
        int rooms = config.integer("join-rooms", 100);
        // warm-up: sockets opened and closed in batches of `count` first, so handshake code is compiled
        for (int warmed = 0; warmed < config.integer("warmup", 4 * count); warmed += count) {
          Joins.Opened warm = await(joins.open(count, inFlight, rooms, query), 300);
          await(warm.close().get(), 120);
        }
        await(vertx.timer(2000), 10);
        Joins.Opened opened = await(joins.open(count, inFlight, rooms, query), 300);
        await(opened.close().get(), 120);
        return opened.result();
      }
      case "conns" -> {
        return conns(wire, running);
      }
      case "creates" -> {
        return await(new RoomCreates(vertx, servers).run(config.integer("count", 2000),
            config.integer("in-flight", 16), ownerQuery), 600);
      }
      case "passwords" -> {
        return await(new PasswordJoins(vertx, servers).run(config.integer("count", 200), query), 600);
      }
      case "resume" -> {
        return await(new Resumes(vertx, servers).run(config.integer("count", 1000),
            config.integer("missed", 100), query), 600);
      }
      case "posts" -> {
        int[] ladder = Arrays.stream(config.get("udp-rates", "5000,10000,20000,40000").split(","))
            .mapToInt(x -> Integer.parseInt(x.trim())).toArray();
        return await(new PostRates(vertx, servers, query).run(config.integer("seconds", 5),
            config.integer("http-in-flight", 16), running.udpPort, ladder), 600);
      }
      case "hooks" -> {
        return await(new HookCosts(vertx, servers, query).run(config.integer("seconds", 10),
            config.integer("client-in-flight", 256), config.integer("count", 2000)), 600);
      }
      case "client" -> {
        return await(new ClientPublisher(vertx, servers, query).run(config.integer("seconds", 10),
            config.integer("client-in-flight", 256)), 600);
      }
      case "rooms" -> {
        int roomCount = config.integer("room-count", 2000);
        int members = config.integer("members", 5);
        return await(new ManyRooms(vertx, wire, servers, roomCount, members, config.integer("sockets", roomCount * members))
            .run(config.integer("rate", 1000), config.integer("warmup", 10), config.integer("seconds", 10), query), 600);
      }
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  /** Server memory per idle connection: RSS and heap (after a full GC) before and after opening them. */
  private JsonObject conns(Wire wire, Target.Running running) throws Exception {
    ServerProcess server = running.main();
    int count = config.integer("count", 10000);
    await(vertx.timer(2000), 10);
    server.jcmd("GC.run");
    await(vertx.timer(500), 10);
    long rss0 = server.rssKib();
    String histo0 = server.jcmd("GC.class_histogram"); // also a full GC
    long heap0 = HeapHistogram.totalBytes(histo0);
    Joins.Opened opened = await(new Joins(vertx, wire, running.servers()).open(count, 100, 100, query), 600);
    await(vertx.timer(5000), 10); // idle
    long rss1 = server.rssKib();
    String histo1 = server.jcmd("GC.class_histogram");
    long heap1 = HeapHistogram.totalBytes(histo1);
    long rss2 = server.rssKib();
    Files.writeString(config.logDir().resolve("conns-heap-per-conn-" + running.main().name() + ".txt"),
        HeapHistogram.perConnection(histo0, histo1, count, 40));
    JsonObject r = opened.result().put("rssBeforeKib", rss0).put("rssAfterKib", rss1).put("rssAfterGcKib", rss2)
        .put("rssPerConnKib", Math.round((rss1 - rss0) * 100.0 / count) / 100.0)
        .put("heapPerConnKib", Math.round((heap1 - heap0) * 100.0 / 1024 / count) / 100.0);
    await(opened.close().get(), 120);
    return r;
  }


  /** The ingress nodes' counters: envelopes received (once per message per node) and frames written. */
  private static JsonArray counters(Target.Running running) throws Exception {
    JsonArray out = new JsonArray();
    HttpClient http = HttpClient.newHttpClient();
    for (int port : running.ports) {
      String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      JsonObject h = new JsonObject(body);
      out.add(new JsonObject().put("port", port).put("envelopesIn", h.getLong("envelopesIn")).put("framesOut", h.getLong("framesOut")));
    }
    return out;
  }

  private static JsonObject summary(String scenario, Map<Target, List<JsonObject>> results) {
    JsonObject medians = new JsonObject();
    results.forEach((target, runs) -> {
      JsonObject m = new JsonObject();
      for (String key : runs.get(0).fieldNames()) {
        if (runs.get(0).getValue(key) instanceof Number) {
          m.put(key, median(runs.stream().map(r -> r.getValue(key) instanceof Number v ? v.doubleValue() : Double.NaN).toList()));
        }
      }
      medians.put(target.name().toLowerCase(), m);
    });
    JsonObject summary = new JsonObject().put("scenario", scenario).put("summary", medians);
    JsonObject other = medians.getJsonObject(results.containsKey(Target.SHARDED) ? "sharded"
        : results.containsKey(Target.CLUSTER) ? "cluster" : "porthouse");
    // other ways in, against Porthouse over WebSocket in the same rounds
    for (Target via : List.of(Target.TCP, Target.MQTT, Target.SOCKJS, Target.SOCKJS_XHR_STREAMING, Target.SOCKJS_EVENTSOURCE,
        Target.SOCKJS_XHR_POLLING, Target.NOHISTORY)) {
      JsonObject v = medians.getJsonObject(via.name().toLowerCase());
      if (v != null && other != null && other.getDouble("deliveriesPerCpuSec") != null && v.getDouble("deliveriesPerCpuSec") != null) {
        summary.put(via.name().toLowerCase() + "ToWebSocket", new JsonObject()
            .put("deliveriesPerSec", Math.round(v.getDouble("deliveriesPerSec") / other.getDouble("deliveriesPerSec") * 1000) / 1000.0)
            .put("deliveriesPerCpuSec", Math.round(v.getDouble("deliveriesPerCpuSec") / other.getDouble("deliveriesPerCpuSec") * 1000) / 1000.0)
            .put("p99us", Math.round(v.getDouble("p99us") / other.getDouble("p99us") * 1000) / 1000.0));
      }
    }
    for (Target baseTarget : List.of(Target.BASELINE, Target.PREVIOUS)) {
      JsonObject base = medians.getJsonObject(baseTarget.name().toLowerCase());
      if (base == null && baseTarget == Target.BASELINE && !results.containsKey(Target.PREVIOUS)) {
        base = medians.getJsonObject("porthouse");
      }
      if (base == null || other == null || base == other) {
        continue;
      }
      JsonObject ratio = new JsonObject();
      for (String key : List.of("deliveriesPerSec", "deliveriesPerCpuSec", "p50us", "p99us", "p999us", "rssPerConnKib",
          "heapPerConnKib", "readyPerSec", "serverCpuUsPerMsg", "setupMillis")) {
        Double a = base.getDouble(key);
        Double b = other.getDouble(key);
        if (a != null && b != null && a != 0) {
          ratio.put(key, Math.round(b / a * 1000) / 1000.0);
        }
      }
      summary.put(baseTarget == Target.BASELINE ? "ratio" : "ratioToPrevious", ratio);
    }
    return summary;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static <T> T await(Future<T> f, int seconds) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
