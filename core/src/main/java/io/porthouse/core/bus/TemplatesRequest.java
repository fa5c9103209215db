package io.porthouse.core.bus;

import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.json.JsonObject;

/**
 * A request about room templates to the router beside the admin API
 * ({@link io.porthouse.core.Addresses#TEMPLATES}); each is answered with every template in force
 * and where each was set: {@code {"templates":{pattern:{…}},"setBy":{pattern:"config"|"admin"}}}.
 * Shape on the bus: {@code {"action":"list"}}, {@code {"action":"put","pattern","template":{…}}}
 * (checked by the router), {@code {"action":"delete","pattern"}}. The caller has role
 * {@code owner} (the admin API checks).
 */
public sealed interface TemplatesRequest {

  JsonObject toJson();

  record ListAll() implements TemplatesRequest {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("action", "list");
    }
  }

  record Put(String pattern, JsonObject template) implements TemplatesRequest {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("action", "put").put("pattern", pattern).put("template", template);
    }
  }

  record Delete(String pattern) implements TemplatesRequest {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("action", "delete").put("pattern", pattern);
    }
  }

  /** The request {@code json} is; an unknown action is a bad request. */
  static TemplatesRequest fromJson(JsonObject json) {
    return switch (String.valueOf(json.getString("action"))) {
      case "list" -> new ListAll();
      case "put" -> new Put(json.getString("pattern"), json.getJsonObject("template", new JsonObject()));
      case "delete" -> new Delete(json.getString("pattern"));
      default -> throw PorthouseException.badRequest("unknown templates action");
    };
  }
}
