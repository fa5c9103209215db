package io.porthouse.auth;

import io.porthouse.auth.accounts.AccountStore;
import io.porthouse.auth.accounts.Logins;
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
  private AccountStore accounts;

  @Override
  public Future<?> stop() {
    return accounts == null ? Future.succeededFuture() : accounts.close();
  }

  @Override
  public Future<?> start() {
    JsonObject conf = config();
    return vertx.executeBlocking(() -> JwtKeys.load(conf))
        .compose(options -> {
          JWTAuth jwt = JWTAuth.create(vertx, options);
          TokenVerifier verifier = new TokenVerifier(jwt, conf.getJsonObject("auth").getBoolean("allowTokensWithoutExpiry"));
          accounts = AccountStore.open(vertx, conf);
          Logins logins = new Logins(vertx, accounts, new TokenIssuer(jwt, conf),
              conf.getJsonObject("auth").getLong("defaultTtlSeconds"), conf.getJsonObject("rooms").getInteger("passwordIterations"));
          return accounts.migrate().compose(v -> logins.register()).compose(v -> vertx.eventBus().<JsonObject>consumer(
              Addresses.AUTH_VERIFY, msg -> verifier.verify(msg.body().getString("token"))
                  .onSuccess(identity -> msg.reply(identity.toJson()))
                  .onFailure(e -> BusErrors.fail(msg, e))).completion());
        })
        .onSuccess(v -> LOG.info("auth: verifying {} tokens on {}", conf.getJsonObject("auth").getString("algorithm"),
            Addresses.AUTH_VERIFY));
  }
}
