package io.porthouse.rooms.state;

import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * {@code join}: adds a socket (idempotent). A missing room is {@code not_found}, unless
 * auto-create lets a {@code primary} socket make it, or the join restates a membership the node
 * already had (the room was lost with its partition): then the room is made again under
 * {@code epochIfMade}, and its members learn of the new epoch.
 */
public final class JoinRoom extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private final String socket;
  private final String node;
  private final String client;
  private final List<String> roles;
  private final boolean autoCreate;
  private final boolean restate;
  private final String epochIfMade;
  private final long now;

  public JoinRoom(String socket, String node, String client, List<String> roles, boolean autoCreate, boolean restate,
                  String epochIfMade, long now) {
    this.socket = socket;
    this.node = node;
    this.client = client;
    this.roles = List.copyOf(roles);
    this.autoCreate = autoCreate;
    this.restate = restate;
    this.epochIfMade = epochIfMade;
    this.now = now;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      boolean mayMake = restate || autoCreate && client != null && roles.contains("primary");
      if (!mayMake) {
        return RoomReply.noRoom(entry.getKey());
      }
      room = new RoomState(entry.getKey(), epochIfMade, "{}", false, restate ? null : client, socket, now);
    }
    RoomReply reply = room.join(socket, node);
    entry.setValue(room);
    return reply;
  }
}
