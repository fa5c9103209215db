package io.porthouse.router.chain;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.chain.EnvelopeInterceptor;
import io.porthouse.core.envelope.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Asks the rooms owner whether the sender may send to the room ({@code not_found} if the room is
 * gone, {@code forbidden} if the sender is not a member). Room permission rules will hook in here.
 */
public final class MembershipInterceptor implements EnvelopeInterceptor {

  private EventBus bus;

  @Override
  public Future<Void> init(Vertx vertx, JsonObject config) {
    bus = vertx.eventBus();
    return Future.succeededFuture();
  }

  @Override
  public Future<Envelope> intercept(Envelope e) {
    JsonObject ask = new RoomCommand(e.room(), e.socket(), e.originNode(), e.client(), List.of(), null).toJson();
    return bus.request(Addresses.ROOMS_ADMIT, ask)
        .transform(ar -> ar.succeeded() ? Future.succeededFuture(e) : Future.failedFuture(BusErrors.toPorthouse(ar.cause())));
  }
}
