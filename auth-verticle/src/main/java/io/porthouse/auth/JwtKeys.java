package io.porthouse.auth;

import io.porthouse.core.config.ConfigException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.JWTOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Turns the {@code auth} config section into {@link JWTAuthOptions}: HS256 with the configured
 * secret (or the data directory's generated one), or RS256/ES256 with PEM key files (a public key
 * verifies; a private key is needed only to sign). Blocking file I/O: call it off the event loop.
 */
public final class JwtKeys {

  private static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512");

  private JwtKeys() {
  }

  /** Options for verifying (and, where a private key or secret is known, signing) tokens. */
  public static JWTAuthOptions load(JsonObject fullConfig) throws IOException {
    JsonObject auth = fullConfig.getJsonObject("auth");
    String algorithm = auth.getString("algorithm");
    JWTOptions jwt = new JWTOptions().setLeeway(auth.getInteger("leewaySeconds"));
    if (auth.getString("issuer") != null) {
      jwt.setIssuer(auth.getString("issuer"));
    }
    if (auth.getString("audience") != null) {
      jwt.addAudience(auth.getString("audience"));
    }
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwt);
    if ("HS256".equals(algorithm)) {
      String secret = auth.getString("jwtSecret");
      if (secret == null || secret.isEmpty()) {
        secret = SecretStore.loadOrCreate(Path.of(fullConfig.getString("dataDir")));
      } else if (secret.length() < 32) {
        throw new ConfigException("auth.jwtSecret (PORTHOUSE_JWT_SECRET) must be at least 32 characters for HS256");
      }
      return options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret));
    }
    if (!ASYMMETRIC.contains(algorithm)) {
      throw new ConfigException("auth.algorithm must be HS256 or one of " + ASYMMETRIC + ", got " + algorithm);
    }
    String publicKey = auth.getString("publicKeyFile");
    String privateKey = auth.getString("privateKeyFile");
    if (publicKey == null) {
      throw new ConfigException("auth.publicKeyFile (PORTHOUSE_JWT_PUBLIC_KEY_FILE) is needed for " + algorithm);
    }
    options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(readPem(publicKey)));
    if (privateKey != null) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(readPem(privateKey)));
    }
    return options;
  }

  private static String readPem(String file) throws IOException {
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      throw new ConfigException("key file not readable: " + path);
    }
    return Files.readString(path);
  }
}
