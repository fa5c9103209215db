package io.porthouse.auth;

import io.porthouse.core.Addresses;
import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.core.protocol.ErrorCode;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class AuthVerticleTest {

  @Test
  void verifiesOverTheBusWithTheGeneratedSecret(Vertx vertx, VertxTestContext ctx, @TempDir Path dataDir) {
    JsonObject conf = PorthouseConfig.of(new JsonObject().put("dataDir", dataDir.toString())).json();
    vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(conf))
        .compose(id -> vertx.executeBlocking(() -> JwtKeys.load(conf)))
        .map(options -> new TokenIssuer(JWTAuth.create(vertx, options), conf).issue("bob", List.of("owner"), 60))
        .compose(token -> vertx.eventBus().<JsonObject>request(Addresses.AUTH_VERIFY, new JsonObject().put("token", token)))
        .compose(reply -> {
          ctx.verify(() -> {
            long now = System.currentTimeMillis() / 1000;
            assertThat(reply.body().copy().put("expiresAt", 0)).isEqualTo(new JsonObject("{\"client\":\"bob\",\"roles\":[\"owner\"],\"expiresAt\":0}"));
            assertThat(reply.body().getLong("expiresAt")).as("the token's exp").isBetween(now + 55, now + 61);
          });
          return vertx.eventBus().request(Addresses.AUTH_VERIFY, new JsonObject().put("token", "garbage"));
        })
        .onSuccess(r -> ctx.failNow("garbage token accepted"))
        .onFailure(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(ReplyException.class);
          assertThat(((ReplyException) e).failureCode()).isEqualTo(ErrorCode.UNAUTHORIZED.failureCode());
          assertThat(dataDir.resolve(SecretStore.FILE_NAME)).exists();
          ctx.completeNow();
        }));
  }
}
