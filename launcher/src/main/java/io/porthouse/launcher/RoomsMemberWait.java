package io.porthouse.launcher;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Joins a lite member (a JVM without rooms) to its cluster and waits until the cluster has a
 * rooms member, saying so every 10 s. Started together (as a compose file or Kubernetes does), an
 * ingress JVM can be up before any rooms JVM, and Vert.x's start writes to a cluster map that no
 * lite member can hold: it would fail. Blocking: runs on a thread of its own, never an event loop.
 */
final class RoomsMemberWait {

  private static final Logger LOG = LoggerFactory.getLogger(RoomsMemberWait.class);

  private RoomsMemberWait() {
  }

  /** This JVM's member of {@code config}'s cluster, once the cluster has a member that holds data. */
  static HazelcastInstance join(Config config) {
    // the attribute Vert.x's cluster manager reads its node id from when given a member it did not make
    config.getMemberAttributeConfig().setAttribute("__vertx.nodeId", java.util.UUID.randomUUID().toString());
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
    try {
      while (hz.getCluster().getMembers().stream().allMatch(Member::isLiteMember)
          && !dataMember.await(10, TimeUnit.SECONDS)) {
        LOG.warn("waiting for a rooms member in cluster '{}' ({} members, none running rooms); not serving until one joins",
            config.getClusterName(), hz.getCluster().getMembers().size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      hz.shutdown();
      throw new IllegalStateException("interrupted while waiting for a rooms member", e);
    }
    return hz;
  }
}
