package io.porthouse.ingress.http;

import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.ServerFrames;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Locale;
import java.util.Set;

/**
 * JSON in and out for the HTTP APIs beside the WebSocket endpoint (admin, auth): bodies of at
 * most {@value #MAX_BODY} bytes that must be one JSON object with known fields, and every error
 * as the protocol's error frame with the error's HTTP status (415 for a wrong content type).
 */
final class HttpJson {

  static final int MAX_BODY = 64 * 1024;
  /** The one bad request answered 415 rather than 400. */
  private static final String WRONG_TYPE = "Content-Type must be application/json";

  private HttpJson() {
  }

  /** Body limits and JSON errors for every route under {@code prefix} ({@code /admin/*}); then unknown routes there are 404. */
  static void guard(Router router, String prefix) {
    router.route(prefix).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.route(prefix).failureHandler(ctx -> fail(ctx, ctx.failure() instanceof PorthouseException p ? p
        : ctx.statusCode() == 413 ? PorthouseException.of(ErrorCode.TOO_LARGE, "body over " + MAX_BODY + " bytes")
        : PorthouseException.of(ErrorCode.INTERNAL, "request failed")));
  }

  /** After the routes under {@code prefix}: anything else there is a JSON 404. */
  static void notFound(Router router, String prefix) {
    router.route(prefix).handler(ctx -> fail(ctx, PorthouseException.of(ErrorCode.NOT_FOUND,
        "no endpoint " + ctx.request().method() + " " + ctx.request().path())));
  }

  /** The request's JSON object body, with only {@code allowed} fields. */
  static JsonObject body(RoutingContext ctx, Set<String> allowed) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
      throw PorthouseException.badRequest(WRONG_TYPE);
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw PorthouseException.badRequest("body must be a JSON object");
    }
    if (body == null) {
      throw PorthouseException.badRequest("body must be a JSON object");
    }
    for (String field : body.fieldNames()) {
      if (!allowed.contains(field)) {
        throw PorthouseException.badRequest("unknown field '" + field + "' (allowed: " + String.join(", ", allowed) + ")");
      }
    }
    return body;
  }

  static void fail(RoutingContext ctx, PorthouseException e) {
    int status = WRONG_TYPE.equals(e.getMessage()) ? 415 : e.code().httpStatus();
    answer(ctx, status, ServerFrames.error(null, e.code(), e.getMessage()));
  }

  static void answer(RoutingContext ctx, int status, String json) {
    if (!ctx.response().ended() && !ctx.response().closed()) {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
    }
  }
}
