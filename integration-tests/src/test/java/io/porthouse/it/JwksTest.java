package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** External JWTs from an identity provider's JWKS (served here over real HTTP), beside the server's own tokens. */
class JwksTest {

  private static Vertx provider;
  private static HttpServer jwks;
  private static EmbeddedFixture porthouse;
  private static JWTAuth signer;
  private static JWTAuth stranger;

  @BeforeAll
  static void start() throws Exception {
    provider = Vertx.vertx();
    KeyPair keys = rsa();
    JsonObject publicJwk = jwk((RSAPublicKey) keys.getPublic(), null, "idp-1");
    jwks = WsTestClient.await(provider.createHttpServer()
        .requestHandler(req -> req.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("keys", new JsonArray().add(publicJwk)).encode()))
        .listen(0, "127.0.0.1"));
    signer = JWTAuth.create(provider, new JWTAuthOptions().addJwk(jwk((RSAPublicKey) keys.getPublic(),
        (RSAPrivateCrtKey) keys.getPrivate(), "idp-1")));
    KeyPair other = rsa();
    stranger = JWTAuth.create(provider, new JWTAuthOptions().addJwk(jwk((RSAPublicKey) other.getPublic(),
        (RSAPrivateCrtKey) other.getPrivate(), "idp-1")));
    porthouse = EmbeddedFixture.start(new JsonObject().put("auth", new JsonObject()
        .put("jwksUrl", "http://127.0.0.1:" + jwks.actualPort() + "/.well-known/jwks.json")));
  }

  @AfterAll
  static void stop() {
    if (porthouse != null) {
      porthouse.close();
    }
    WsTestClient.await(provider.close());
  }

  private static String token(JWTAuth by, String sub) {
    return by.generateToken(new JsonObject().put("roles", new JsonArray().add("primary")),
        new JWTOptions().setAlgorithm("RS256").setSubject(sub).setExpiresInMinutes(10));
  }

  @Test
  void tokensOfTheProviderAreTakenBesideTheServersOwnAndForgedOnesAreNot() {
    try (WsTestClient ext = WsTestClient.connectWithToken(porthouse.clientVertx(), porthouse.port(), token(signer, "ext-alice"));
         WsTestClient own = porthouse.as("own-bob")) {
      assertThat(ext.welcome().getString("client")).isEqualTo("ext-alice");
      assertThat(own.welcome().getString("client")).isEqualTo("own-bob");
    }
    assertThat(WsTestClient.upgradeStatus(porthouse.clientVertx(), porthouse.port(), "/ws?token=" + token(stranger, "mallory"),
        io.vertx.core.MultiMap.caseInsensitiveMultiMap())).as("signed by another key with the same kid").isEqualTo(401);
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static JsonObject jwk(RSAPublicKey pub, RSAPrivateCrtKey priv, String kid) {
    JsonObject k = new JsonObject().put("kty", "RSA").put("alg", "RS256").put("use", "sig").put("kid", kid)
        .put("n", b64(pub.getModulus())).put("e", b64(pub.getPublicExponent()));
    if (priv != null) {
      k.put("d", b64(priv.getPrivateExponent())).put("p", b64(priv.getPrimeP())).put("q", b64(priv.getPrimeQ()))
          .put("dp", b64(priv.getPrimeExponentP())).put("dq", b64(priv.getPrimeExponentQ())).put("qi", b64(priv.getCrtCoefficient()));
    }
    return k;
  }

  private static String b64(BigInteger v) {
    byte[] bytes = v.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
