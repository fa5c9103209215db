package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.cluster.HazelcastConfigs;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.roomstate.RoomReply.Deleted;
import io.porthouse.roomstate.RoomReply.Done;
import io.porthouse.roomstate.RoomReply.History;
import io.porthouse.roomstate.RoomReply.Joined;
import io.porthouse.roomstate.RoomReply.Left;
import io.porthouse.roomstate.RoomReply.Refused;
import io.porthouse.roomstate.RoomReply.Rules;
import io.porthouse.roomstate.RoomReply.Sequenced;

import java.io.IOException;

/**
 * How a {@link RoomReply} crosses between JVMs: a tag for its record, then the record's fields (no
 * reflection, no class descriptors: see {@link RoomSerialization} for why). Registered for the
 * interface in every JVM's Hazelcast config ({@link HazelcastConfigs#ROOM_REPLY_SERIALIZER}),
 * which Hazelcast finds for each record through the interface it implements.
 */
public final class RoomReplySerializer implements StreamSerializer<RoomReply> {

  private static final byte REFUSED = 1;
  private static final byte DONE = 2;
  private static final byte JOINED = 3;
  private static final byte LEFT = 4;
  private static final byte SEQUENCED = 5;
  private static final byte RULES = 6;
  private static final byte DELETED = 7;
  private static final byte HISTORY = 8;

  @Override
  public int getTypeId() {
    return HazelcastConfigs.ROOM_REPLY_SERIALIZER;
  }

  @Override
  public void write(ObjectDataOutput out, RoomReply reply) throws IOException {
    writeReply(out, reply);
  }

  @Override
  public RoomReply read(ObjectDataInput in) throws IOException {
    return readReply(in);
  }

  static void writeReply(ObjectDataOutput out, RoomReply reply) throws IOException {
    if (reply instanceof Refused r) {
      out.writeByte(REFUSED);
      out.writeInt(r.code().ordinal());
      out.writeString(r.message());
    } else if (reply instanceof Done d) {
      out.writeByte(DONE);
      out.writeLong(d.seq());
      out.writeString(d.epoch());
      out.writeBoolean(d.again());
    } else if (reply instanceof Joined j) {
      out.writeByte(JOINED);
      out.writeLong(j.seq());
      out.writeString(j.epoch());
      out.writeLong(j.nodeBase());
      out.writeLong(j.nodeLast());
      out.writeBoolean(j.again());
      out.writeBoolean(j.echo());
      out.writeBoolean(j.exclusive());
      writeMessages(out, j.replay());
      out.writeBoolean(j.recovered());
      out.writeStringArray(j.tell());
    } else if (reply instanceof Left l) {
      out.writeByte(LEFT);
      out.writeLong(l.seq());
      out.writeString(l.epoch());
      out.writeStringArray(l.tell());
    } else if (reply instanceof Sequenced s) {
      out.writeByte(SEQUENCED);
      out.writeLong(s.seq());
      out.writeString(s.epoch());
      out.writeStringArray(s.nodes());
      out.writeLongArray(s.prevs());
      out.writeByte(s.deliveredAs() == null ? -1 : s.deliveredAs().ordinal());
      out.writeString(s.keeper());
      out.writeBoolean(s.again());
    } else if (reply instanceof Rules r) {
      out.writeByte(RULES);
      out.writeLong(r.seq());
      out.writeString(r.epoch());
      out.writeString(r.rules());
      out.writeStringArray(r.tell());
    } else if (reply instanceof Deleted d) {
      out.writeByte(DELETED);
      out.writeInt(d.members());
      out.writeString(d.epoch());
      out.writeString(d.rules());
      out.writeStringArray(d.tell());
    } else if (reply instanceof History h) {
      out.writeByte(HISTORY);
      out.writeLong(h.seq());
      out.writeString(h.epoch());
      writeMessages(out, h.messages());
      out.writeBoolean(h.complete());
    } else {
      throw new IllegalArgumentException("unknown room reply " + reply);
    }
  }

  static RoomReply readReply(ObjectDataInput in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case REFUSED -> new Refused(ErrorCode.values()[in.readInt()], in.readString());
      case DONE -> new Done(in.readLong(), in.readString(), in.readBoolean());
      case JOINED -> new Joined(in.readLong(), in.readString(), in.readLong(), in.readLong(), in.readBoolean(),
          in.readBoolean(), in.readBoolean(), readMessages(in), in.readBoolean(), in.readStringArray());
      case LEFT -> new Left(in.readLong(), in.readString(), in.readStringArray());
      case SEQUENCED -> new Sequenced(in.readLong(), in.readString(), in.readStringArray(), in.readLongArray(),
          kind(in.readByte()), in.readString(), in.readBoolean());
      case RULES -> new Rules(in.readLong(), in.readString(), in.readString(), in.readStringArray());
      case DELETED -> new Deleted(in.readInt(), in.readString(), in.readString(), in.readStringArray());
      case HISTORY -> new History(in.readLong(), in.readString(), readMessages(in), in.readBoolean());
      default -> throw new IOException("unknown room reply " + tag);
    };
  }

  private static EnvelopeKind kind(byte ordinal) {
    return ordinal < 0 ? null : EnvelopeKind.values()[ordinal];
  }

  private static void writeMessages(ObjectDataOutput out, StoredMessage[] messages) throws IOException {
    out.writeInt(messages.length);
    for (StoredMessage m : messages) {
      m.writeTo(out);
    }
  }

  private static StoredMessage[] readMessages(ObjectDataInput in) throws IOException {
    StoredMessage[] messages = new StoredMessage[in.readInt()];
    for (int i = 0; i < messages.length; i++) {
      messages[i] = StoredMessage.readFrom(in);
    }
    return messages;
  }
}
