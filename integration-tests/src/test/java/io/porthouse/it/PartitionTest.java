package io.porthouse.it;

import io.porthouse.testing.ClusterTraffic;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.LauncherProcess;
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

import static io.porthouse.testing.LauncherProcess.occurrences;
import static io.porthouse.testing.LauncherProcess.output;

/**
 * Partitions on a real network: five hosts (network namespaces on one bridge), three running
 * rooms ({@code cluster.roomsMembers} 3: a side needs two) and two running an ingress, Hazelcast
 * and the event bus on the hosts' own addresses, the clients outside. Under traffic in many rooms
 * (a sender and a receiver on each ingress in every room; senders retry with the same {@code id}
 * until acknowledged) the network is cut and healed in turn: a rooms host cut off alone, the
 * cluster cut in halves, an asymmetric cut (two rooms hosts lose each other, both reach the rest),
 * a rooms JVM killed, a rooms JVM frozen past failure detection, and healed each time; last an
 * ingress is killed and its clients go on at the other one. (A link with delay and loss is not
 * among them: this machine kind's kernel has no {@code netem} queueing discipline.)
 * Then {@link PartitionHistory} checks what the clients saw ({@link RecordedTraffic}).
 */
class PartitionTest {

  private static final int ROOMS = 12;
  /** How long a fault may take to be seen, and a healed cluster to merge (2-21 s measured beside a CPU-bound process). */
  private static final Duration FAULT = Duration.ofSeconds(150);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps its JVMs' logs and the history
  Path work;

  private volatile String stage = "start";

  @Test
  void cutsKillsAndPausesLoseNoAcknowledgedMessageRepeatNoneAndRefuseNothingThatWasDone() throws Exception {
    String why = NetworkHosts.unavailable();
    Assumptions.assumeTrue(why == null, "partition tests need network namespaces: " + why);
    List<LauncherProcess> jvms = new ArrayList<>();
    RecordedTraffic traffic = null;
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
      traffic = new RecordedTraffic(List.of(new RecordedTraffic.Ingress(hosts.address(4), 8080),
          new RecordedTraffic.Ingress(hosts.address(5), 8080)), token, ROOMS, 40, ClusterTraffic.ANSWER);
      traffic.start();
      LauncherProcess rooms1 = jvms.get(0);
      LauncherProcess rooms2 = jvms.get(1);
      LauncherProcess rooms3 = jvms.get(2);
      traffic.progress(100, FAULT);

      stage = "a rooms host cut off alone";
      // a rooms host cut off alone: the other two have the quorum and take over its rooms
      int left = occurrences(output(rooms1), "left; its sockets");
      for (int h : new int[] {1, 2, 4, 5}) {
        hosts.cut(3, h);
      }
      Eventually.until("rooms3 dropped by the others", FAULT, () -> occurrences(output(rooms1), "left; its sockets") > left);
      traffic.progress(50, FAULT);
      int merged3 = occurrences(output(rooms3), "merged back");
      hosts.healAll();
      long healed = System.nanoTime();
      Eventually.until("rooms3 merged back", FAULT, () -> occurrences(output(rooms3), "merged back") > merged3);
      whole(hosts, 5);
      System.out.println("partition test: a rooms host cut off alone: one cluster again " + since(healed) + " ms after the heal");
      traffic.progress(50, FAULT);

      stage = "halves";
      // halves: {rooms1, ingress4} against {rooms2, rooms3, ingress5}; only the second has the quorum
      int left2 = occurrences(output(rooms2), "left; its sockets");
      for (int a : new int[] {1, 4}) {
        for (int b : new int[] {2, 3, 5}) {
          hosts.cut(a, b);
        }
      }
      Eventually.until("rooms1's side dropped by the other", FAULT, () -> occurrences(output(rooms2), "left; its sockets") > left2);
      traffic.progress(50, FAULT);
      int merged1 = occurrences(output(rooms1), "merged back");
      hosts.healAll();
      healed = System.nanoTime();
      Eventually.until("rooms1 merged back", FAULT, () -> occurrences(output(rooms1), "merged back") > merged1);
      whole(hosts, 5);
      System.out.println("partition test: halves: one cluster again " + since(healed) + " ms after the heal");
      traffic.progress(50, FAULT);

      stage = "an asymmetric cut";
      // rooms1 and rooms3 lose each other, both still reach rooms2 and the ingresses: Hazelcast's
      // master drops one of the two (partial member disconnection resolution), which merges back
      // after the heal
      int leftAsym = occurrences(output(rooms2), "left; its sockets");
      int mergedAsym = occurrences(output(rooms1), "merged back") + occurrences(output(rooms3), "merged back");
      hosts.cut(1, 3);
      Eventually.until("rooms1 or rooms3 dropped", FAULT, () -> occurrences(output(rooms2), "left; its sockets") > leftAsym);
      traffic.progress(50, FAULT);
      hosts.healAll();
      healed = System.nanoTime();
      Eventually.until("the dropped one merged back", FAULT,
          () -> occurrences(output(rooms1), "merged back") + occurrences(output(rooms3), "merged back") > mergedAsym);
      whole(hosts, 5);
      System.out.println("partition test: an asymmetric cut: one cluster again " + since(healed) + " ms after the heal");
      traffic.progress(50, FAULT);

      stage = "kill -9 of a rooms JVM";
      // kill -9 of a rooms JVM: two are left, still a quorum
      int left3 = occurrences(output(rooms1), "left; its sockets");
      rooms2.kill();
      Eventually.until("rooms2 dropped", FAULT, () -> occurrences(output(rooms1), "left; its sockets") > left3);
      traffic.progress(50, FAULT);

      stage = "a rooms JVM frozen past failure detection";
      // a rooms JVM frozen past failure detection: rooms1 is alone, below the quorum, and refuses
      int left4 = occurrences(output(rooms1), "left; its sockets");
      rooms3.pause();
      try {
        Eventually.until("frozen rooms3 dropped", FAULT, () -> occurrences(output(rooms1), "left; its sockets") > left4);
      } finally {
        rooms3.resume();
      }
      long thawed = System.nanoTime();
      whole(hosts, 4);
      System.out.println("partition test: a frozen rooms JVM: one cluster again " + since(thawed) + " ms after SIGCONT"); // which side merges into which is Hazelcast's choice (a tie of one rooms JVM each)
      traffic.progress(50, FAULT);

      stage = "kill -9 of an ingress";
      // its clients connect to the other ingress: the senders retry with their ids, the receivers resume
      RecordedTraffic moving = traffic;
      int moved = moving.moves.get();
      jvms.get(3).kill();
      Eventually.until("both clients of the killed ingress moved", FAULT, () -> {
        moving.stillRunning();
        return moving.moves.get() >= moved + 2;
      });
      traffic.progress(50, FAULT);

      stage = "the last messages";
      traffic.finish();
      traffic.history.save(work.resolve("partition-history.jsonl"));
      PartitionHistory.Verdict verdict = traffic.history.check();
      System.out.println("partition test: " + verdict.counts() + "; wrong errors: " + traffic.wrongErrors.size()
          + "; history in " + work.resolve("partition-history.jsonl"));
      RecordedTraffic done = traffic;
      org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
        soft.assertThat(verdict.breaches()).as(verdict.counts()).isEmpty();
        soft.assertThat(done.wrongErrors).as("errors that are not unavailable or outcome_unknown").isEmpty();
      });
    } catch (Throwable failed) {
      for (LauncherProcess p : jvms) {
        if (p.isAlive()) {
          p.threadDump(); // the kept logs show what each JVM was waiting for
        }
      }
      throw failed;
    } finally {
      System.out.println("partition test ended at: " + stage + (traffic == null ? "" : "; " + traffic.acks() + " acks"));
      if (traffic != null) {
        traffic.close();
        traffic.history.save(work.resolve("partition-history.jsonl"));
      }
      for (LauncherProcess p : jvms) {
        p.close();
      }
    }
  }

  /** A cluster on the hosts' addresses: Hazelcast joins over them, and the plain event bus is allowed (a test network). */
  private Map<String, String> clusterEnv(NetworkHosts hosts) throws Exception {
    StringBuilder members = new StringBuilder();
    for (int h = 1; h <= 5; h++) {
      members.append("<member>").append(hosts.address(h)).append(":5701</member>"); // with its port: see conf/cluster.xml
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
        "PORTHOUSE_LOG_HAZELCAST", "INFO", // a failed run's logs show how the members split and merged
        "PORTHOUSE_SESSION_RATE_PER_SECOND", "100000", "PORTHOUSE_SESSION_RATE_BURST", "100000");
  }

  private static long since(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
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
}
