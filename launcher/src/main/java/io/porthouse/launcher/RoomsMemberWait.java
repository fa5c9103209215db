package io.porthouse.launcher;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Joins a lite member (a JVM without rooms) to its cluster and waits until the cluster has a
 * rooms member, saying so every 10 s. Started together (as a compose file or Kubernetes does), an
 * ingress JVM can be up before any rooms JVM, and Vert.x's start writes to a cluster map that no
 * lite member can hold: it would fail. While it waits, the ingress's port answers 503
 * ({@link NotReadyAnswer}). Blocking: runs on a thread of its own, never an event loop.
 */
final class RoomsMemberWait {

  private static final Logger LOG = LoggerFactory.getLogger(RoomsMemberWait.class);

  private RoomsMemberWait() {
  }

  /**
   * This JVM's member of {@code config}'s cluster, once the cluster has a member that holds data;
   * {@code http} is the ingress's HTTP section ({@code null} without an ingress), whose port answers
   * 503 meanwhile.
   */
  static HazelcastInstance join(Config config, JsonObject http) {
    // the attribute Vert.x's cluster manager reads its node id from when given a member it did not make
    config.getMemberAttributeConfig().setAttribute("__vertx.nodeId", UUID.randomUUID().toString());
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
    CountDownLatch dataMember = new CountDownLatch(1);
    hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        if (!event.getMember().isLiteMember()) {
          dataMember.countDown();
        }
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
      }
    });
    if (hz.getCluster().getMembers().stream().anyMatch(m -> !m.isLiteMember())) {
      return hz;
    }
    try (NotReadyAnswer answer = http == null ? null : NotReadyAnswer.listen(http, "a rooms member")) {
      while (hz.getCluster().getMembers().stream().allMatch(Member::isLiteMember)
          && !dataMember.await(10, TimeUnit.SECONDS)) {
        LOG.warn("waiting for a rooms member in cluster '{}' ({} members, none running rooms); not serving until one joins",
            config.getClusterName(), hz.getCluster().getMembers().size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      hz.shutdown();
      throw new IllegalStateException("interrupted while waiting for a rooms member", e);
    } catch (Exception e) { // the port could not be taken (or freed): the ingress could not have it either
      hz.shutdown();
      throw new IllegalStateException("while waiting for a rooms member: " + e.getMessage(), e);
    }
    return hz;
  }
}
