package io.porthouse.hooks;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.HookCall;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;

/**
 * The application's backend, reached over HTTP (config {@code hooks}): answers
 * {@link Addresses#HOOKS_CALL} (local: beside every router) with one {@link HookClient} per hook.
 * Without {@code hooks.url} it answers every call {@code unavailable}: nothing asks then, since
 * config refuses a hook turned on without a backend.
 */
public final class HooksVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HooksVerticle.class);

  private final Map<HookCall.Hook, HookClient> backends = new EnumMap<>(HookCall.Hook.class);
  private WebClient client;

  @Override
  public Future<?> start() {
    JsonObject settings = config().getJsonObject("hooks");
    if (settings.getString("url") != null) {
      client = WebClient.create(vertx, new WebClientOptions()
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.getLong("timeoutMillis")))
          .setUserAgent("porthouse-hooks"), new PoolOptions().setHttp1MaxSize(Math.min(settings.getInteger("maxInFlight"), 64)));
      RequestSigner signer = new RequestSigner(settings.getString("secret"));
      for (HookCall.Hook hook : HookCall.Hook.values()) {
        backends.put(hook, new HookClient(vertx, client, hook, settings, signer));
      }
      LOG.info("hooks: backend {}", settings.getString("url"));
    }
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.HOOKS_CALL, this::call).completion();
  }

  private void call(Message<JsonObject> msg) {
    HookCall call;
    try {
      call = HookCall.fromJson(msg.body());
    } catch (RuntimeException e) {
      BusErrors.fail(msg, PorthouseException.badRequest(e.getMessage()));
      return;
    }
    HookClient backend = backends.get(call.hook());
    if (backend == null) {
      BusErrors.fail(msg, PorthouseException.of(ErrorCode.UNAVAILABLE, "no application backend is configured (hooks.url)"));
      return;
    }
    backend.call(call.body()).onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result());
      } else {
        BusErrors.fail(msg, ar.cause());
      }
    });
  }

  @Override
  public Future<?> stop() {
    if (client != null) {
      client.close();
    }
    return Future.succeededFuture();
  }
}
