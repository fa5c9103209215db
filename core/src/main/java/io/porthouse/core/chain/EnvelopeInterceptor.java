package io.porthouse.core.chain;

import io.porthouse.core.envelope.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * One link of the router's interceptor chain (middleware). The router builds the chain from the
 * class names in config ({@code router.chain}) and runs every envelope through it in order before
 * the room sequences and delivers it.
 *
 * <p>An interceptor may inspect the envelope, return a rewritten one, or reject it by failing the
 * future with a {@link io.porthouse.core.protocol.PorthouseException} (its code reaches the
 * sender). It runs on the router's event loop: it must not block, and it should not parse the
 * payload unless that is its job. Implementations need a public no-argument constructor.
 */
public interface EnvelopeInterceptor {

  /** Called once before the first envelope, with the whole Porthouse config. */
  default Future<Void> init(Vertx vertx, JsonObject config) {
    return Future.succeededFuture();
  }

  /** Inspects, rewrites or rejects one envelope. */
  Future<Envelope> intercept(Envelope envelope);
}
