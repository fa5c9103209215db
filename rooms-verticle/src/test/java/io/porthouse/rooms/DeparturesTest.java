package io.porthouse.rooms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeparturesTest {

  private final Departures departures = new Departures();

  @Test
  void aDepartureSeenWithTheQuorumCountsAtOnce() {
    departures.left("ingress-a", 1_000, true);
    assertThat(departures.dead(1_000, true)).containsExactly("ingress-a");
  }

  @Test
  void nothingCountsWhileThisSideLacksTheQuorum() {
    departures.left("ingress-a", 1_000, true);
    assertThat(departures.dead(2_000, false)).isEmpty();
  }

  @Test
  void aDepartureSeenWithoutTheQuorumWaitsUntilTheRegainedQuorumHasHeld() {
    // a thawed JVM alone sees everyone leave; then the others merge back one by one
    departures.left("ingress-a", 1_000, false);
    departures.left("rooms-b", 1_000, false);
    assertThat(departures.dead(2_000, false)).isEmpty();
    assertThat(departures.back("rooms-b")).isTrue(); // the quorum is back with rooms-b
    assertThat(departures.dead(3_000, true)).as("ingress-a may be on its way back").isEmpty();
    assertThat(departures.dead(3_000 + Departures.GRACE_MILLIS - 1, true)).isEmpty();
    assertThat(departures.dead(3_000 + Departures.GRACE_MILLIS, true)).containsExactly("ingress-a");
  }

  @Test
  void aNodeThatComesBackWithinTheGraceIsNeverDead() {
    departures.left("ingress-a", 1_000, false);
    assertThat(departures.dead(2_000, true)).isEmpty();
    assertThat(departures.back("ingress-a")).isTrue();
    assertThat(departures.dead(2_000 + Departures.GRACE_MILLIS, true)).isEmpty();
    assertThat(departures.back("ingress-a")).as("not given up for dead twice").isFalse();
  }

  @Test
  void losingTheQuorumAgainStartsTheGraceOver() {
    departures.left("ingress-a", 1_000, false);
    assertThat(departures.dead(2_000, true)).isEmpty();
    assertThat(departures.dead(2_000 + Departures.GRACE_MILLIS - 10, false)).isEmpty();
    assertThat(departures.dead(2_000 + Departures.GRACE_MILLIS, true)).isEmpty();
    assertThat(departures.dead(2_000 + 2 * Departures.GRACE_MILLIS, true)).containsExactly("ingress-a");
  }

  @Test
  void departuresAreForgottenAfterAWhileAndOnAMerge() {
    departures.left("ingress-a", 1_000, true);
    assertThat(departures.dead(1_000 + Departures.MEMORY_MILLIS + 1, true)).isEmpty();
    departures.left("ingress-b", 1_000, true);
    departures.clear();
    assertThat(departures.dead(1_000, true)).isEmpty();
  }
}
