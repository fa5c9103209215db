package io.porthouse.router;

import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InOrderReleaseTest {

  private final InOrderRelease order = new InOrderRelease();
  private final List<String> released = new ArrayList<>();

  @Test
  void laterResultsWaitForEarlierOnesOfTheSameKey() {
    Promise<String> a1 = Promise.promise();
    Promise<String> a2 = Promise.promise();
    Promise<String> b1 = Promise.promise();
    order.submit("a", a1.future(), ar -> released.add(ar.result()));
    order.submit("a", a2.future(), ar -> released.add(ar.result()));
    order.submit("b", b1.future(), ar -> released.add(ar.result()));
    a2.complete("a2");
    b1.complete("b1");
    assertThat(released).containsExactly("b1");
    a1.complete("a1");
    assertThat(released).containsExactly("b1", "a1", "a2");
    assertThat(order.keysInFlight()).isZero();
  }

  @Test
  void failuresAreReleasedInOrderToo() {
    Promise<String> first = Promise.promise();
    order.submit("a", first.future(), ar -> released.add(ar.failed() ? "failed" : ar.result()));
    order.submit("a", io.vertx.core.Future.succeededFuture("second"), ar -> released.add(ar.result()));
    assertThat(released).isEmpty();
    first.fail("no");
    assertThat(released).containsExactly("failed", "second");
  }
}
