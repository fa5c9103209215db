package io.porthouse.roomstate.store;

import com.hazelcast.core.LifecycleEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A restate may make a missing room again only once no side of the cluster arrived for a while. */
class MergeWindowTest {

  @Test
  void aMergeThatBeginsOpensTheWindowBeforeItEnds() {
    MergeWindow window = new MergeWindow();
    assertThat(window.settled(System.currentTimeMillis())).as("nothing arrived yet").isTrue();
    window.stateChanged(new LifecycleEvent(LifecycleEvent.LifecycleState.MERGING));
    long now = System.currentTimeMillis();
    assertThat(window.settled(now)).as("while merging, rooms may be on their way").isFalse();
    assertThat(window.settled(now + MergeWindow.SETTLE_MILLIS + 1)).isTrue();
    window.stateChanged(new LifecycleEvent(LifecycleEvent.LifecycleState.STARTED));
    assertThat(window.settled(now + MergeWindow.SETTLE_MILLIS + 1)).as("other lifecycle states change nothing").isTrue();
  }
}
