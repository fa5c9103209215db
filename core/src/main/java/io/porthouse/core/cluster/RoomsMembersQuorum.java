package io.porthouse.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;

import java.util.Collection;

/**
 * Split-brain protection for room state: a side of the cluster may touch rooms only while it
 * sees at least {@code minimum} data members (JVMs running {@code rooms}); lite members (ingress
 * only) do not count, since they hold no room state.
 */
public final class RoomsMembersQuorum implements SplitBrainProtectionFunction {

  private final int minimum;

  public RoomsMembersQuorum(int minimum) {
    this.minimum = minimum;
  }

  @Override
  public boolean apply(Collection<Member> members) {
    return members.stream().filter(m -> !m.isLiteMember()).count() >= minimum;
  }
}
