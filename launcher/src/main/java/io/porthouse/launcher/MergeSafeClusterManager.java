package io.porthouse.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Vert.x's Hazelcast cluster manager, kept off Hazelcast's merge path. Its lifecycle listener is
 * {@code synchronized} on the manager, and so is {@code memberRemoved}, which runs blocking map
 * calls on the cluster. When a member leaves a side that is about to merge away, those calls wait
 * for a partition owner the side no longer has, while Hazelcast's merge task fires {@code MERGING}
 * to the listener and waits for the same monitor: the side stays {@code FROZEN} and refuses every
 * merge (seen in the partition test: a lite member alone for minutes, "Ignoring join check ...
 * because cluster is in FROZEN state"; vert-x3/vertx-hazelcast#215 is the same monitor held under
 * {@code MERGED}). Here only {@code MERGED} reaches Vert.x, and on a thread of its own, so the merge
 * task never waits for the monitor.
 */
final class MergeSafeClusterManager extends HazelcastClusterManager {

  MergeSafeClusterManager(Config config) {
    super(config);
  }

  MergeSafeClusterManager(HazelcastInstance instance) {
    super(instance);
  }

  @Override
  public void stateChanged(LifecycleEvent event) {
    if (event.getState() != LifecycleEvent.LifecycleState.MERGED) {
      return; // Vert.x acts on MERGED only
    }
    Thread merged = new Thread(() -> super.stateChanged(event), "porthouse-merged");
    merged.setDaemon(true);
    merged.start();
  }
}
