package io.porthouse.router;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.cluster.ActiveStandby;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.porthouse.router.chain.InterceptorChain;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives every envelope on {@link Addresses#ROUTER_ROUTE}, runs it through the interceptor
 * chain, and hands it to the rooms owner to be sequenced and fanned out; replies {@code {"seq":n}}
 * or the first error. One instance is active per cluster ({@link ActiveStandby}), so one sender's
 * messages reach the rooms owner in the order sent.
 */
public final class RouterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RouterVerticle.class);

  private final InOrderRelease order = new InOrderRelease();
  private ActiveStandby activeStandby;
  private InterceptorChain chain;
  private EventBus bus;

  @Override
  public Future<?> start() {
    EnvelopeCodec.ensureRegistered(vertx);
    bus = vertx.eventBus();
    activeStandby = new ActiveStandby(vertx, Addresses.LOCK_ROUTER, "router");
    return InterceptorChain.fromConfig(vertx, config())
        .compose(c -> {
          chain = c;
          return activeStandby.start(this::serve);
        });
  }

  @Override
  public Future<?> stop() {
    activeStandby.stop();
    return Future.succeededFuture();
  }

  private Future<Void> serve() {
    return bus.<Envelope>consumer(Addresses.ROUTER_ROUTE, this::route).completion()
        .onSuccess(v -> LOG.info("router: active on {}, chain {}", Addresses.ROUTER_ROUTE, chain.names()));
  }

  private void route(Message<Envelope> msg) {
    Envelope envelope = msg.body();
    order.submit(envelope.socket(), chain.run(envelope), passed -> {
      if (passed.failed()) {
        BusErrors.fail(msg, passed.cause());
        return;
      }
      // Issued in arrival order: the rooms owner sequences one sender's messages as sent.
      bus.<JsonObject>request(Addresses.ROOMS_PUBLISH, passed.result())
          .onSuccess(reply -> msg.reply(reply.body()))
          .onFailure(e -> BusErrors.fail(msg, e));
    });
  }
}
