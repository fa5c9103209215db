package io.porthouse.ingress;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.porthouse.core.Addresses;
import io.porthouse.core.bus.Identity;
import io.porthouse.core.bus.TokenCheck;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an ingress finds a client's token and how it gets it verified (by the auth verticle,
 * over the bus), the same for every way in. Connections verify once, at connect or {@code auth};
 * single-shot posts (HTTP POST, UDP) carry a token on every request, so verified tokens are kept
 * for a while ({@link #verifyCached}): at most {@link #CACHE_SIZE}, each until its {@code exp} but
 * no longer than {@link #CACHE_MILLIS}. Touched only on the ingress event loop.
 */
public final class Authenticator {

  static final int CACHE_SIZE = 10_000;
  static final long CACHE_MILLIS = 60_000;
  private static final String BEARER = "Bearer ";

  private record Cached(Identity identity, long untilMillis) {
  }

  private final EventBus bus;
  private final BackendHooks hooks;
  private final Map<String, Cached> verified = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  public Authenticator(EventBus bus, BackendHooks hooks) {
    this.bus = bus;
    this.hooks = hooks;
  }

  /** Whether a connection without a token may be opened: anonymous sockets are on, or the backend names it. */
  public boolean admitsWithoutToken(boolean allowAnonymous) {
    return allowAnonymous || hooks.settings().connect();
  }

  /**
   * Who a connection is: its token verified, else (with the connect hook on) whom the backend
   * names it from what it showed ({@code headers}, {@code transport}, {@code remote}), else
   * anonymous.
   */
  public Future<BackendHooks.Arrival> identify(String token, String transport, SocketAddress remote, MultiMap headers) {
    if (token != null || !hooks.settings().connect()) {
      return verify(token).map(BackendHooks.Arrival::of);
    }
    return hooks.connect(transport, remote, headers);
  }

  /** The token of an {@code Authorization: Bearer} header, or {@code null}. */
  public static String bearer(MultiMap headers) {
    String header = headers.get(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return header.substring(BEARER.length()).trim();
    }
    return null;
  }

  /** The token of a connection request: the {@code Authorization} header, else {@code ?token=}; or {@code null}. */
  public static String token(MultiMap headers, String query) {
    String bearer = bearer(headers);
    if (bearer != null) {
      return bearer;
    }
    if (query != null) {
      List<String> values = new QueryStringDecoder(query, false).parameters().get("token");
      if (values != null && !values.isEmpty()) {
        return values.get(0);
      }
    }
    return null;
  }

  /** Verifies {@code token}; {@code null} is anonymous (a {@code null} identity). */
  public Future<Identity> verify(String token) {
    if (token == null) {
      return Future.succeededFuture(null);
    }
    return bus.<JsonObject>request(Addresses.AUTH_VERIFY, new TokenCheck(token).toJson())
        .map(reply -> Identity.fromJson(reply.body()));
  }

  /** Verifies {@code token} (not null), or answers its identity from a recent verification. */
  public Future<Identity> verifyCached(String token) {
    long now = System.currentTimeMillis();
    Cached hit = verified.get(token);
    if (hit != null && now < hit.untilMillis) {
      return Future.succeededFuture(hit.identity);
    }
    return verify(token).onSuccess(identity -> {
      long expires = identity.expiresAt() == Identity.NEVER ? Long.MAX_VALUE : identity.expiresAt() * 1000;
      verified.put(token, new Cached(identity, Math.min(expires, now + CACHE_MILLIS)));
    });
  }
}
