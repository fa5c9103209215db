package io.porthouse.ingress;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.HookCall;
import io.porthouse.core.bus.Identity;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RoomNames;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * What the ingress asks the application's backend (through the hooks verticle): who a socket
 * that came without a token is ({@code connect}), a later expiry for an identity it gave
 * ({@code refresh}), and a client's {@code rpc}. Config {@code hooks}.
 */
public final class BackendHooks {

  /**
   * The ingress's part of {@code hooks}.
   *
   * @param connect        sockets without a token are described to the backend, which names them or refuses them
   * @param connectHeaders the request headers the backend is shown (the rest are not sent)
   * @param refresh        identities from {@code connect} are renewed by the backend before they expire
   * @param refreshAheadMillis how long before {@code exp} the backend is asked
   * @param rpc            op {@code rpc} is answered by the backend
   */
  public record Settings(boolean connect, List<String> connectHeaders, boolean refresh, long refreshAheadMillis, boolean rpc) {

    @SuppressWarnings("unchecked")
    public static Settings from(JsonObject config) {
      JsonObject hooks = config.getJsonObject("hooks");
      return new Settings(hooks.getBoolean("connect"), List.copyOf(hooks.getJsonArray("connectHeaders").getList()),
          hooks.getBoolean("refresh"), hooks.getLong("refreshAheadSeconds") * 1000, hooks.getBoolean("rpc"));
    }

    public static Settings none() {
      return new Settings(false, List.of(), false, 0, false);
    }
  }

  /**
   * Who a socket is once it arrived.
   *
   * @param identity    who ({@code null}: anonymous)
   * @param rooms       rooms it joins at once (the connect hook may name some)
   * @param fromBackend the identity came from the connect hook (so the refresh hook renews it)
   */
  public record Arrival(Identity identity, List<String> rooms, boolean fromBackend) {

    public static Arrival of(Identity identity) {
      return new Arrival(identity, List.of(), false);
    }
  }

  private final EventBus bus;
  private final Settings settings;

  public BackendHooks(EventBus bus, Settings settings) {
    this.bus = bus;
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** The connect hook: who is a socket that came over {@code transport} from {@code remote} with {@code headers}. */
  public Future<Arrival> connect(String transport, SocketAddress remote, MultiMap headers) {
    JsonObject shown = new JsonObject();
    if (headers != null) {
      for (String name : settings.connectHeaders()) {
        String value = headers.get(name);
        if (value != null) {
          shown.put(name, value);
        }
      }
    }
    JsonObject body = new JsonObject().put("transport", transport)
        .put("address", remote == null ? null : remote.hostAddress()).put("headers", shown);
    return ask(HookCall.Hook.CONNECT, body).map(result -> {
      List<String> rooms = new ArrayList<>();
      for (Object room : result.getJsonArray("rooms", new JsonArray())) {
        rooms.add(RoomNames.check((String) room));
      }
      return new Arrival(identity(result, result.getString("client")), List.copyOf(rooms), true);
    });
  }

  /** The refresh hook: {@code current} (from the connect hook), with a later expiry, or refused. */
  public Future<Identity> refresh(Identity current, String socket) {
    JsonObject body = new JsonObject().put("client", current.client()).put("socket", socket)
        .put("exp", current.expiresAt());
    return ask(HookCall.Hook.REFRESH, body).map(result -> new Identity(current.client(),
        result.containsKey("roles") ? identity(result, current.client()).roles() : current.roles(),
        result.getLong("exp")));
  }

  /** The rpc hook: {@code method} with {@code data} (its JSON bytes as sent) for the socket; answers the backend's {@code data}. */
  public Future<Object> rpc(Identity identity, String socket, String method, Buffer data) {
    if (!settings.rpc()) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.NOT_FOUND, "this server answers no rpc (hooks.rpc is off)"));
    }
    Object value;
    try {
      value = data == null ? null : Json.decodeValue(data);
    } catch (DecodeException e) {
      return Future.failedFuture(PorthouseException.badRequest("field 'data' is not valid JSON"));
    }
    JsonObject body = new JsonObject().put("client", identity == null ? null : identity.client())
        .put("roles", identity == null ? new JsonArray() : new JsonArray(identity.roles())).put("socket", socket)
        .put("method", method).put("data", value);
    return ask(HookCall.Hook.RPC, body).map(result -> result.getValue("data"));
  }

  @SuppressWarnings("unchecked")
  private static Identity identity(JsonObject result, String client) {
    long exp = result.getLong("exp", Identity.NEVER);
    return new Identity(client, result.getJsonArray("roles", new JsonArray()).getList(), exp);
  }

  private Future<JsonObject> ask(HookCall.Hook hook, JsonObject body) {
    return bus.<JsonObject>request(Addresses.HOOKS_CALL, new HookCall(hook, body).toJson()).map(reply -> reply.body());
  }
}
