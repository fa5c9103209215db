package io.porthouse.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.splitbrainprotection.HeartbeatAware;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Split-brain protection for room state: a side of the cluster may touch rooms only while it
 * sees at least {@code minimum} data members (JVMs running {@code rooms}) that are alive now:
 * this member, and those it had a heartbeat from within {@link #TOLERANCE_MILLIS}. Lite members
 * (ingress only) do not count, since they hold no room state.
 *
 * <p>The heartbeats matter after a pause: a JVM that thaws still lists every member it knew, and
 * a plain member count would let it serve rooms the others took over while it was frozen, until
 * it notices it was dropped. Counting only members heard from recently, it refuses at once.
 */
public final class RoomsMembersQuorum implements SplitBrainProtectionFunction, HeartbeatAware, MembershipListener {

  /** A member not heard from for this long does not count (heartbeats come every second). */
  static final long TOLERANCE_MILLIS = 8_000;

  private final int minimum;
  private final Map<Member, Long> lastHeartbeat = new ConcurrentHashMap<>();

  public RoomsMembersQuorum(int minimum) {
    this.minimum = minimum;
  }

  @Override
  public boolean apply(Collection<Member> members) {
    long now = System.currentTimeMillis();
    int alive = 0;
    for (Member m : members) {
      if (m.isLiteMember()) {
        continue;
      }
      Long heard = lastHeartbeat.get(m);
      if (m.localMember() || heard != null && now - heard < TOLERANCE_MILLIS) {
        alive++;
      }
    }
    return alive >= minimum;
  }

  @Override
  public void onHeartbeat(Member member, long timestamp) {
    // when it arrived here, by this JVM's clock (the sender's timestamp is another host's clock)
    lastHeartbeat.put(member, System.currentTimeMillis());
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    // a member that just joined counts from its first heartbeat
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    lastHeartbeat.remove(event.getMember());
  }
}
