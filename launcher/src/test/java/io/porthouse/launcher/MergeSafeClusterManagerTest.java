package io.porthouse.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.core.LifecycleEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hazelcast's merge task fires its lifecycle events while another Hazelcast thread may hold the
 * cluster manager's monitor in a blocking {@code memberRemoved}: the events must not wait for it.
 */
class MergeSafeClusterManagerTest {

  @Test
  void lifecycleEventsDoNotWaitForTheMonitorThatMemberRemovedHolds() throws Exception {
    MergeSafeClusterManager manager = new MergeSafeClusterManager(new Config());
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread memberRemoved = new Thread(() -> {
      synchronized (manager) { // as memberRemoved does while its map calls wait for a partition owner
        held.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    memberRemoved.start();
    try {
      assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
      // a deadlock, not a speed: with Vert.x's synchronized listener these calls never return
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        for (LifecycleEvent.LifecycleState state : LifecycleEvent.LifecycleState.values()) {
          manager.stateChanged(new LifecycleEvent(state));
        }
      });
    } finally {
      release.countDown();
      memberRemoved.join();
    }
  }
}
