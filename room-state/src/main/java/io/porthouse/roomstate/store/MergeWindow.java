package io.porthouse.roomstate.store;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;

/**
 * When this member last saw a side of the cluster arrive: any member joined its cluster (the
 * first of a merging side may be an ingress, its rooms JVMs follow), or this member began or
 * ended a merge into another. For {@link #SETTLE_MILLIS} after that a room missing from the map
 * may still be on its way (a merging side's entries come in after its members have joined), so a
 * restated membership must not make it again yet: the room made anew would win over the real one,
 * which the merge then drops (seen in the partition test, twice: a restate sent while its ingress
 * was still MERGING, and one right after its MERGED, each made a room of the other side again
 * under a new epoch, its rules lost).
 */
final class MergeWindow implements MembershipListener, LifecycleListener {

  /** How long after rooms arrive a missing room counts as possibly on its way. */
  static final long SETTLE_MILLIS = 20_000;

  private volatile long lastArrival;

  /** Whether no side arrived in the last {@link #SETTLE_MILLIS} before {@code nowMillis}. */
  boolean settled(long nowMillis) {
    return nowMillis - lastArrival >= SETTLE_MILLIS;
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    lastArrival = System.currentTimeMillis();
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
  }

  @Override
  public void stateChanged(LifecycleEvent event) {
    if (event.getState() == LifecycleEvent.LifecycleState.MERGING || event.getState() == LifecycleEvent.LifecycleState.MERGED) {
      lastArrival = System.currentTimeMillis();
    }
  }
}
