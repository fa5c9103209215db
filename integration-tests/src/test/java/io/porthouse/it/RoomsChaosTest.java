package io.porthouse.it;

import io.porthouse.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.porthouse.it.ClusterTraffic.occurrences;
import static io.porthouse.it.ClusterTraffic.output;

/**
 * Chaos with five real JVMs: three run auth+rooms+router, two run an ingress. Under steady traffic
 * in many rooms from senders on both ingresses, one rooms JVM is killed with SIGKILL, the cluster
 * re-balances, then another is killed. Every message acked to a sender must reach every member on
 * both (surviving) ingresses exactly once, in seq order without gaps; the rooms, their rules and
 * every membership must still be there. The test prints what it counted.
 */
class RoomsChaosTest {

  @TempDir
  Path work;

  @Test
  void killingTwoRoomsJvmsInTurnLosesNoAckedMessageNoRoomAndNoMembership() throws Exception {
    try (ClusterTraffic traffic = new ClusterTraffic(work, "chaos", 12, Map.of())) {
      List<LauncherProcess> survivors = new ArrayList<>(traffic.startRoomsJvms(3));
      int port1 = traffic.startIngress("ingress1");
      int port2 = traffic.startIngress("ingress2");
      traffic.joinEveryone(2, port1, port2);
      traffic.startSending();
      traffic.awaitAcks(300);

      for (int kill = 0; kill < 2; kill++) {
        LauncherProcess victim = survivors.remove(0);
        Map<LauncherProcess, Integer> rebalanced = new HashMap<>();
        for (LauncherProcess p : survivors) {
          rebalanced.put(p, occurrences(p.output(), "partitions rebalanced"));
        }
        victim.kill();
        Eventually.until("partitions rebalanced after " + victim, Duration.ofSeconds(60), () ->
            survivors.stream().anyMatch(p -> occurrences(output(p), "partitions rebalanced") > rebalanced.get(p)));
        traffic.awaitAcks(300); // traffic goes on after the owners changed
      }
      int delivered = traffic.stopAndCheck();
      traffic.checkRoomsAndMembersSurvived(port2);
      System.out.printf("chaos: %d acked (%d refused during failover) in 12 rooms; 2 rooms JVMs killed; "
              + "%d deliveries checked on %d members: none lost, repeated or out of order%n",
          traffic.acks(), traffic.refused(), delivered, traffic.receivers.size());
    }
  }
}
