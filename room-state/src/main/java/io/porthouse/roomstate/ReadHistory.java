package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.protocol.ErrorCode;

import java.io.IOException;
import java.io.Serial;
import java.util.Map;

/**
 * Reads a room's history: the stored messages after {@code since} up to {@code upTo}, at most
 * {@code limit}, with the room's seq and epoch. Asked by a member ({@code history} op: only what
 * that socket could see), or by an ingress node that missed deliveries (gap repair: the node must
 * hold members). Changes nothing.
 */
public final class ReadHistory extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String socket;
  private String node;
  private long since;
  private long upTo;
  private int limit;
  private HistoryLimits limits;
  private long now;

  /** For Hazelcast, which fills it from the wire. */
  ReadHistory() {
  }

  /** {@code socket}: the asking member, or {@code null} when node {@code node} repairs its stream. */
  public ReadHistory(String socket, String node, long since, long upTo, int limit, HistoryLimits limits, long now) {
    this.socket = socket;
    this.node = node;
    this.since = since;
    this.upTo = upTo;
    this.limit = limit;
    this.limits = limits;
    this.now = now;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      return RoomReply.Refused.noRoom(entry.getKey());
    }
    if (socket != null ? !room.isMember(socket) : !room.nodes().contains(node)) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "join room '" + entry.getKey() + "' before reading its history");
    }
    // read-only: the entry is not set again (pruning expired messages is left to the next send);
    // complete: history still holds every message after since (none pushed out or expired)
    return new RoomReply.History(room.seq(), room.epoch(), room.historyBetween(since, upTo, socket, limit, limits, now)
        .toArray(new StoredMessage[0]),
        room.canResume(since, room.epoch(), Integer.MAX_VALUE, limits, now));
  }

  @Override
  public int getClassId() {
    return RoomSerialization.HISTORY;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(socket);
    out.writeString(node);
    out.writeLong(since);
    out.writeLong(upTo);
    out.writeInt(limit);
    limits.writeTo(out);
    out.writeLong(now);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    socket = in.readString();
    node = in.readString();
    since = in.readLong();
    upTo = in.readLong();
    limit = in.readInt();
    limits = HistoryLimits.readFrom(in);
    now = in.readLong();
  }
}
