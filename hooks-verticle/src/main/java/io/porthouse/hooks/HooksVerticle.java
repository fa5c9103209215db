package io.porthouse.hooks;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.HookCall;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.roomstate.store.RoomStores;
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
import java.util.List;
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
  private WebClient webhookClient;
  private Webhooks webhooks;

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
    JsonObject events = config().getJsonObject("webhooks");
    if (events.getString("url") == null) {
      return vertx.eventBus().<JsonObject>localConsumer(Addresses.HOOKS_CALL, this::call).completion();
    }
    webhookClient = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, events.getLong("timeoutMillis")))
        .setUserAgent("porthouse-webhooks"), new PoolOptions().setHttp1MaxSize(Math.min(events.getInteger("maxInFlight"), 64)));
    String secret = events.getString("secret") != null ? events.getString("secret") : settings.getString("secret");
    webhooks = new Webhooks(vertx, webhookClient, RoomStores.of(vertx), events, new RequestSigner(secret));
    LOG.info("webhooks: to {}", events.getString("url"));
    return Future.all(List.of(
        vertx.eventBus().<JsonObject>localConsumer(Addresses.HOOKS_CALL, this::call).completion(),
        vertx.eventBus().<String>localConsumer(Addresses.WEBHOOKS_DRAIN, msg -> webhooks.drain(msg.body())).completion(),
        vertx.eventBus().<String>consumer(Addresses.WEBHOOKS_ORPHANED, msg -> webhooks.drain(msg.body())).completion()));
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
    if (webhooks != null) {
      webhooks.stop();
      webhookClient.close();
    }
    return Future.succeededFuture();
  }
}
