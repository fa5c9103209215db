package io.porthouse.client;

import io.vertx.core.json.JsonObject;

/** What the server sends without being asked, one record per shape (docs/protocol.md). */
public sealed interface Pushed {

  /** A room message: its place ({@code seq} in {@code epoch}), its sender, its data (any JSON value). */
  record Message(String room, long seq, String epoch, String from, String client, Object data) implements Pushed {
    static Message of(JsonObject f) {
      return new Message(f.getString("room"), f.getLong("seq"), f.getString("epoch"), f.getString("from"),
          f.getString("client"), f.getValue("data"));
    }
  }

  /** A member joined or left a room with presence. */
  record Presence(String room, String event, String socket, String client) implements Pushed {
    static Presence of(JsonObject f) {
      return new Presence(f.getString("room"), f.getString("event"), f.getString("socket"), f.getString("client"));
    }
  }

  /** Continuity broke in a room: a new epoch, or messages that could not be delivered ({@code reason}). */
  record Reset(String room, String epoch, Long seq, String reason) implements Pushed {
    static Reset of(JsonObject f) {
      return new Reset(f.getString("room"), f.getString("epoch"), f.getLong("seq"), f.getString("reason"));
    }
  }

  /**
   * After a reconnect, a room joined again from where the client was: {@code recovered} false when
   * history no longer held every missed message (reload from your own source).
   */
  record Resumed(String room, boolean recovered, long seq, String epoch) implements Pushed {
  }

  /** Any other frame the server pushed (rules changed, room closed, moved, expired, a companion's event, an error). */
  record Other(String op, JsonObject frame) implements Pushed {
  }
}
