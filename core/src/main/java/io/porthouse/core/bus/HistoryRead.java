package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * A read of a room's history, sent to {@link io.porthouse.core.Addresses#ROOMS_HISTORY}: by a member
 * socket (only what it may see, and only while it is a member) or by a node repairing a gap in its
 * stream. Answered with a {@link HistoryPage}. Shape on the bus:
 * {@code {"room","socket"?,"node"?,"since","upTo"?,"limit"?}}.
 *
 * @param room   the room
 * @param socket the member reading, or {@code null} for a node's repair
 * @param node   the node repairing a gap, or {@code null} for a member's read
 * @param since  messages after this seq
 * @param upTo   up to this seq, inclusive ({@link Long#MAX_VALUE}: the newest)
 * @param limit  at most this many, or {@code null} for the server's {@code history.maxReplay}
 */
public record HistoryRead(String room, String socket, String node, long since, long upTo, Integer limit) {

  /** A member's {@code history} op: what it may see after {@code since}, at most {@code limit} ({@code null}: the server's bound). */
  public static HistoryRead byMember(String room, String socket, long since, Integer limit) {
    return new HistoryRead(room, socket, null, since, Long.MAX_VALUE, limit);
  }

  /** A member's read of every message after {@code since} up to {@code upTo}. */
  public static HistoryRead between(String room, String socket, long since, long upTo) {
    return new HistoryRead(room, socket, null, since, upTo, span(since, upTo));
  }

  /** A node's repair of the deliveries it missed after {@code after} up to {@code upTo}. */
  public static HistoryRead forNode(String room, String node, long after, long upTo) {
    return new HistoryRead(room, null, node, after, upTo, span(after, upTo));
  }

  private static int span(long after, long upTo) {
    return (int) Math.min(Integer.MAX_VALUE, upTo - after);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("room", room).put("since", since);
    if (socket != null) {
      json.put("socket", socket);
    }
    if (node != null) {
      json.put("node", node);
    }
    if (upTo != Long.MAX_VALUE) {
      json.put("upTo", upTo);
    }
    if (limit != null) {
      json.put("limit", limit);
    }
    return json;
  }

  public static HistoryRead fromJson(JsonObject json) {
    return new HistoryRead(json.getString("room"), json.getString("socket"), json.getString("node"),
        json.getLong("since", 0L), json.getLong("upTo", Long.MAX_VALUE), json.getInteger("limit"));
  }
}
