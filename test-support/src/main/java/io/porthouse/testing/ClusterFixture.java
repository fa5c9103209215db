package io.porthouse.testing;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.porthouse.core.cluster.HazelcastConfigs;
import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.launcher.Porthouse;
import io.vertx.core.Future;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Clustered Porthouse nodes in this JVM: each a Vert.x instance with the Hazelcast cluster
 * manager on 127.0.0.1, joined to a cluster whose name no other test run shares. Start nodes one
 * by one with the verticles each should run; {@link #close} stops the rest.
 */
public final class ClusterFixture implements AutoCloseable {

  private final String clusterName = "porthouse-test-" + UUID.randomUUID();
  private final int hazelcastPort = 16000 + ThreadLocalRandom.current().nextInt(0, 400) * 20;
  private final PorthouseConfig config;
  private final List<Porthouse> nodes = new ArrayList<>();

  /** {@code overrides} are merged onto the defaults; HTTP port 0 (free port) unless set. */
  public ClusterFixture(JsonObject overrides) {
    JsonObject merged = new JsonObject().put("http", new JsonObject().put("port", 0)).mergeIn(overrides, true);
    JsonObject cluster = merged.getJsonObject("cluster", new JsonObject());
    if (cluster.getInteger("minRoomsMembers", 0) == 0 && cluster.getInteger("roomsMembers", 0) == 0) {
      // a clustered rooms JVM needs its quorum said: tests that do not test it take none (1)
      merged.put("cluster", cluster.put("minRoomsMembers", 1));
    }
    this.config = PorthouseConfig.of(merged);
  }

  public Config hazelcastConfig() {
    return HazelcastConfigs.loopback(clusterName, hazelcastPort);
  }

  /** Starts a clustered node running {@code verticles} and waits until it serves. */
  public Porthouse start(String... verticles) {
    Porthouse node = await(Porthouse.clustered(hazelcastConfig(), "127.0.0.1", List.of(verticles), config), 60);
    synchronized (nodes) {
      nodes.add(node);
    }
    return node;
  }

  /** The node (of {@code candidates}) whose Hazelcast member owns {@code room}'s partition. */
  public static Porthouse ownerOf(String room, List<Porthouse> candidates) {
    Member owner = hazelcast(candidates.get(0)).getPartitionService().getPartition(room).getOwner();
    return candidates.stream().filter(n -> hazelcast(n).getCluster().getLocalMember().equals(owner))
        .findFirst().orElseThrow();
  }

  /** The configuration every node of this cluster runs with. */
  public PorthouseConfig config() {
    return config;
  }

  /** The Hazelcast member behind a node. */
  public static HazelcastInstance hazelcast(Porthouse node) {
    return ((HazelcastClusterManager) ((VertxInternal) node.vertx()).clusterManager()).getHazelcastInstance();
  }

  /**
   * Waits until the cluster is safe: every partition's backups in sync with its owner (Hazelcast's
   * {@code isClusterSafe}). Right after members join, partitions are still migrating, and a kill
   * then can take a partition with both its copies: "survives the death of any one JVM" holds for
   * a safe cluster, as {@code /ready} will report it.
   */
  public void awaitSafe() {
    Eventually.until("the cluster is safe (backups in sync)", Duration.ofSeconds(30), () -> {
      synchronized (nodes) {
        return nodes.stream().filter(n -> hazelcast(n).getLifecycleService().isRunning())
            .allMatch(n -> hazelcast(n).getPartitionService().isClusterSafe());
      }
    });
  }

  /**
   * Kills a node of a safe cluster ({@link #awaitSafe}) as {@code kill -9} would: its Hazelcast
   * member terminates at once, with no graceful hand-over of its partitions (their backups take
   * over), then its Vert.x closes.
   */
  public void kill(Porthouse node) {
    awaitSafe();
    finish(node);
  }

  /** Takes a node out: terminates its member if it still runs, then closes its Vert.x. */
  private void finish(Porthouse node) {
    synchronized (nodes) {
      nodes.remove(node);
    }
    if (hazelcast(node).getLifecycleService().isRunning()) {
      hazelcast(node).getLifecycleService().terminate();
    }
    try {
      node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception alreadyGone) {
      // the cluster manager is gone under Vert.x: closing may fail, the node is dead either way
    }
  }

  /** Kills several nodes of a safe cluster at the same moment (their Hazelcast members terminate together). */
  public void killTogether(Porthouse... victims) {
    awaitSafe();
    List<Thread> threads = new ArrayList<>();
    for (Porthouse victim : victims) {
      Thread t = new Thread(() -> hazelcast(victim).getLifecycleService().terminate());
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    for (Porthouse victim : victims) {
      finish(victim);
    }
  }

  /** Stops one node (its sockets get a close frame; it leaves the cluster). */
  public void stop(Porthouse node) {
    synchronized (nodes) {
      nodes.remove(node);
    }
    await(node.close(), 30);
  }

  /**
   * Stops every node, one after the other, the last started first: the nodes started for clients
   * (lite members) leave before the rooms JVMs that hold the data. All leaving at once could leave
   * only lite members behind for a moment, and a Vert.x node leaving then may wait for ever on
   * Hazelcast (its subscriptions' listener is deregistered through a partition nobody owns).
   */
  @Override
  public void close() {
    List<Porthouse> all;
    synchronized (nodes) {
      all = new ArrayList<>(nodes);
      nodes.clear();
    }
    Collections.reverse(all);
    for (Porthouse node : all) {
      // a teardown is bounded: a node whose leave hangs is terminated (Porthouse.close bounds it
      // too), and one that still does not close is given up on, never failing the test it ends
      try {
        node.close().toCompletionStage().toCompletableFuture().get(40, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (hazelcast(node).getLifecycleService().isRunning()) {
          hazelcast(node).getLifecycleService().terminate();
        }
        System.err.println("ClusterFixture: a node did not close within 40 s (" + e + "); terminated");
      }
    }
  }

  private static <T> T await(Future<T> f, int seconds) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("cluster step failed: " + e, e);
    }
  }
}
