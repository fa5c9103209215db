package io.porthouse.ingress.http;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.EndpointsRequest;
import io.porthouse.core.bus.Identity;
import io.porthouse.core.bus.MembersRead;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.bus.RoomsList;
import io.porthouse.core.bus.SocketMove;
import io.porthouse.core.bus.TemplatesRequest;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RoomNames;
import io.porthouse.ingress.Authenticator;
import io.porthouse.ingress.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The admin API for rooms ({@code docs/openapi.yaml}), for tokens with role {@code owner}
 * ({@code Authorization: Bearer}): {@code GET /admin/rooms} (every room, paged with
 * {@code after}), {@code POST /admin/rooms} ({@code {"name","rules"?}}), {@code GET},
 * {@code PATCH} ({@code {"rules"}}) and {@code DELETE /admin/rooms/{name}} (members are told
 * {@code closed} and are out of it); {@code GET /admin/templates}, {@code PUT} and {@code DELETE
 * /admin/templates/{pattern}} (room templates set here, over those of the config); {@code GET}, {@code POST /admin/endpoints} ({@code {"name","host"?,"room"?}},
 * the caller's space) and {@code DELETE /admin/endpoints/{name}}; {@code GET /admin/nodes} ({@link ClusterNodes}).
 * JSON in and out ({@link HttpJson}); every error changes nothing: 400 (not JSON, wrong types,
 * unknown fields or rules), 401, 403, 404, 409, 413, 415. The same bus addresses as the protocol's
 * ops, so the same rules hold.
 */
public final class AdminRooms {

  private static final Set<String> CREATE_FIELDS = Set.of("name", "rules");
  private static final Set<String> PATCH_FIELDS = Set.of("rules");
  private static final Set<String> ENDPOINT_FIELDS = Set.of("name", "host", "room");
  private static final Set<String> TEMPLATE_FIELDS = Set.of("rules", "autoCreate", "hooks", "events");

  private final NodeContext node;
  private final ClusterNodes nodes;

  public AdminRooms(NodeContext node, Vertx vertx) {
    this.node = node;
    this.nodes = new ClusterNodes(vertx, node.nodeId());
  }

  public void mount(Router router) {
    HttpJson.guard(router, "/admin/*");
    router.get("/admin/rooms").handler(ctx -> as(ctx, (id, c) -> list(ctx, id)));
    router.post("/admin/rooms").handler(ctx -> as(ctx, (id, c) -> create(ctx, id)));
    router.get("/admin/rooms/:room").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.ROOMS_RULES, command(ctx, id, null))));
    router.patch("/admin/rooms/:room").handler(ctx -> as(ctx, (id, c) -> change(ctx, id)));
    router.delete("/admin/rooms/:room").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.ROOMS_DELETE, command(ctx, id, null))));
    router.get("/admin/rooms/:room/members").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.ROOMS_MEMBERS,
        MembersRead.byAdmin(ctx.pathParam("room"), ctx.queryParams().get("after")).toJson())));
    // kick: the socket leaves every room, is told 'moved' and stays connected in the lobby
    router.post("/admin/sockets/:socket/kick").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.socketMove(ctx.pathParam("socket")),
        new SocketMove(ctx.pathParam("socket"), null).toJson())
        .recover(e -> Future.failedFuture(e instanceof ReplyException re
            && re.failureType() == ReplyFailure.NO_HANDLERS
            ? PorthouseException.of(ErrorCode.NOT_FOUND, "no socket '" + ctx.pathParam("socket") + "'") : e))));
    router.get("/admin/nodes").handler(ctx -> as(ctx, (id, c) -> nodes.list()));
    // no bridge in the cluster is an answer, not a failure: {"running":false,"links":[]}
    router.get("/admin/bridge").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.BRIDGE_STATUS, new JsonObject())
        .map(status -> status.put("running", true))
        .recover(e -> e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
            ? Future.succeededFuture(new JsonObject().put("running", false).put("links", new JsonArray()))
            : Future.failedFuture(e))));
    router.get("/admin/endpoints").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.ENDPOINTS, new EndpointsRequest.ListAll().toJson())));
    router.post("/admin/endpoints").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.ENDPOINTS,
        new EndpointsRequest.Create(HttpJson.body(ctx, ENDPOINT_FIELDS).copy().put("owner", id.client())).toJson())));
    router.delete("/admin/endpoints/:name").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.ENDPOINTS,
        new EndpointsRequest.Delete(ctx.pathParam("name"), id.client()).toJson())));
    // room templates: those of the config, and over them those set here (docs/hooks.md#room-templates)
    router.get("/admin/templates").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.TEMPLATES,
        new TemplatesRequest.ListAll().toJson())));
    router.put("/admin/templates/:pattern").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.TEMPLATES,
        new TemplatesRequest.Put(ctx.pathParam("pattern"), HttpJson.body(ctx, TEMPLATE_FIELDS)).toJson())));
    router.delete("/admin/templates/:pattern").handler(ctx -> as(ctx, (id, c) -> ask(Addresses.TEMPLATES,
        new TemplatesRequest.Delete(ctx.pathParam("pattern")).toJson())));
    HttpJson.notFound(router, "/admin/*");
  }

  /** Runs {@code action} for a verified token with role {@code owner}; answers what it answers (200, or {@code status}). */
  private void as(RoutingContext ctx, BiFunction<Identity, RoutingContext, Future<JsonObject>> action) {
    String token = Authenticator.bearer(ctx.request().headers());
    if (token == null) {
      HttpJson.fail(ctx, PorthouseException.of(ErrorCode.UNAUTHORIZED, "the admin API needs 'Authorization: Bearer <token>'"));
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
        .onSuccess(body -> HttpJson.answer(ctx, ctx.request().method().name().equals("POST") ? 201 : 200, body.encode()))
        .onFailure(e -> HttpJson.fail(ctx, BusErrors.toPorthouse(e)));
  }

  private Future<JsonObject> list(RoutingContext ctx, Identity id) {
    RoomsList ask = new RoomsList(new RoomCommand(null, null, node.nodeId(), id.client(), id.roles(), null), List.of(),
        ctx.request().getParam("after"), true);
    return ask(Addresses.ROOMS_LIST, ask.toJson());
  }

  private Future<JsonObject> create(RoutingContext ctx, Identity id) {
    JsonObject body = HttpJson.body(ctx, CREATE_FIELDS);
    if (!(body.getValue("name") instanceof String name)) {
      throw PorthouseException.badRequest("field 'name' (a string) is required");
    }
    RoomNames.check(name);
    return ask(Addresses.ROOMS_CREATE, new RoomCommand(name, "admin-" + node.newEnvelopeId(), node.nodeId(), id.client(),
        id.roles(), rules(body, false)).toJson());
  }

  private Future<JsonObject> change(RoutingContext ctx, Identity id) {
    return ask(Addresses.ROOMS_RULES, command(ctx, id, rules(HttpJson.body(ctx, PATCH_FIELDS), true)));
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

  private Future<JsonObject> ask(String address, JsonObject body) {
    return node.bus().<JsonObject>request(address, body).map(reply -> reply.body());
  }
}
