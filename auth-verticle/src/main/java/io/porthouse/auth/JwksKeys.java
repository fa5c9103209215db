package io.porthouse.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * External JWTs from an identity provider's JWKS ({@code auth.jwksUrl}): the key set is fetched
 * at start and again every {@code auth.jwksRefreshSeconds}, and each time the verifier gets a new
 * {@link JWTAuth} holding the server's own keys (so built-in and {@code bin/porthouse token}
 * tokens keep working) plus the provider's. A fetch that fails keeps the keys it had, logged.
 */
final class JwksKeys {

  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
  private final Vertx vertx;
  private final HttpClient http;
  private final String url;

  JwksKeys(Vertx vertx, String url) {
    this.vertx = vertx;
    this.url = url;
    this.http = vertx.createHttpClient();
  }

  /** The provider's keys ({@code keys} of the JWKS document). */
  Future<List<JsonObject>> fetch() {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
        .compose(req -> req.send())
        .compose(resp -> resp.statusCode() == 200 ? resp.body()
            : Future.failedFuture("JWKS " + url + " answered HTTP " + resp.statusCode()))
        .map(JwksKeys::keys);
  }

  private static List<JsonObject> keys(Buffer body) {
    JsonArray keys = new JsonObject(body).getJsonArray("keys");
    if (keys == null) {
      throw new IllegalArgumentException("JWKS document has no 'keys'");
    }
    List<JsonObject> out = new ArrayList<>();
    keys.forEach(k -> out.add((JsonObject) k));
    return out;
  }

  /** The provider's keys alone, with the server's checks ({@code own}'s issuer, audience, leeway). */
  static JWTAuthOptions of(JWTAuthOptions own, List<JsonObject> jwks) {
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(own.getJWTOptions()); // new lists: a refresh never adds to the last
    jwks.forEach(options::addJwk);
    return options;
  }

  /** Fetches every {@code seconds} and hands each new {@link JWTAuth} to {@code use}. */
  long refreshEvery(long seconds, JWTAuthOptions own, Consumer<JWTAuth> use) {
    return vertx.setPeriodic(seconds * 1000, t -> fetch()
        .onSuccess(keys -> use.accept(JWTAuth.create(vertx, of(own, keys))))
        .onFailure(e -> LOG.warn("auth: could not refresh the JWKS, keeping the keys I have: {}", e.getMessage())));
  }

  Future<Void> close() {
    return http.close();
  }
}
