package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * A socket's join of one room, to {@link io.porthouse.core.Addresses#ROOMS_JOIN}: its
 * {@link RoomCommand}, and what the join may carry. Shape on the bus: the command's fields and
 * {@code "since","epoch"} (a resume: the last seq the socket had, in that epoch), {@code "password"},
 * {@code "otp"}, {@code "restate":true} (an ingress restating a membership the room lost in a split:
 * not a new join, nothing checked again). Absent fields are not sent.
 */
public record JoinRequest(RoomCommand command, Long since, String epoch, String password, String otp, boolean restate) {

  /** A plain join. */
  public static JoinRequest of(RoomCommand command) {
    return new JoinRequest(command, null, null, null, null, false);
  }

  /** A membership the room may have lost, restated by the node holding it. */
  public static JoinRequest restating(RoomCommand command) {
    return new JoinRequest(command, null, null, null, null, true);
  }

  /** Whether this join resumes a socket's stream ({@link #since}, {@link #epoch}). */
  public boolean resuming() {
    return since != null;
  }

  public JsonObject toJson() {
    JsonObject json = command.toJson();
    if (since != null) {
      json.put("since", since).put("epoch", epoch);
    }
    if (password != null) {
      json.put("password", password);
    }
    if (otp != null) {
      json.put("otp", otp);
    }
    if (restate) {
      json.put("restate", true);
    }
    return json;
  }

  public static JoinRequest fromJson(JsonObject json) {
    return new JoinRequest(RoomCommand.fromJson(json), json.getLong("since"), json.getString("epoch"),
        json.getString("password"), json.getString("otp"), json.getBoolean("restate", false));
  }
}
