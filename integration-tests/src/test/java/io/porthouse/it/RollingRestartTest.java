package io.porthouse.it;

import io.porthouse.testing.ClusterTraffic;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.LauncherProcess;
import io.porthouse.testing.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart, as an operator upgrades a cluster: five JVMs (three rooms JVMs,
 * {@code cluster.roomsMembers} 3, and two ingress JVMs), each stopped with SIGTERM and started
 * again in turn under traffic, the next one only once the cluster is whole and its partitions
 * safe ({@code /ready}). Senders retry with their message's {@code id}; the clients of a stopping
 * ingress are closed with 1001 and resume on the other one. Nothing acknowledged may be lost or
 * repeated, no room may be reset, and every resume recovers.
 */
class RollingRestartTest {

  private static final int ROOMS = 8;
  private static final Duration STEP = Duration.ofSeconds(120);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps its JVMs' logs and the history
  Path work;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void restartingEveryJvmInTurnLosesNothingRepeatsNothingAndResetsNothing() throws Exception {
    int[] httpPorts = {Ports.freePort(), Ports.freePort()};
    Map<String, String> env = Map.of(
        "PORTHOUSE_CLUSTER_NAME", "rolling-" + UUID.randomUUID(),
        "PORTHOUSE_CLUSTER_PORT", String.valueOf(17000 + ThreadLocalRandom.current().nextInt(0, 200) * 20),
        "PORTHOUSE_CLUSTER_SECRET", io.porthouse.testing.Tokens.randomSecret(),
        "PORTHOUSE_JWT_SECRET", io.porthouse.testing.Tokens.randomSecret(),
        "PORTHOUSE_CLUSTER_ROOMS_MEMBERS", "3",
        "PORTHOUSE_SESSION_RATE_PER_SECOND", "100000", "PORTHOUSE_SESSION_RATE_BURST", "100000");
    List<String> names = List.of("rooms1", "rooms2", "rooms3", "ingress1", "ingress2");
    List<LauncherProcess> jvms = new ArrayList<>();
    RecordedTraffic traffic = null;
    try {
      for (String name : names) {
        jvms.add(start(name, 1, env, httpPorts));
      }
      for (LauncherProcess p : jvms) {
        p.awaitLog("porthouse started", STEP);
      }
      awaitWhole(httpPorts);
      String token = LauncherProcess.run(env, "token", "--sub", "rolling", "--roles", "primary", "--ttl", "30m");
      traffic = new RecordedTraffic(List.of(new RecordedTraffic.Ingress("127.0.0.1", httpPorts[0]),
          new RecordedTraffic.Ingress("127.0.0.1", httpPorts[1])), token, ROOMS, 40, ClusterTraffic.ANSWER);
      traffic.start();
      traffic.progress(100, STEP);

      for (int i = 0; i < jvms.size(); i++) {
        String name = names.get(i);
        jvms.get(i).terminate();
        assertThat(jvms.get(i).output()).as(name + " stopped cleanly").contains("porthouse stopped");
        traffic.progress(30, STEP); // the cluster serves without it
        LauncherProcess again = start(name, 2, env, httpPorts);
        jvms.set(i, again);
        again.awaitLog("porthouse started", STEP);
        awaitWhole(httpPorts);
        traffic.progress(30, STEP);
      }

      traffic.finish();
      traffic.history.save(work.resolve("rolling-history.jsonl"));
      PartitionHistory.Verdict verdict = traffic.history.check();
      System.out.println("rolling restart: " + verdict.counts() + "; " + traffic.moves.get() + " sockets moved, closed with "
          + traffic.closeCodes + "; wrong errors: " + traffic.wrongErrors.size() + "; resumes not recovered: "
          + traffic.unrecovered.size());
      RecordedTraffic done = traffic;
      org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
        soft.assertThat(verdict.breaches()).as(verdict.counts()).isEmpty();
        soft.assertThat(verdict.resets()).as("resets").isZero();
        soft.assertThat(done.wrongErrors).as("errors that are not unavailable or outcome_unknown").isEmpty();
        soft.assertThat(done.unrecovered).as("resumes answered recovered:false").isEmpty();
        // each ingress stopped once with a sender and a receiver on it, and once with the ones that moved to it
        soft.assertThat(done.moves.get()).as("sockets that moved").isGreaterThanOrEqualTo(4);
        soft.assertThat(done.closeCodes).as("close codes of a stopping ingress").isNotEmpty().containsOnly((short) 1001);
      });
    } finally {
      if (traffic != null) {
        traffic.close();
        traffic.history.save(work.resolve("rolling-history.jsonl"));
      }
      for (LauncherProcess p : jvms) {
        p.close();
      }
    }
  }

  private LauncherProcess start(String name, int run, Map<String, String> env, int[] httpPorts) throws Exception {
    Map<String, String> e = new HashMap<>(env);
    e.put("PORTHOUSE_DATA_DIR", work.resolve("data-" + name).toString()); // kept across its restarts
    if (name.startsWith("ingress")) {
      e.put("PORTHOUSE_HTTP_PORT", String.valueOf(httpPorts[Integer.parseInt(name.substring("ingress".length())) - 1]));
      return LauncherProcess.start(name + "-" + run, e, work, "--cluster", "ingress");
    }
    return LauncherProcess.start(name + "-" + run, e, work, "--cluster", "auth", "rooms", "router");
  }

  /** Waits until every ingress is ready in a cluster of all five JVMs with its partitions safe. */
  private void awaitWhole(int[] httpPorts) {
    Eventually.until("five members, partitions safe", STEP, () -> {
      for (int i = 0; i < httpPorts.length; i++) {
        try {
          HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts[i]
              + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
          if (ready.statusCode() != 200 || !ready.body().contains("\"members\":5")) {
            return false;
          }
        } catch (java.io.IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    });
  }
}
