package io.porthouse.auth;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies tokens for every ingress, on {@link Addresses#AUTH_VERIFY}. Stateless: run as many
 * instances as you like; the event bus spreads requests over them.
 */
public final class AuthVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);

  @Override
  public Future<?> start() {
    JsonObject conf = config();
    return vertx.executeBlocking(() -> JwtKeys.load(conf))
        .compose(options -> {
          TokenVerifier verifier = new TokenVerifier(JWTAuth.create(vertx, options),
              conf.getJsonObject("auth").getBoolean("allowTokensWithoutExpiry"));
          return vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_VERIFY, msg ->
              verifier.verify(msg.body().getString("token"))
                  .onSuccess(identity -> msg.reply(identity.toJson()))
                  .onFailure(e -> BusErrors.fail(msg, e))).completion();
        })
        .onSuccess(v -> LOG.info("auth: verifying {} tokens on {}", conf.getJsonObject("auth").getString("algorithm"),
            Addresses.AUTH_VERIFY));
  }
}
