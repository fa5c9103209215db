package io.porthouse.auth;

import io.porthouse.core.bus.Identity;
import io.porthouse.core.config.ConfigException;
import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RS256 with PEM files: the private key signs (token command), the public key alone verifies (auth verticle). */
class JwtKeysTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static JsonObject rsConfig(Path publicKey, Path privateKey) {
    JsonObject auth = new JsonObject().put("algorithm", "RS256").put("publicKeyFile", publicKey.toString());
    if (privateKey != null) {
      auth.put("privateKeyFile", privateKey.toString());
    }
    return PorthouseConfig.of(new JsonObject().put("auth", auth)).json();
  }

  @Test
  void rs256SignsWithThePrivateKeyAndVerifiesWithThePublicOneAlone(@TempDir Path dir) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Path pub = Files.writeString(dir.resolve("pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    Path priv = Files.writeString(dir.resolve("priv.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));

    JsonObject signing = rsConfig(pub, priv);
    String token = new TokenIssuer(JWTAuth.create(vertx, JwtKeys.load(signing)), signing).issue("rita", List.of("owner"), 60);
    assertThat(token.split("\\.")[0]).isEqualTo(Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"typ\":\"JWT\",\"alg\":\"RS256\"}".getBytes()));

    TokenVerifier verifier = new TokenVerifier(JWTAuth.create(vertx, JwtKeys.load(rsConfig(pub, null))));
    Identity id = verifier.verify(token).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(id.client()).isEqualTo("rita");
    assertThat(id.roles()).containsExactly("owner");

    // an HS256 token (algorithm confusion) is refused by the RS256 verifier
    JsonObject hs = PorthouseConfig.of(new JsonObject().put("auth", new JsonObject()
        .put("jwtSecret", "0123456789abcdef0123456789abcdef-hs"))).json();
    String hsToken = new TokenIssuer(JWTAuth.create(vertx, JwtKeys.load(hs)), hs).issue("rita", List.of(), 60);
    Throwable error = verifier.verify(hsToken).toCompletionStage().toCompletableFuture().handle((ok, e) -> e).get(5, TimeUnit.SECONDS);
    assertThat(error).isInstanceOf(PorthouseException.class);
  }

  @Test
  void missingOrShortKeysAreConfigErrors(@TempDir Path dir) {
    assertThatThrownBy(() -> JwtKeys.load(PorthouseConfig.of(new JsonObject().put("auth", new JsonObject()
        .put("algorithm", "RS256"))).json())).isInstanceOf(ConfigException.class).hasMessageContaining("publicKeyFile");
    assertThatThrownBy(() -> JwtKeys.load(rsConfig(dir.resolve("absent.pem"), null)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("absent.pem");
    assertThatThrownBy(() -> JwtKeys.load(PorthouseConfig.of(new JsonObject().put("auth", new JsonObject()
        .put("jwtSecret", "short"))).json())).hasMessageContaining("at least 32");
    assertThatThrownBy(() -> JwtKeys.load(PorthouseConfig.of(new JsonObject().put("auth", new JsonObject()
        .put("algorithm", "none"))).json())).hasMessageContaining("auth.algorithm");
  }
}
