package io.porthouse.router;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SenderOrderTest {

  /** Messages are "room:name"; a step answers each message with its name and records the batch. */
  private final List<List<String>> batches = new ArrayList<>();
  private Promise<Void> stepDone; // null: steps finish at once

  private final SenderOrder<String, String> order = new SenderOrder<>(3, m -> m.split(":")[0], batch -> {
    List<String> names = batch.stream().map(SenderOrder.Pending::message).toList();
    batches.add(names);
    Future<Void> done = stepDone == null ? Future.succeededFuture() : stepDone.future();
    return done.onSuccess(v -> batch.forEach(p -> p.answer().complete(p.message())));
  });

  @Test
  void aSendersStepsStartInArrivalOrderEvenWhenTheChainFinishesOutOfOrder() {
    Promise<String> first = Promise.promise();
    Promise<String> second = Promise.promise();
    order.submit("s", first.future());
    Future<String> m2 = order.submit("s", second.future());
    second.complete("r:m2");
    assertThat(batches).isEmpty(); // m1 is still in the chain
    first.complete("r:m1");
    assertThat(batches).containsExactly(List.of("r:m1", "r:m2"));
    assertThat(m2.result()).isEqualTo("r:m2");
    assertThat(order.inFlight()).isZero();
  }

  @Test
  void whatWaitsForAStepInFlightGoesInTheNextStepBatchedByRoomAndBounded() {
    stepDone = Promise.promise();
    order.submit("s", Future.succeededFuture("a:1"));
    List<Future<String>> answers = new ArrayList<>();
    for (String m : List.of("a:2", "a:3", "a:4", "a:5", "b:6", "a:7")) {
      answers.add(order.submit("s", Future.succeededFuture(m)));
    }
    assertThat(batches).containsExactly(List.of("a:1"));
    Promise<Void> first = stepDone;
    stepDone = null;
    first.complete();
    assertThat(batches).containsExactly(List.of("a:1"), List.of("a:2", "a:3", "a:4"), List.of("a:5"), List.of("b:6"),
        List.of("a:7"));
    assertThat(answers).allMatch(Future::succeeded);
    assertThat(order.inFlight()).isZero();
  }

  @Test
  void otherSendersAreNotHeldBackAndAFailedChainReleasesTheNext() {
    Promise<String> slow = Promise.promise();
    Future<String> failed = order.submit("a", slow.future());
    order.submit("b", Future.succeededFuture("r:b1"));
    assertThat(batches).containsExactly(List.of("r:b1"));
    Future<String> next = order.submit("a", Future.succeededFuture("r:a2"));
    slow.fail("too large");
    assertThat(failed.cause()).hasMessage("too large");
    assertThat(next.result()).isEqualTo("r:a2");
    assertThat(batches).containsExactly(List.of("r:b1"), List.of("r:a2"));
  }

  @Test
  void aFailedStepFailsItsMessagesAndTheNextStepStillRuns() {
    Promise<Void> failing = Promise.promise();
    stepDone = failing;
    Future<String> first = order.submit("s", Future.succeededFuture("r:1"));
    stepDone = null;
    Future<String> second = order.submit("s", Future.succeededFuture("r:2"));
    failing.fail("owner gone");
    assertThat(first.cause()).hasMessage("owner gone");
    assertThat(second.result()).isEqualTo("r:2");
  }

  @Test
  void synchronousStepsLeaveNothingBehind() {
    for (int i = 0; i < 1000; i++) {
      assertThat(order.submit("s", Future.succeededFuture("r:" + i)).result()).isEqualTo("r:" + i);
    }
    assertThat(order.inFlight()).isZero();
    assertThat(batches).hasSize(1000);
  }
}
