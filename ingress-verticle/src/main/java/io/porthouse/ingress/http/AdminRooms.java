package io.porthouse.ingress.http;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Identity;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RoomNames;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.Authenticator;
import io.porthouse.ingress.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The admin API for rooms ({@code docs/openapi.yaml}), for tokens with role {@code owner}
 * ({@code Authorization: Bearer}): {@code GET /admin/rooms} (every room, paged with
 * {@code after}), {@code POST /admin/rooms} ({@code {"name","rules"?}}), {@code GET},
 * {@code PATCH} ({@code {"rules"}}) and {@code DELETE /admin/rooms/{name}} (members are told
 * {@code closed} and are out of it). JSON in and out; every error is the protocol's error frame
 * with the error's HTTP status, and changes nothing: 400 (not JSON, wrong types, unknown fields
 * or rules), 401, 403, 404, 409, 413 (bodies over {@value #MAX_BODY} bytes), 415. The same bus
 * addresses as the protocol's ops, so the same rules hold.
 */
public final class AdminRooms {

  static final int MAX_BODY = 64 * 1024;
  private static final Set<String> CREATE_FIELDS = Set.of("name", "rules");
  private static final Set<String> PATCH_FIELDS = Set.of("rules");

  /** The one bad request answered 415 rather than 400. */
  private static final String WRONG_TYPE = "Content-Type must be application/json";

  private final NodeContext node;

  public AdminRooms(NodeContext node) {
    this.node = node;
  }

  public void mount(Router router) {
    router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.get("/admin/rooms").handler(ctx -> as(ctx, (id, c) -> list(ctx, id)));
    router.post("/admin/rooms").handler(ctx -> as(ctx, (id, c) -> create(ctx, id)));
    router.get("/admin/rooms/:room").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.ROOMS_RULES, command(ctx, id, null))));
    router.patch("/admin/rooms/:room").handler(ctx -> as(ctx, (id, c) -> change(ctx, id)));
    router.delete("/admin/rooms/:room").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.ROOMS_DELETE, command(ctx, id, null))));
    router.route("/admin/*").handler(ctx -> fail(ctx, PorthouseException.of(ErrorCode.NOT_FOUND,
        "no admin endpoint " + ctx.request().method() + " " + ctx.request().path())));
    router.route("/admin/*").failureHandler(ctx -> fail(ctx, ctx.failure() instanceof PorthouseException p ? p
        : ctx.statusCode() == 413 ? PorthouseException.of(ErrorCode.TOO_LARGE, "body over " + MAX_BODY + " bytes")
        : PorthouseException.of(ErrorCode.INTERNAL, "admin request failed")));
  }

  /** Runs {@code action} for a verified token with role {@code owner}; answers what it answers (200, or {@code status}). */
  private void as(RoutingContext ctx, BiFunction<Identity, RoutingContext, Future<JsonObject>> action) {
    String token = Authenticator.bearer(ctx.request().headers());
    if (token == null) {
      fail(ctx, PorthouseException.of(ErrorCode.UNAUTHORIZED, "the admin API needs 'Authorization: Bearer <token>'"));
      return;
    }
    node.auth().verify(token)
        .compose(id -> id.roles().contains("owner") ? Future.succeededFuture(id)
            : Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN, "the admin API needs role 'owner'")))
        .compose(id -> {
          try {
            return action.apply(id, ctx);
          } catch (PorthouseException e) {
            return Future.failedFuture(e);
          }
        })
        .onSuccess(body -> answer(ctx, ctx.request().method().name().equals("POST") ? 201 : 200, body.encode()))
        .onFailure(e -> fail(ctx, BusErrors.toPorthouse(e)));
  }

  private Future<JsonObject> list(RoutingContext ctx, Identity id) {
    JsonObject ask = new RoomCommand(null, null, node.nodeId(), id.client(), id.roles(), null).toJson()
        .put("all", true).put("after", ctx.request().getParam("after")).put("mine", new JsonArray());
    return ask(Addresses.ROOMS_LIST, ask);
  }

  private Future<JsonObject> create(RoutingContext ctx, Identity id) {
    JsonObject body = body(ctx, CREATE_FIELDS);
    if (!(body.getValue("name") instanceof String name)) {
      throw PorthouseException.badRequest("field 'name' (a string) is required");
    }
    RoomNames.check(name);
    return ask(Addresses.ROOMS_CREATE, new RoomCommand(name, "admin-" + node.newEnvelopeId(), node.nodeId(), id.client(),
        id.roles(), rules(body, false)).toJson());
  }

  private Future<JsonObject> change(RoutingContext ctx, Identity id) {
    return ask(Addresses.ROOMS_RULES, command(ctx, id, rules(body(ctx, PATCH_FIELDS), true)));
  }

  private JsonObject command(RoutingContext ctx, Identity id, JsonObject rules) {
    String room = RoomNames.check(ctx.pathParam("room"));
    return new RoomCommand(room, "admin-" + node.newEnvelopeId(), node.nodeId(), id.client(), id.roles(), rules).toJson();
  }

  private static JsonObject rules(JsonObject body, boolean required) {
    Object rules = body.getValue("rules");
    if (rules == null && !required) {
      return new JsonObject();
    }
    if (!(rules instanceof JsonObject r)) {
      throw PorthouseException.badRequest("field 'rules' must be an object");
    }
    return r;
  }

  /** The request's JSON object body, with only {@code allowed} fields. */
  private static JsonObject body(RoutingContext ctx, Set<String> allowed) {
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

  private Future<JsonObject> ask(String address, JsonObject body) {
    return node.bus().<JsonObject>request(address, body).map(reply -> reply.body());
  }

  private static void fail(RoutingContext ctx, PorthouseException e) {
    int status = WRONG_TYPE.equals(e.getMessage()) ? 415 : e.code().httpStatus();
    answer(ctx, status, ServerFrames.error(null, e.code(), e.getMessage()));
  }

  private static void answer(RoutingContext ctx, int status, String json) {
    if (!ctx.response().ended() && !ctx.response().closed()) {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
    }
  }
}
