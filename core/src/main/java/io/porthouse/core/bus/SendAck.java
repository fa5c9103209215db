package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * The router's answer to an envelope sent to {@link io.porthouse.core.Addresses#ROUTER_ROUTE}: the
 * seq the room gave it (a failure is a bus failure, see {@link BusErrors}). Shape on the bus:
 * {@code {"seq":n}}.
 */
public record SendAck(long seq) {

  public JsonObject toJson() {
    return new JsonObject().put("seq", seq);
  }

  public static SendAck fromJson(JsonObject json) {
    return new SendAck(json.getLong("seq"));
  }
}
