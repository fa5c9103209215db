package io.porthouse.ingress.companion;

import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.NodeContext;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The companions attached to one primary socket, on any node, and what they are told: the
 * primary's errors, joins, leaves and its close ({@code {"op":"event",…}}), out of band. A
 * companion that can no longer be reached (closed, its node gone) is dropped. Touched only on the
 * primary's event loop.
 */
public final class Companions {

  /** Companions one socket may have. */
  public static final int MAX = 4;

  private final NodeContext node;
  private final String primary;
  /** companion socket id → channel ({@code control} or {@code debug}). */
  private final Map<String, String> channels = new LinkedHashMap<>();

  public Companions(NodeContext node, String primary) {
    this.node = node;
    this.primary = primary;
  }

  /** Adds a companion; false if this socket has {@link #MAX} already. */
  boolean add(String companion, String channel) {
    if (!channels.containsKey(companion) && channels.size() >= MAX) {
      return false;
    }
    channels.put(companion, channel);
    return true;
  }

  void remove(String companion) {
    channels.remove(companion);
  }

  boolean isControl(String companion) {
    return "control".equals(channels.get(companion));
  }

  /** Tells every companion of an event ({@code error} with its frame, {@code joined}/{@code left} with the room). */
  public void event(String event, String room, JsonObject frame) {
    if (channels.isEmpty()) {
      return;
    }
    String text = ServerFrames.event(primary, event, room, frame);
    for (String companion : List.copyOf(channels.keySet())) {
      node.companionLink().tell(companion, text).onFailure(e -> channels.remove(companion));
    }
  }

  /** The primary closed: its companions are told, and detached. */
  public void closed() {
    event("closed", null, null);
    channels.clear();
  }
}
