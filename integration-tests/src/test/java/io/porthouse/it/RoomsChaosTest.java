package io.porthouse.it;

import io.porthouse.testing.Eventually;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos with five real JVMs: three run auth+rooms+router, two run an ingress. Under steady traffic
 * in many rooms from senders on both ingresses, one rooms JVM is killed with SIGKILL, the cluster
 * re-balances, then another is killed. Every message acked to a sender must reach every member on
 * both (surviving) ingresses exactly once, in seq order without gaps; the rooms, their rules and
 * every membership must still be there. The test prints what it counted.
 */
class RoomsChaosTest {

  private static final Duration START = Duration.ofSeconds(90);
  private static final int ROOMS = 12;
  private static Vertx clients;

  @TempDir
  Path work;

  @BeforeAll
  static void clients() {
    clients = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    WsTestClient.await(clients.close());
  }

  /** One sender's record: what was acked (room → seq → data) and what was refused. */
  private static final class Sender implements Runnable {
    final WsTestClient socket;
    final Map<String, Map<Long, Integer>> acked = new ConcurrentHashMap<>();
    final AtomicInteger acks = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicBoolean running = new AtomicBoolean(true);
    final int base;
    volatile Throwable failure;

    Sender(WsTestClient socket, int base) {
      this.socket = socket;
      this.base = base;
    }

    @Override
    public void run() {
      try {
        for (int i = 0; running.get(); i++) {
          String room = "chaos-" + i % ROOMS;
          int data = base + i;
          JsonObject reply = socket.request(new JsonObject().put("op", "send").put("room", room).put("data", data), data);
          if ("ack".equals(reply.getString("op"))) {
            acked.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).put(reply.getLong("seq"), data);
            acks.incrementAndGet();
          } else {
            refused.incrementAndGet();
          }
        }
      } catch (Throwable t) {
        failure = t;
      }
    }
  }

  @Test
  void killingTwoRoomsJvmsInTurnLosesNoAckedMessageNoRoomAndNoMembership() throws Exception {
    Map<String, String> env = Map.of(
        "PORTHOUSE_DATA_DIR", work.resolve("data").toString(),
        "PORTHOUSE_CLUSTER_NAME", "porthouse-chaos-" + UUID.randomUUID(),
        "PORTHOUSE_CLUSTER_PORT", String.valueOf(18000 + ThreadLocalRandom.current().nextInt(0, 100) * 20),
        "PORTHOUSE_WS_RATE_PER_SECOND", "100000", "PORTHOUSE_WS_RATE_BURST", "100000");
    List<LauncherProcess> rooms = new ArrayList<>();
    List<LauncherProcess> all = new ArrayList<>();
    try {
      for (int i = 1; i <= 3; i++) {
        LauncherProcess p = LauncherProcess.start("rooms" + i, env, work, "--cluster", "auth", "rooms", "router");
        rooms.add(p);
        all.add(p);
        if (i == 1) {
          p.awaitLog("porthouse started", START); // the first data member, before anyone joins it
        }
      }
      for (LauncherProcess p : rooms) {
        p.awaitLog("porthouse started", START);
      }
      int port1 = freePort();
      int port2 = freePort();
      LauncherProcess ingress1 = LauncherProcess.start("ingress1", with(env, port1), work, "--cluster", "ingress");
      LauncherProcess ingress2 = LauncherProcess.start("ingress2", with(env, port2), work, "--cluster", "ingress");
      all.add(ingress1);
      all.add(ingress2);
      ingress1.awaitLog("porthouse started", START);
      ingress2.awaitLog("porthouse started", START);

      String token = LauncherProcess.run(env, "token", "--sub", "chaos", "--roles", "primary", "--ttl", "10m");
      WsTestClient sender1 = WsTestClient.connectWithToken(clients, port1, token);
      WsTestClient sender2 = WsTestClient.connectWithToken(clients, port2, token);
      List<WsTestClient> receivers = List.of(WsTestClient.connectWithToken(clients, port1, token),
          WsTestClient.connectWithToken(clients, port1, token), WsTestClient.connectWithToken(clients, port2, token),
          WsTestClient.connectWithToken(clients, port2, token));
      for (int r = 0; r < ROOMS; r++) {
        JsonObject rules = new JsonObject().put("public", true).put("maxMembers", 50);
        assertThat(sender1.request(new JsonObject().put("op", "create").put("room", "chaos-" + r).put("rules", rules), "c" + r)
            .getString("op")).isEqualTo("created");
      }
      List<WsTestClient> members = new ArrayList<>(receivers);
      members.add(sender1);
      members.add(sender2);
      for (WsTestClient m : members) {
        for (int r = 0; r < ROOMS; r++) {
          assertThat(m.request(new JsonObject().put("op", "join").put("room", "chaos-" + r), "j" + r).getString("op"))
              .isEqualTo("joined");
        }
      }

      Sender s1 = new Sender(sender1, 1_000_000);
      Sender s2 = new Sender(sender2, 2_000_000);
      Thread t1 = new Thread(s1, "sender-1");
      Thread t2 = new Thread(s2, "sender-2");
      t1.start();
      t2.start();
      awaitAcks(s1, s2, 300);

      List<LauncherProcess> survivors = new ArrayList<>(rooms);
      for (int kill = 0; kill < 2; kill++) {
        LauncherProcess victim = survivors.remove(0);
        Map<LauncherProcess, Integer> rebalanced = new HashMap<>();
        for (LauncherProcess p : survivors) {
          rebalanced.put(p, occurrences(p.output(), "partitions rebalanced"));
        }
        victim.kill();
        Eventually.until("partitions rebalanced after " + victim, Duration.ofSeconds(60), () ->
            survivors.stream().anyMatch(p -> occurrences(output(p), "partitions rebalanced") > rebalanced.get(p)));
        awaitAcks(s1, s2, 300); // traffic goes on after the owner changed
      }
      s1.running.set(false);
      s2.running.set(false);
      t1.join();
      t2.join();
      assertThat(s1.failure).isNull();
      assertThat(s2.failure).isNull();

      // a fence in each room: once a member has it, it has everything sequenced before it
      Map<String, Long> fence = new TreeMap<>();
      for (int r = 0; r < ROOMS; r++) {
        JsonObject ack = sender1.request(new JsonObject().put("op", "send").put("room", "chaos-" + r).put("data", "fence"), "f" + r);
        assertThat(ack.getString("op")).isEqualTo("ack");
        fence.put("chaos-" + r, ack.getLong("seq"));
      }
      int delivered = 0;
      for (WsTestClient receiver : receivers) {
        delivered += checkExactlyOnceInOrder(receiver, fence, s1, s2);
      }
      try (WsTestClient stranger = WsTestClient.connectWithToken(clients, port2, token)) {
        JsonArray listed = stranger.request(new JsonObject().put("op", "rooms"), "list").getJsonArray("rooms");
        for (int r = 0; r < ROOMS; r++) {
          assertThat(listed).as("room, its public rule and its six members survived")
              .contains(new JsonObject().put("name", "chaos-" + r).put("type", "transient").put("members", 6));
        }
      }
      System.out.printf("chaos: %d acked (%d refused during failover) in %d rooms; 2 rooms JVMs killed; "
              + "%d deliveries checked on 4 members: none lost, repeated or out of order%n",
          s1.acks.get() + s2.acks.get(), s1.refused.get() + s2.refused.get(), ROOMS, delivered);
    } finally {
      for (LauncherProcess p : all) {
        p.close();
      }
    }
  }

  /** Every seq of each room from 1 to its fence exactly once and in order; every acked message with its data. */
  private static int checkExactlyOnceInOrder(WsTestClient receiver, Map<String, Long> fence, Sender... senders) {
    Map<String, Long> last = new HashMap<>();
    Map<String, Map<Long, Object>> got = new HashMap<>();
    int remaining = fence.size();
    int count = 0;
    while (remaining > 0) {
      JsonObject m = receiver.next("msg");
      String room = m.getString("room");
      long seq = m.getLong("seq");
      long previous = last.getOrDefault(room, 0L);
      assertThat(seq).as("%s: seq after %d", room, previous).isEqualTo(previous + 1);
      last.put(room, seq);
      got.computeIfAbsent(room, r -> new HashMap<>()).put(seq, m.getValue("data"));
      count++;
      if (seq == fence.get(room)) {
        remaining--;
      }
    }
    for (Sender s : senders) {
      s.acked.forEach((room, acks) -> acks.forEach((seq, data) ->
          assertThat(got.get(room).get(seq)).as("%s seq %d", room, seq).isEqualTo(data)));
    }
    return count;
  }

  private static void awaitAcks(Sender s1, Sender s2, int more) {
    int target = s1.acks.get() + s2.acks.get() + more;
    Eventually.until(more + " more acks", Duration.ofSeconds(60), () -> {
      if (s1.failure != null || s2.failure != null) {
        throw new AssertionError("a sender failed", s1.failure != null ? s1.failure : s2.failure);
      }
      return s1.acks.get() + s2.acks.get() >= target;
    });
  }

  private static String output(LauncherProcess p) {
    try {
      return p.output();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static int occurrences(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static Map<String, String> with(Map<String, String> env, int port) {
    Map<String, String> copy = new HashMap<>(env);
    copy.put("PORTHOUSE_HTTP_PORT", String.valueOf(port));
    return copy;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
