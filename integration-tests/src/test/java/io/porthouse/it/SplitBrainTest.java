package io.porthouse.it;

import io.porthouse.testing.ClusterTraffic;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.LauncherProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.porthouse.testing.LauncherProcess.occurrences;
import static io.porthouse.testing.LauncherProcess.output;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rooms JVM frozen with SIGSTOP for longer than failure detection (the others drop it and take
 * over its rooms from the backups), then thawed with SIGCONT: it must not go on sequencing rooms
 * it no longer owns. With {@code cluster.minRoomsMembers} 2 of 3 the lone JVM refuses room
 * operations, and after the merge every room still has one seq sequence, without repeats or gaps.
 */
class SplitBrainTest {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps its JVMs' logs
  Path work;

  @Test
  void aFrozenRoomsJvmThatComesBackDoesNotForkAnyRoomsSeq() throws Exception {
    try (ClusterTraffic traffic = new ClusterTraffic(work, "split", 12,
        Map.of("PORTHOUSE_CLUSTER_MIN_ROOMS_MEMBERS", "2"))) {
      List<LauncherProcess> rooms = traffic.cluster().startRoomsJvms(3);
      int port = traffic.cluster().startIngress("ingress1");
      traffic.joinEveryone(2, port);
      traffic.startSending();
      traffic.awaitAcks(200);

      LauncherProcess frozen = rooms.get(1);
      LauncherProcess witness = rooms.get(0);
      int leftBefore = occurrences(witness.output(), "left; its sockets");
      frozen.pause();
      try {
        // the others notice the silence (hazelcast.max.no.heartbeat.seconds) and promote the backups
        Eventually.until("the frozen JVM dropped from the cluster", Duration.ofSeconds(60),
            () -> occurrences(output(witness), "left; its sockets") > leftBefore);
        traffic.awaitAcks(200);
      } finally {
        frozen.resume();
      }
      Eventually.until("the thawed JVM merged back", Duration.ofSeconds(90),
          () -> output(frozen).contains("merged back into the cluster"));
      traffic.awaitAcks(200);
      int delivered = traffic.stopAndCheck();
      traffic.checkRoomsAndMembersSurvived(port);
      assertThat(output(frozen)).doesNotContain("porthouse failed");
      output(frozen).lines().filter(l -> l.contains("RoomsVerticle"))
          .forEach(l -> System.out.println("frozen JVM: " + l));
      System.out.printf("split brain: %d acked (%d refused) in 12 rooms around a %s freeze; %d deliveries on %d members: "
              + "one seq sequence per room, none repeated or lost%n",
          traffic.acks(), traffic.refused(), frozen, delivered, traffic.receivers.size());
    }
  }
}
