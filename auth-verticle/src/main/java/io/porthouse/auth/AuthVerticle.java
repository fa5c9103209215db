package io.porthouse.auth;

import io.porthouse.auth.accounts.AccountStore;
import io.porthouse.auth.accounts.Logins;
import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.TokenCheck;
import io.porthouse.core.security.HashingPool;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies tokens for every ingress, on {@link Addresses#AUTH_VERIFY}. Stateless: run as many
 * instances as you like; the event bus spreads requests over them.
 */
public final class AuthVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);
  private AccountStore accounts;
  private HashingPool hashing;
  private JwksKeys jwks;
  private long refresh = -1;

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(refresh);
    Future<Void> keys = jwks == null ? Future.succeededFuture() : jwks.close();
    return keys.eventually(() -> accounts == null ? Future.succeededFuture() : accounts.close())
        .eventually(() -> hashing == null ? Future.succeededFuture() : hashing.close());
  }

  @Override
  public Future<?> start() {
    JsonObject conf = config();
    JsonObject auth = conf.getJsonObject("auth");
    String jwksUrl = auth.getString("jwksUrl");
    return vertx.executeBlocking(() -> JwtKeys.load(conf))
        .compose(own -> {
          if (jwksUrl == null) {
            return Future.succeededFuture(new JWTAuthOptions[] {own, null});
          }
          jwks = new JwksKeys(vertx, jwksUrl);
          return jwks.fetch().map(keys -> new JWTAuthOptions[] {own, JwksKeys.of(own, keys)});
        })
        .compose(both -> {
          JWTAuthOptions own = both[0];
          JWTAuth jwt = JWTAuth.create(vertx, own); // signs (logins) and verifies the server's own tokens
          accounts = AccountStore.open(vertx, conf);
          TokenVerifier verifier = new TokenVerifier(jwt, auth.getBoolean("allowTokensWithoutExpiry"))
              .accounts(sub -> accounts.find(sub).map(Objects::nonNull));
          if (jwks != null) {
            verifier.useProviders(JWTAuth.create(vertx, both[1]));
            refresh = jwks.refreshEvery(auth.getLong("jwksRefreshSeconds"), own, verifier::useProviders);
          }
          hashing = new HashingPool(vertx, auth.getInteger("hashWorkers"), auth.getInteger("hashQueue"));
          Logins logins = new Logins(vertx, accounts, new TokenIssuer(jwt, conf), auth.getLong("defaultTtlSeconds"),
              conf.getJsonObject("rooms").getInteger("passwordIterations"), hashing);
          return accounts.migrate().compose(v -> logins.register()).compose(v -> vertx.eventBus().<JsonObject>consumer(
              Addresses.AUTH_VERIFY, msg -> verifier.verify(TokenCheck.fromJson(msg.body()).token())
                  .onSuccess(identity -> msg.reply(identity.toJson()))
                  .onFailure(e -> BusErrors.fail(msg, e))).completion());
        })
        .onSuccess(v -> LOG.info("auth: verifying {} tokens{} on {}", auth.getString("algorithm"),
            jwksUrl == null ? "" : " and those of the JWKS at " + jwksUrl, Addresses.AUTH_VERIFY));
  }
}
