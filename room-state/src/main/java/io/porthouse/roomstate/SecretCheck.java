package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * The two ends of checking a join's secret (a password against the room's hash, a one-time code
 * with auth) around that costly work, so the room counts an attempt before it is made: cluster
 * wide (the room is one state wherever it is owned), keyed by who tries (a client, or an address
 * when anonymous, so reconnecting starts nothing afresh), one attempt at a time.
 * <ul>
 *   <li>{@link #begin}: refused if {@code who} must wait, has an attempt being checked, or would
 *   be refused by the other access rules anyway; else the attempt is counted as begun and the
 *   reply carries the room's rules (its password hash, its {@code otp} rule). A reply without
 *   rules means the room needs no secret from this identity (none set, or its creator).</li>
 *   <li>{@link #end}: the check found the secret wrong (the next attempt waits), or could not be
 *   done (nothing counted). A right one needs no end: the join it admits clears the count.</li>
 * </ul>
 */
public final class SecretCheck extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private boolean begin;
  private String socket;
  private String client;
  private List<String> roles = List.of();
  private String who;
  private boolean wrong;
  private String space;
  private long now;

  /** For Hazelcast, which fills it from the wire. */
  SecretCheck() {
  }

  /** Begins {@code who}'s attempt at the room's secret for {@code socket}, as {@code client} with {@code roles}, coming in by {@code space}. */
  public static SecretCheck begin(String socket, String client, List<String> roles, String who, String space, long now) {
    SecretCheck op = new SecretCheck();
    op.begin = true;
    op.socket = socket;
    op.client = client;
    op.roles = List.copyOf(roles);
    op.who = who;
    op.space = space;
    op.now = now;
    return op;
  }

  /** Ends {@code who}'s attempt: {@code wrong} counts a failure; otherwise it had no verdict. */
  public static SecretCheck end(String who, boolean wrong, long now) {
    SecretCheck op = new SecretCheck();
    op.who = who;
    op.wrong = wrong;
    op.now = now;
    return op;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null || begin && space != null && !space.equals(room.creator())) {
      return RoomReply.Refused.noRoom(entry.getKey());
    }
    if (!begin) {
      room.endSecretCheck(who, wrong, now);
      entry.setValue(room);
      return new RoomReply.Done(room.seq(), room.epoch(), false);
    }
    if (room.isMember(socket) || !room.needsSecretFrom(client, roles)) {
      return new RoomReply.Done(room.seq(), room.epoch(), false); // no secret to check: the join decides
    }
    RoomReply.Refused refused = room.beginSecretCheck(client, roles, who, now);
    entry.setValue(room); // the attempt, or the refusal, is counted
    return refused != null ? refused : new RoomReply.Rules(room.seq(), room.epoch(), room.rules(), new String[0]);
  }

  @Override
  public int getClassId() {
    return RoomSerialization.SECRET_CHECK;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeBoolean(begin);
    out.writeString(socket);
    out.writeString(client);
    out.writeStringArray(roles.toArray(new String[0]));
    out.writeString(who);
    out.writeBoolean(wrong);
    out.writeString(space);
    out.writeLong(now);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    begin = in.readBoolean();
    socket = in.readString();
    client = in.readString();
    roles = List.of(in.readStringArray());
    who = in.readString();
    wrong = in.readBoolean();
    space = in.readString();
    now = in.readLong();
  }
}
