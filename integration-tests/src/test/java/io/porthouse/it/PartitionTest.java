package io.porthouse.it;

import io.porthouse.testing.Eventually;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static io.porthouse.it.ClusterTraffic.occurrences;
import static io.porthouse.it.ClusterTraffic.output;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partitions on a real network: five hosts (network namespaces on one bridge), three running
 * rooms ({@code cluster.roomsMembers} 3: a side needs two) and two running an ingress, Hazelcast
 * and the event bus on the hosts' own addresses, the clients outside. Under traffic in many rooms
 * (a sender and a receiver on each ingress in every room; senders retry with the same {@code id}
 * until acknowledged) the network is cut and healed in turn: a rooms host cut off alone, the
 * cluster cut in halves, a rooms JVM killed, a rooms JVM frozen past failure detection (not an
 * asymmetric cut: Hazelcast 5.3 leaves it unresolved, docs/architecture.md), and healed each time.
 * Then {@link PartitionHistory} checks what the clients saw.
 */
class PartitionTest {

  private static final int ROOMS = 12;
  private static final Duration FAULT = Duration.ofSeconds(90);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps its JVMs' logs and the history
  Path work;

  private final PartitionHistory history = new PartitionHistory();
  private final AtomicBoolean sending = new AtomicBoolean(true);
  private final AtomicBoolean receiving = new AtomicBoolean(true);
  private final AtomicInteger acks = new AtomicInteger();
  private volatile String stage = "start";
  private final List<String> wrongErrors = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Test
  void cutsKillsAndPausesLoseNoAcknowledgedMessageRepeatNoneAndRefuseNothingThatWasDone() throws Exception {
    // Not in the default suite yet: in 2 of 4 runs here a healed cut in halves did not merge back
    // within 90 s, and a flaky test does not land. Run it by hand: -Dporthouse.partitionTests=true
    Assumptions.assumeTrue(Boolean.getBoolean("porthouse.partitionTests"),
        "partition tests run with -Dporthouse.partitionTests=true (see the class comment)");
    String why = NetworkHosts.unavailable();
    Assumptions.assumeTrue(why == null, "partition tests need network namespaces: " + why);
    Vertx clients = Vertx.vertx();
    List<LauncherProcess> jvms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try (NetworkHosts hosts = NetworkHosts.create(5)) {
      Map<String, String> env = clusterEnv(hosts);
      // all five started at once, ingress JVMs racing the rooms JVMs (any start order)
      for (int h = 1; h <= 5; h++) {
        Map<String, String> e = new HashMap<>(env);
        e.put("PORTHOUSE_CLUSTER_HOST", hosts.address(h));
        e.put("PORTHOUSE_DATA_DIR", work.resolve("data" + h).toString()); // each host its own disk
        e.put("PORTHOUSE_HTTP_HOST", hosts.address(h));
        e.put("PORTHOUSE_HTTP_PORT", "8080");
        jvms.add(h <= 3
            ? LauncherProcess.startIn(hosts.netns(h), "rooms" + h, e, work, "--cluster", "auth", "rooms", "router")
            : LauncherProcess.startIn(hosts.netns(h), "ingress" + h, e, work, "--cluster", "ingress"));
      }
      for (LauncherProcess p : jvms) {
        p.awaitLog("porthouse started", Duration.ofSeconds(120));
      }
      String token = LauncherProcess.run(env, "token", "--sub", "partition", "--roles", "primary", "--ttl", "30m");
      List<WsTestClient> senders = new ArrayList<>();
      for (int h = 4; h <= 5; h++) {
        WsTestClient sender = WsTestClient.connectWithToken(clients, hosts.address(h), 8080, token);
        WsTestClient receiver = WsTestClient.connectWithToken(clients, hosts.address(h), 8080, token);
        if (h == 4) {
          for (int r = 0; r < ROOMS; r++) {
            assertThat(sender.request(new JsonObject().put("op", "create").put("room", "p-" + r)
                .put("rules", new JsonObject().put("public", true)), "c" + r).getString("op")).isEqualTo("created");
          }
        }
        for (WsTestClient c : List.of(sender, receiver)) {
          for (int r = 0; r < ROOMS; r++) {
            assertThat(c.request(new JsonObject().put("op", "join").put("room", "p-" + r), "j" + r).getString("op"))
                .isEqualTo("joined");
          }
        }
        senders.add(sender);
        String name = "receiver@" + h;
        threads.add(start(name, () -> receive(name, receiver)));
      }
      for (int s = 0; s < senders.size(); s++) {
        WsTestClient sender = senders.get(s);
        String name = "s" + s;
        threads.add(start(name, () -> send(name, sender)));
      }
      LauncherProcess rooms1 = jvms.get(0);
      LauncherProcess rooms2 = jvms.get(1);
      LauncherProcess rooms3 = jvms.get(2);
      progress(100);

      stage = "a rooms host cut off alone";
      // a rooms host cut off alone: the other two have the quorum and take over its rooms
      int left = occurrences(output(rooms1), "left; its sockets");
      for (int h : new int[] {1, 2, 4, 5}) {
        hosts.cut(3, h);
      }
      Eventually.until("rooms3 dropped by the others", FAULT, () -> occurrences(output(rooms1), "left; its sockets") > left);
      progress(50);
      int merged3 = occurrences(output(rooms3), "merged back");
      hosts.healAll();
      Eventually.until("rooms3 merged back", FAULT, () -> occurrences(output(rooms3), "merged back") > merged3);
      whole(hosts, 5);
      progress(50);

      stage = "halves";
      // halves: {rooms1, ingress4} against {rooms2, rooms3, ingress5}; only the second has the quorum
      int left2 = occurrences(output(rooms2), "left; its sockets");
      for (int a : new int[] {1, 4}) {
        for (int b : new int[] {2, 3, 5}) {
          hosts.cut(a, b);
        }
      }
      Eventually.until("rooms1's side dropped by the other", FAULT, () -> occurrences(output(rooms2), "left; its sockets") > left2);
      progress(50);
      int merged1 = occurrences(output(rooms1), "merged back");
      hosts.healAll();
      Eventually.until("rooms1 merged back", FAULT, () -> occurrences(output(rooms1), "merged back") > merged1);
      whole(hosts, 5);
      progress(50);

      stage = "kill -9 of a rooms JVM";
      // kill -9 of a rooms JVM: two are left, still a quorum
      int left3 = occurrences(output(rooms1), "left; its sockets");
      rooms2.kill();
      Eventually.until("rooms2 dropped", FAULT, () -> occurrences(output(rooms1), "left; its sockets") > left3);
      progress(50);

      stage = "a rooms JVM frozen past";
      // a rooms JVM frozen past failure detection: rooms1 is alone, below the quorum, and refuses
      int left4 = occurrences(output(rooms1), "left; its sockets");
      rooms3.pause();
      try {
        Eventually.until("frozen rooms3 dropped", FAULT, () -> occurrences(output(rooms1), "left; its sockets") > left4);
      } finally {
        rooms3.resume();
      }
      whole(hosts, 4); // which side merges into which is Hazelcast's choice (a tie of one rooms JVM each)
      progress(50);

      sending.set(false);
      for (Thread t : threads.subList(2, threads.size())) {
        t.join();
      }
      fence(senders.get(0));
      receiving.set(false);
      for (Thread t : threads.subList(0, 2)) {
        t.join();
      }
      history.save(work.resolve("partition-history.jsonl"));
      PartitionHistory.Verdict verdict = history.check();
      System.out.println("partition test: " + verdict.counts() + "; wrong errors: " + wrongErrors.size()
          + "; history in " + work.resolve("partition-history.jsonl"));
      assertThat(wrongErrors).as("errors that are not unavailable or outcome_unknown").isEmpty();
      assertThat(verdict.breaches()).as(verdict.counts()).isEmpty();
    } finally {
      sending.set(false);
      receiving.set(false);
      history.save(work.resolve("partition-history.jsonl"));
      System.out.println("partition test ended at: " + stage + "; " + acks.get() + " acks");
      for (LauncherProcess p : jvms) {
        p.close();
      }
      clients.close(); // not awaited: a client thread may still be blocked on an answer that never comes
    }
  }

  /** A cluster on the hosts' addresses: Hazelcast joins over them, and the plain event bus is allowed (a test network). */
  private Map<String, String> clusterEnv(NetworkHosts hosts) throws Exception {
    StringBuilder members = new StringBuilder();
    for (int h = 1; h <= 5; h++) {
      members.append("<member>").append(hosts.address(h)).append("</member>");
    }
    String xml = Files.readString(LauncherProcess.HOME.resolve("conf/cluster.xml"))
        .replace("<member>127.0.0.1</member>", members)
        .replace("<interface>127.0.0.1</interface>", "<interface>" + hosts.interfacePattern() + "</interface>");
    Path clusterXml = work.resolve("cluster.xml");
    Files.writeString(clusterXml, xml);
    return Map.of(
        "PORTHOUSE_DATA_DIR", work.resolve("data").toString(),
        "PORTHOUSE_JWT_SECRET", io.porthouse.testing.Tokens.randomSecret(), // the same secrets on every host
        "PORTHOUSE_CLUSTER_SECRET", io.porthouse.testing.Tokens.randomSecret(),
        "PORTHOUSE_CLUSTER_NAME", "partition-" + UUID.randomUUID(),
        "PORTHOUSE_CLUSTER_CONFIG", clusterXml.toString(),
        "PORTHOUSE_CLUSTER_ROOMS_MEMBERS", "3",
        "PORTHOUSE_CLUSTER_ALLOW_PLAINTEXT_EVENT_BUS", "true",
        "PORTHOUSE_WS_RATE_PER_SECOND", "100000", "PORTHOUSE_WS_RATE_BURST", "100000");
  }

  private static Thread start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.start();
    return t;
  }

  /** Sends to every room in turn, each message with its own id, retried with that id until acknowledged. */
  private void send(String name, WsTestClient socket) {
    for (int i = 0; sending.get(); i++) {
      String id = name + "-" + i;
      String room = "p-" + i % ROOMS;
      deliverOnce(socket, id, room, () -> sending.get());
    }
  }

  /** One message, sent until acknowledged (or until {@code go} turns false); answers whether it was acked. */
  private boolean deliverOnce(WsTestClient socket, String id, String room, java.util.function.BooleanSupplier go) {
    JsonObject send = new JsonObject().put("op", "send").put("room", room).put("id", id)
        .put("data", new JsonObject().put("id", id));
    for (int attempt = 0; go.getAsBoolean(); attempt++) {
      JsonObject reply;
      try {
        reply = socket.request(send, id + "/" + attempt, ClusterTraffic.ANSWER);
      } catch (AssertionError noAnswer) {
        history.noAnswer(id, room);
        continue;
      }
      history.answer(id, room, reply);
      if ("ack".equals(reply.getString("op"))) {
        acks.incrementAndGet();
        return true;
      }
      String code = reply.getString("code");
      if (!"unavailable".equals(code) && !"outcome_unknown".equals(code)) {
        wrongErrors.add(id + ": " + reply.encode());
      }
      LockSupport.parkNanos(200_000_000L); // a client's back-off before its retry
    }
    return false;
  }

  private void receive(String name, WsTestClient socket) {
    while (receiving.get() || !socket.pending().isEmpty()) {
      try {
        JsonObject f = socket.next(x -> "msg".equals(x.getString("op")) || "reset".equals(x.getString("op")));
        history.frame(name, f);
      } catch (AssertionError quiet) {
        // nothing for a while: look again
      }
    }
  }

  /** Waits until the cluster is one again: an ingress's {@code /ready} counts every member still running. */
  private void whole(NetworkHosts hosts, int members) {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    Eventually.until(members + " members in one cluster again", FAULT, () -> {
      try {
        String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + hosts.address(5)
            + ":8080/ready")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return body.contains("\"members\":" + members + "}");
      } catch (java.io.IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  /** Waits until {@code more} messages were acknowledged: the cluster serves again. */
  private void progress(int more) {
    int target = acks.get() + more;
    Eventually.until(() -> more + " more acks (" + acks.get() + " so far)", FAULT, () -> acks.get() >= target);
  }

  /** A last message in every room, and every receiver has it: what came before has arrived. */
  private void fence(WsTestClient sender) {
    List<String> ids = new ArrayList<>();
    for (int r = 0; r < ROOMS; r++) {
      String id = "fence-" + r;
      long deadline = System.nanoTime() + FAULT.toNanos();
      assertThat(deliverOnce(sender, id, "p-" + r, () -> System.nanoTime() < deadline)).as("fence %s acked", id).isTrue();
      ids.add(id);
    }
    Eventually.until("every receiver got every fence", FAULT, () -> history.frames.values().stream().allMatch(list ->
        list.stream().map(f -> f.frame().getJsonObject("data")).filter(java.util.Objects::nonNull)
            .map(d -> d.getString("id")).toList().containsAll(ids)));
  }
}
