package io.porthouse.router;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SenderOrderTest {

  private final SenderOrder order = new SenderOrder();
  private final List<String> started = new ArrayList<>();

  private Future<String> step(String name) {
    started.add(name);
    return Future.succeededFuture(name);
  }

  @Test
  void aSendersNextStepsStartInArrivalOrderEvenWhenTheChainFinishesOutOfOrder() {
    Promise<String> first = Promise.promise();
    Promise<String> second = Promise.promise();
    order.submit("s", first.future(), this::step);
    order.submit("s", second.future(), this::step);
    second.complete("m2");
    assertThat(started).isEmpty(); // m1 is still in the chain
    first.complete("m1");
    assertThat(started).containsExactly("m1", "m2");
    assertThat(order.inFlight()).isZero();
  }

  @Test
  void otherSendersAreNotHeldBackAndAFailedChainReleasesTheNext() {
    Promise<String> slow = Promise.promise();
    Future<String> failed = order.submit("a", slow.future(), this::step);
    order.submit("b", Future.succeededFuture("b1"), this::step);
    assertThat(started).containsExactly("b1");
    Future<String> next = order.submit("a", Future.succeededFuture("a2"), this::step);
    slow.fail("too large");
    assertThat(failed.failed()).isTrue();
    assertThat(next.result()).isEqualTo("a2");
    assertThat(started).containsExactly("b1", "a2");
  }

  @Test
  void aSendersNextStepWaitsUntilItsPreviousStepFinished() {
    Promise<String> firstStep = Promise.promise();
    order.submit("s", Future.succeededFuture("m1"), m -> {
      started.add(m);
      return firstStep.future();
    });
    order.submit("s", Future.succeededFuture("m2"), this::step);
    assertThat(started).containsExactly("m1");
    firstStep.complete("done");
    assertThat(started).containsExactly("m1", "m2");
  }

  @Test
  void synchronousWorkLeavesNothingBehind() {
    order.submit("s", Future.succeededFuture("m1"), this::step);
    assertThat(order.inFlight()).isZero();
    assertThat(started).containsExactly("m1");
  }
}
