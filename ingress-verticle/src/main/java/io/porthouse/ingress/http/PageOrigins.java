package io.porthouse.ingress.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

import java.util.List;
import java.util.Set;

/**
 * Which pages may use the endpoints made for browsers, the SockJS bridge and the SSE streams
 * ({@code http.origins}): a request without an {@code Origin}, or from the server's own origin,
 * always; from another origin only when it is listed ({@code *}: any). Listed origins get the CORS
 * answers every SockJS transport needs (preflights, and {@code Access-Control-Allow-Origin} with
 * credentials on each response, the polling and streaming ones included, since sockjs-client sends
 * its XHRs with credentials); an origin not listed is refused with 403 before any session is made,
 * WebSocket upgrades to the bridge included. Credentials are safe to allow: Porthouse authenticates
 * by token, never by cookie.
 */
public final class PageOrigins implements Handler<RoutingContext> {

  private final CorsHandler cors;

  public PageOrigins(List<String> origins) {
    CorsHandler handler = CorsHandler.create().allowCredentials(true)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS)).maxAgeSeconds(3600);
    if (!origins.contains("*")) {
      handler.addOrigins(origins);
    }
    this.cors = handler;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null || origin.equalsIgnoreCase(ownOrigin(ctx.request()))) {
      ctx.next();
    } else {
      cors.handle(ctx);
    }
  }

  /** The origin of a page this server served itself, as its browser names it. */
  private static String ownOrigin(HttpServerRequest req) {
    HostAndPort authority = req.authority();
    if (authority == null) {
      return null;
    }
    int defaultPort = req.isSSL() ? 443 : 80;
    String scheme = req.isSSL() ? "https://" : "http://";
    return authority.port() < 0 || authority.port() == defaultPort ? scheme + authority.host()
        : scheme + authority.host() + ":" + authority.port();
  }
}
