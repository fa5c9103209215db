package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * A server-side move of one socket, to {@link io.porthouse.core.Addresses#socketMove}: it leaves
 * the room that holds it (or every room) and joins {@code to}, or stays in none ({@code to}
 * {@code null}: back in the lobby, or kicked). Shape on the bus: {@code {"socket","to"}}; the reply
 * is the socket's join answer frame, or {@code {"room":null}}.
 */
public record SocketMove(String socket, String to) {

  public JsonObject toJson() {
    return new JsonObject().put("socket", socket).put("to", to);
  }

  public static SocketMove fromJson(JsonObject json) {
    return new SocketMove(json.getString("socket"), json.getString("to"));
  }
}
