package io.porthouse.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Porthouse cluster of separate launcher JVMs on this machine for one test: rooms JVMs (auth,
 * rooms, router) and ingress JVMs, under a fresh cluster name and port range, with lifted rate
 * limits; an ingress killed by its port; every JVM stopped on close.
 */
public final class LauncherCluster implements AutoCloseable {

  public static final Duration START = Duration.ofSeconds(90);

  public final Map<String, String> env;
  private final Path work;
  private final List<LauncherProcess> processes = new ArrayList<>();
  private final Map<Integer, LauncherProcess> ingresses = new HashMap<>();

  /** {@code extraEnv}: settings on top of a fresh cluster name and port range and lifted rate limits. */
  public LauncherCluster(Path work, String name, Map<String, String> extraEnv) {
    this.work = work;
    Map<String, String> e = new HashMap<>(Map.of(
        "PORTHOUSE_DATA_DIR", work.resolve("data").toString(),
        "PORTHOUSE_CLUSTER_NAME", "porthouse-" + name + "-" + UUID.randomUUID(),
        "PORTHOUSE_CLUSTER_PORT", String.valueOf(18000 + ThreadLocalRandom.current().nextInt(0, 100) * 20),
        "PORTHOUSE_SESSION_RATE_PER_SECOND", "100000", "PORTHOUSE_SESSION_RATE_BURST", "100000"));
    e.putAll(extraEnv);
    this.env = Map.copyOf(e);
  }

  /** Starts {@code count} JVMs running auth+rooms+router, the first alone (the others join it). */
  public List<LauncherProcess> startRoomsJvms(int count) throws Exception {
    List<LauncherProcess> started = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      LauncherProcess p = start("rooms" + i, env, "--cluster", "auth", "rooms", "router");
      started.add(p);
      if (i == 1) {
        p.awaitLog("porthouse started", START);
      }
    }
    for (LauncherProcess p : started) {
      p.awaitLog("porthouse started", START);
    }
    return started;
  }

  /** Starts an ingress JVM and answers its HTTP port. */
  public int startIngress(String name) throws Exception {
    int port = Ports.freePort();
    Map<String, String> e = new HashMap<>(env);
    e.put("PORTHOUSE_HTTP_PORT", String.valueOf(port));
    LauncherProcess ingress = start(name, e, "--cluster", "ingress");
    ingress.awaitLog("porthouse started", START);
    ingresses.put(port, ingress);
    return port;
  }

  /** Kills the ingress JVM on {@code port} (SIGKILL). */
  public void killIngress(int port) throws Exception {
    ingresses.get(port).kill();
  }

  /** The {@code /status} of the ingress on {@code port}. */
  public JsonObject status(int port) throws Exception {
    var http = HttpClient.newHttpClient();
    return new JsonObject(http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/status")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private LauncherProcess start(String name, Map<String, String> e, String... args) throws IOException {
    LauncherProcess p = LauncherProcess.start(name, e, work, args);
    processes.add(p);
    return p;
  }

  @Override
  public void close() throws Exception {
    for (LauncherProcess p : processes) {
      p.close();
    }
  }
}
