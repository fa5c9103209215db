package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.porthouse.core.cluster.HazelcastConfigs;

import java.io.IOException;

/** The replies to a {@link SequenceBatch}, one per message in the order sent. */
public final class RoomReplies implements IdentifiedDataSerializable {

  private RoomReply[] replies;

  RoomReplies() {
  }

  RoomReplies(RoomReply[] replies) {
    this.replies = replies;
  }

  public int size() {
    return replies.length;
  }

  public RoomReply get(int i) {
    return replies[i];
  }

  /** These replies as given while the cluster may still be merging ({@link RoomReply#whileMerging()}). */
  RoomReplies whileMerging() {
    RoomReply[] merging = new RoomReply[replies.length];
    for (int i = 0; i < replies.length; i++) {
      merging[i] = replies[i].whileMerging();
    }
    return new RoomReplies(merging);
  }

  @Override
  public int getFactoryId() {
    return HazelcastConfigs.ROOMS_SERIALIZATION_FACTORY;
  }

  @Override
  public int getClassId() {
    return RoomSerialization.REPLIES;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(replies.length);
    for (RoomReply r : replies) {
      RoomReplySerializer.writeReply(out, r);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    replies = new RoomReply[in.readInt()];
    for (int i = 0; i < replies.length; i++) {
      replies[i] = RoomReplySerializer.readReply(in);
    }
  }
}
