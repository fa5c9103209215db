package io.porthouse.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.config.PorthouseConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two rooms verticles: one serves, the other takes over when the first is undeployed. */
@ExtendWith(VertxExtension.class)
class RoomsActiveStandbyTest {

  @Test
  void standbyTakesOverWhenTheActiveOneStops(Vertx vertx, VertxTestContext ctx) throws Exception {
    DeploymentOptions options = new DeploymentOptions().setConfig(PorthouseConfig.defaults().json());
    String first = vertx.deployVerticle(new RoomsVerticle(), options).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(new RoomsVerticle(), options).await(10, TimeUnit.SECONDS);
    JsonObject list = new JsonObject();
    assertThat(vertx.eventBus().<JsonObject>request(Addresses.ROOMS_LIST, list).await(5, TimeUnit.SECONDS).body()
        .getJsonArray("rooms")).isEmpty();
    vertx.undeploy(first).await(5, TimeUnit.SECONDS);
    poll(vertx, ctx, System.currentTimeMillis() + 15_000);
  }

  /** Polls the list address until the standby answers, or fails at the deadline. */
  private static void poll(Vertx vertx, VertxTestContext ctx, long deadline) {
    vertx.eventBus().request(Addresses.ROOMS_LIST, new JsonObject())
        .onSuccess(reply -> ctx.completeNow())
        .onFailure(e -> {
          if (System.currentTimeMillis() > deadline) {
            ctx.failNow(new AssertionError("standby did not take over: " + e));
          } else {
            vertx.setTimer(100, t -> poll(vertx, ctx, deadline));
          }
        });
  }

}
