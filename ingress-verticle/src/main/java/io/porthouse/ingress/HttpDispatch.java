package io.porthouse.ingress;

import io.porthouse.core.bus.Endpoint;
import io.porthouse.ingress.http.AdminRooms;
import io.porthouse.ingress.http.AuthEndpoints;
import io.porthouse.ingress.http.OpsEndpoints;
import io.porthouse.ingress.http.PageOrigins;
import io.porthouse.ingress.http.PostEndpoint;
import io.porthouse.ingress.post.Publisher;
import io.porthouse.ingress.raw.RawRoomEndpoint;
import io.porthouse.ingress.session.ops.Ops;
import io.porthouse.ingress.sse.SseEndpoint;
import io.porthouse.ingress.ws.WebSocketEndpoint;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** What each request to the HTTP port reaches: the protocol and raw room sockets, path endpoints, SockJS, SSE, posts, the admin API, the pages. */
final class HttpDispatch {

  private HttpDispatch() {
  }

  /**
   * The HTTP port's dispatch. WebSocket upgrades to {@code /ws} and {@code /ws/rooms/{room}} are
   * taken first, from the server's own request (vertx-web wraps routed WebSockets, and the hub
   * writes below the Vert.x API to the connection itself); everything else goes through a
   * vertx-web router: SockJS, POST and health.
   */
  static Handler<HttpServerRequest> of(Vertx vertx, NodeContext node, IngressSettings settings, Ops ops, Publisher publisher,
                                       Router sockjsRouter, Handler<RoutingContext> status) {
    WebSocketEndpoint ws = new WebSocketEndpoint(node, ops);
    RawRoomEndpoint raw = new RawRoomEndpoint(node);
    PostEndpoint post = new PostEndpoint(publisher, settings.maxMessageBytes());
    Router router = Router.router(vertx);
    router.get("/status").handler(status);
    // the chat demo and the operator's console: static pages on the protocol and the admin API
    router.get("/").handler(ctx -> page(ctx, "webroot/index.html"));
    router.get("/console").handler(ctx -> page(ctx, "webroot/console.html"));
    Handler<RoutingContext> icon = ctx -> ctx.response().putHeader("content-type", "image/svg+xml")
        .putHeader("cache-control", "max-age=86400").sendFile("webroot/favicon.svg");
    router.get("/favicon.svg").handler(icon);
    router.get("/favicon.ico").handler(icon); // asked by browsers for any page, JSON ones too
    // the JS client built from clients/js (porthouse.js, its source map) and sockjs-client for the iframe transports
    // (public files: any page may import them, a module script is fetched with CORS)
    router.get("/js/*").handler(ctx -> {
      ctx.response().putHeader("access-control-allow-origin", "*");
      ctx.next();
    }).handler(StaticHandler.create("webroot/js").setMaxAgeSeconds(3600).setDirectoryListing(false));
    OpsEndpoints.mount(router, vertx);
    router.post("/rooms/:room/messages").handler(ctx -> post.handle(ctx.request(), ctx.pathParam("room")));
    new AdminRooms(node, vertx).mount(router);
    new AuthEndpoints(node).mount(router);
    SseEndpoint sse = new SseEndpoint(node, ops);
    router.get("/sse").handler(new PageOrigins(settings.pageOrigins())).handler(sse::handle);
    if (sockjsRouter != null) {
      router.route("/eventbus/*").subRouter(sockjsRouter);
    }
    String rawPrefix = settings.path() + "/rooms/";
    return req -> {
      String path = req.path();
      if (req.method() == HttpMethod.GET && path != null && path.equals(settings.path())) {
        ws.handle(req);
      } else if (req.method() == HttpMethod.GET && path != null && path.startsWith("/e/") && path.indexOf('/', 3) < 0) {
        // a path endpoint: an alias of a room's raw socket, or of the protocol socket in its owner's space
        Endpoint e = node.endpoints().named(path.substring(3));
        if (e == null) {
          req.response().setStatusCode(404).end();
        } else if (e.room() != null) {
          raw.handle(req, e.room());
        } else {
          ws.handle(req, e.owner());
        }
      } else if (req.method() == HttpMethod.GET && path != null && path.startsWith(rawPrefix)
          && path.indexOf('/', rawPrefix.length()) < 0) {
        raw.handle(req, URLDecoder.decode(path.substring(rawPrefix.length()).replace("+", "%2B"), StandardCharsets.UTF_8));
      } else {
        router.handle(req);
      }
    };
  }

  private static void page(RoutingContext ctx, String resource) {
    ctx.response().putHeader("content-type", "text/html; charset=utf-8").putHeader("cache-control", "no-cache")
        .sendFile(resource);
  }
}
