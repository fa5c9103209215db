package io.porthouse.auth;

import io.porthouse.core.bus.Identity;
import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TokenVerifierTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
  private Vertx vertx;
  private TokenIssuer issuer;
  private TokenVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    JsonObject conf = PorthouseConfig.of(new JsonObject().put("auth", new JsonObject().put("jwtSecret", SECRET))).json();
    JWTAuth jwt = JWTAuth.create(vertx, JwtKeys.load(conf));
    issuer = new TokenIssuer(jwt, conf);
    verifier = new TokenVerifier(jwt);
  }

  @AfterEach
  void tearDown() {
    vertx.close();
  }

  @Test
  void validTokenGivesSubAndRoles() throws Exception {
    Identity id = await(verifier.verify(issuer.issue("alice", List.of("primary", "x"), 60)));
    assertThat(id.client()).isEqualTo("alice");
    assertThat(id.roles()).containsExactly("primary", "x");
  }

  @Test
  void expiredTamperedForeignAndEmptyTokensAreUnauthorized() throws Exception {
    String good = issuer.issue("alice", List.of(), 60);
    JWTAuth otherKey = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer("another-secret-another-secret-another")));
    String foreign = otherKey.generateToken(new JsonObject(), new JWTOptions().setSubject("alice"));
    JWTAuth sameKey = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    long anHourAgo = System.currentTimeMillis() / 1000 - 3600;
    String expired = sameKey.generateToken(new JsonObject().put("sub", "alice").put("exp", anHourAgo), new JWTOptions());
    String[] parts = good.split("\\.");
    String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
    for (String bad : List.of(expired, foreign, tampered, "not-a-jwt", "", good.substring(0, good.length() - 1))) {
      assertUnauthorized(bad);
    }
  }

  @Test
  void tokenWithoutSubIsUnauthorized() throws Exception {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    assertUnauthorized(jwt.generateToken(new JsonObject().put("roles", List.of("primary"))));
  }

  @Test
  void aTokenWithoutExpIsRefusedUnlessConfigAllowsIt() throws Exception {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    String forever = jwt.generateToken(new JsonObject().put("sub", "alice"));
    assertUnauthorized(forever);
    Identity allowed = await(new TokenVerifier(jwt, true).verify(forever));
    assertThat(allowed.expiresAt()).isEqualTo(Identity.NEVER);
    assertThat(await(verifier.verify(issuer.issue("alice", List.of(), 60))).expiresAt())
        .isBetween(System.currentTimeMillis() / 1000 + 55, System.currentTimeMillis() / 1000 + 61);
  }

  @Test
  void anIdentityProvidersTokenIsTakenUnlessItsSubNamesABuiltInAccount() throws Exception {
    JWTAuth provider = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer("the-identity-providers-own-key-0123456789")));
    verifier.useProviders(provider).accounts(sub -> io.vertx.core.Future.succeededFuture("alice".equals(sub)));
    long exp = System.currentTimeMillis() / 1000 + 60;
    String carol = provider.generateToken(new JsonObject().put("sub", "carol").put("exp", exp), new JWTOptions());
    assertThat(await(verifier.verify(carol)).client()).isEqualTo("carol");
    String alice = provider.generateToken(new JsonObject().put("sub", "alice").put("exp", exp), new JWTOptions());
    assertUnauthorized(alice); // another issuer never speaks for a built-in account
    assertThat(await(verifier.verify(issuer.issue("alice", List.of(), 60))).client()).as("the server's own token").isEqualTo("alice");
  }

  private void assertUnauthorized(String token) throws Exception {
    Throwable error = verifier.verify(token).toCompletionStage().toCompletableFuture()
        .handle((ok, e) -> e).get(5, TimeUnit.SECONDS);
    assertThat(error).as("token %s", token).isInstanceOfSatisfying(PorthouseException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
