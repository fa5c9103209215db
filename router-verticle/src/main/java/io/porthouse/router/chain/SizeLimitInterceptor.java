package io.porthouse.router.chain;

import io.porthouse.core.chain.EnvelopeInterceptor;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Rejects payloads over {@code router.maxPayloadBytes} with {@code too_large}, whatever ingress
 * they came from (the WebSocket ingress also limits whole frames; TCP, UDP and plugins may not).
 */
public final class SizeLimitInterceptor implements EnvelopeInterceptor {

  private int maxBytes;

  @Override
  public Future<Void> init(Vertx vertx, JsonObject config) {
    maxBytes = config.getJsonObject("router").getInteger("maxPayloadBytes");
    return Future.succeededFuture();
  }

  @Override
  public Future<Envelope> intercept(Envelope envelope) {
    if (envelope.payload().length() > maxBytes) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.TOO_LARGE,
          "payload of " + envelope.payload().length() + " bytes is over the limit of " + maxBytes));
    }
    return Future.succeededFuture(envelope);
  }
}
