package io.porthouse.core.bus;

import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.json.JsonObject;

/**
 * A request to the rooms verticle's endpoints ({@link io.porthouse.core.Addresses#ENDPOINTS}); each
 * is answered with the whole list ({@link Endpoint#listToJson}). Shape on the bus:
 * {@code {"action":"list"}}, {@code {"action":"create","endpoint":{…}}} (as given by its owner,
 * checked by the rooms verticle), {@code {"action":"delete","name","owner"}}.
 */
public sealed interface EndpointsRequest {

  JsonObject toJson();

  record ListAll() implements EndpointsRequest {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("action", "list");
    }
  }

  record Create(JsonObject endpoint) implements EndpointsRequest {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("action", "create").put("endpoint", endpoint);
    }
  }

  record Delete(String name, String owner) implements EndpointsRequest {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("action", "delete").put("name", name).put("owner", owner);
    }
  }

  /** The request {@code json} is; an unknown action is a bad request. */
  static EndpointsRequest fromJson(JsonObject json) {
    return switch (String.valueOf(json.getString("action"))) {
      case "list" -> new ListAll();
      case "create" -> new Create(json.getJsonObject("endpoint", new JsonObject()));
      case "delete" -> new Delete(json.getString("name"), json.getString("owner"));
      default -> throw PorthouseException.badRequest("unknown endpoints action");
    };
  }
}
