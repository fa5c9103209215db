package io.porthouse.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steady traffic through a cluster of separate Porthouse JVMs, and the check that failure tests
 * share: rooms {@code <prefix>-0…} joined by every socket, one sender per ingress sending
 * request by request, and per receiver every seq of every room exactly once, in order, with the
 * acked messages' data.
 */
public final class ClusterTraffic implements AutoCloseable {

  /**
   * How long a sender waits for one answer: a send to a room whose sequencer froze or died is answered
   * once the cluster has declared the member dead (heartbeat timeout 15 s) and promoted the backup,
   * which on a loaded 2-core machine can take longer than the test client's usual 10 s.
   */
  public static final Duration ANSWER = Duration.ofSeconds(45);

  /** One sender's record: what was acked (room → seq → data) and what was refused. */
  public static final class Sender implements Runnable {
    public final WsTestClient socket;
    public final Map<String, Map<Long, Integer>> acked = new ConcurrentHashMap<>();
    public final AtomicInteger acks = new AtomicInteger();
    public final AtomicInteger refused = new AtomicInteger();
    public final AtomicBoolean running = new AtomicBoolean(true);
    /** The port of the ingress it is on; a sender on an ingress that is killed may fail. */
    public final int port;
    public volatile boolean expendable;
    private final String prefix;
    private final int rooms;
    private final int base;
    public volatile Throwable failure;
    /** The last answer that was not an ack (what the cluster said while it refused). */
    public volatile JsonObject lastRefusal;

    Sender(WsTestClient socket, int port, String prefix, int rooms, int base) {
      this.socket = socket;
      this.port = port;
      this.prefix = prefix;
      this.rooms = rooms;
      this.base = base;
    }

    @Override
    public void run() {
      try {
        for (int i = 0; running.get(); i++) {
          String room = prefix + "-" + i % rooms;
          int data = base + i;
          JsonObject reply = socket.request(new JsonObject().put("op", "send").put("room", room).put("data", data), data, ANSWER);
          if ("ack".equals(reply.getString("op"))) {
            acked.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).put(reply.getLong("seq"), data);
            acks.incrementAndGet();
          } else {
            refused.incrementAndGet();
            lastRefusal = reply;
          }
        }
      } catch (Throwable t) {
        failure = t;
      }
    }
  }

  public final List<Sender> senders = new ArrayList<>();
  public final List<WsTestClient> receivers = new ArrayList<>();
  public final Map<WsTestClient, Integer> receiverPorts = new HashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Vertx clients; // this run's WebSocket clients
  private final LauncherCluster cluster;
  private final String prefix;
  private final int rooms;
  public String token;

  /** {@code extraEnv}: settings on top of a fresh cluster name and port range and lifted rate limits. */
  public ClusterTraffic(Path work, String prefix, int rooms, Map<String, String> extraEnv) {
    this.clients = Vertx.vertx();
    this.cluster = new LauncherCluster(work, prefix, extraEnv);
    this.prefix = prefix;
    this.rooms = rooms;
  }

  /** The JVMs the traffic goes through. */
  public LauncherCluster cluster() {
    return cluster;
  }

  /**
   * Kills the ingress JVM on {@code port} (SIGKILL) with its senders and receivers: whatever its
   * router had sequenced but not yet fanned out reaches the other nodes only by gap repair.
   */
  public void killIngress(int port) throws Exception {
    senders.stream().filter(s -> s.port == port).forEach(s -> s.expendable = true);
    receivers.removeIf(r -> receiverPorts.get(r) == port);
    cluster.killIngress(port);
  }

  /** Creates the rooms (public, with a rule), joins a sender and {@code receiversPerIngress} receivers per ingress to all. */
  public void joinEveryone(int receiversPerIngress, int... ingressPorts) throws Exception {
    token = LauncherProcess.run(cluster.env, "token", "--sub", prefix, "--roles", "primary", "--ttl", "10m");
    List<WsTestClient> members = new ArrayList<>();
    for (int port : ingressPorts) {
      WsTestClient sender = WsTestClient.connectWithToken(clients, port, token);
      senders.add(new Sender(sender, port, prefix, rooms, 1_000_000 * (senders.size() + 1)));
      members.add(sender);
      for (int i = 0; i < receiversPerIngress; i++) {
        WsTestClient receiver = WsTestClient.connectWithToken(clients, port, token);
        receivers.add(receiver);
        receiverPorts.put(receiver, port);
        members.add(receiver);
      }
    }
    WsTestClient creator = members.get(0);
    for (int r = 0; r < rooms; r++) {
      JsonObject rules = new JsonObject().put("public", true).put("maxMembers", 50);
      assertThat(creator.request(new JsonObject().put("op", "create").put("room", room(r)).put("rules", rules), "c" + r)
          .getString("op")).isEqualTo("created");
    }
    for (WsTestClient m : members) {
      for (int r = 0; r < rooms; r++) {
        assertThat(m.request(new JsonObject().put("op", "join").put("room", room(r)), "j" + r).getString("op"))
            .isEqualTo("joined");
      }
    }
  }

  public String room(int r) {
    return prefix + "-" + r;
  }

  public int members() {
    return (int) senders.stream().filter(s -> !s.expendable).count() + receivers.size();
  }

  public void startSending() {
    for (Sender s : senders) {
      Thread t = new Thread(s, "sender-" + threads.size());
      threads.add(t);
      t.start();
    }
  }

  public int acks() {
    return senders.stream().mapToInt(s -> s.acks.get()).sum();
  }

  public int refused() {
    return senders.stream().mapToInt(s -> s.refused.get()).sum();
  }

  /** Waits until the senders got {@code more} acks (so the cluster serves again), failing if one broke. */
  public void awaitAcks(int more) {
    int target = acks() + more;
    Eventually.until(() -> more + " more acks (" + acks() + " acked, " + refused() + " refused, last refusal "
        + senders.stream().map(s -> s.lastRefusal).filter(Objects::nonNull).findFirst().orElse(null) + ")",
        Duration.ofSeconds(60), () -> {
      for (Sender s : senders) {
        if (s.failure != null && !s.expendable) {
          throw new AssertionError("a sender failed", s.failure);
        }
      }
      return acks() >= target;
    });
  }

  /**
   * Stops sending, then sends a fence to each room and checks every receiver: each room's seqs
   * from 1 to the fence exactly once and in order, and each acked message with its data. Answers
   * the deliveries checked.
   */
  public int stopAndCheck() throws Exception {
    senders.forEach(s -> s.running.set(false));
    for (Thread t : threads) {
      t.join();
    }
    Sender fencer = senders.stream().filter(s -> !s.expendable).findFirst().orElseThrow();
    for (Sender s : senders) {
      if (!s.expendable) {
        assertThat(s.failure).isNull();
      }
    }
    Map<String, Long> fence = new TreeMap<>();
    for (int r = 0; r < rooms; r++) {
      JsonObject ack = fencer.socket.request(new JsonObject().put("op", "send").put("room", room(r))
          .put("data", "fence"), "f" + r);
      assertThat(ack.getString("op")).isEqualTo("ack");
      fence.put(room(r), ack.getLong("seq"));
    }
    int delivered = 0;
    for (WsTestClient receiver : receivers) {
      delivered += checkExactlyOnceInOrder(receiver, fence);
    }
    return delivered;
  }

  private int checkExactlyOnceInOrder(WsTestClient receiver, Map<String, Long> fence) {
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

  /** Checks that a stranger still sees every room, listed by its public rule, with all its members. */
  public void checkRoomsAndMembersSurvived(int port) {
    try (WsTestClient stranger = WsTestClient.connectWithToken(clients, port, token)) {
      var listed = stranger.request(new JsonObject().put("op", "rooms"), "list").getJsonArray("rooms");
      for (int r = 0; r < rooms; r++) {
        assertThat(listed).as("room, its public rule and its members survived")
            .contains(new JsonObject().put("name", room(r)).put("type", "transient").put("members", members()));
      }
    }
  }

  @Override
  public void close() throws Exception {
    senders.forEach(s -> s.running.set(false));
    cluster.close();
    WsTestClient.await(clients.close());
  }
}
