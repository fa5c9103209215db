package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.io.Serial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Several {@code send}s of one sender to one room, sequenced in the given order in one step on
 * the room's sequencer: each one exactly as {@link SequenceMessage} would (its own membership check,
 * seq and dedupe), so a refused one refuses only itself and a resent batch gets the same seqs.
 */
public final class SequenceBatch extends RoomOp<RoomReplies> {

  @Serial
  private static final long serialVersionUID = 1L;
  private List<SequenceMessage> messages;

  /** For Hazelcast, which fills it from the wire. */
  SequenceBatch() {
  }

  public SequenceBatch(List<SequenceMessage> messages) {
    this.messages = List.copyOf(messages);
  }

  @Override
  public RoomReplies whileMerging(RoomReplies answer) {
    return answer.whileMerging();
  }

  @Override
  public RoomReplies process(Map.Entry<String, RoomState> entry) {
    RoomReply[] replies = new RoomReply[messages.size()];
    RoomState room = entry.getValue();
    if (room == null) {
      Arrays.fill(replies, RoomReply.Refused.noRoom(entry.getKey()));
      return new RoomReplies(replies);
    }
    boolean changed = false;
    for (int i = 0; i < replies.length; i++) {
      replies[i] = messages.get(i).applyTo(room);
      changed |= SequenceMessage.changed(replies[i]);
    }
    if (changed) {
      entry.setValue(room);
    }
    return new RoomReplies(replies);
  }

  @Override
  public int getClassId() {
    return RoomSerialization.BATCH;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(messages.size());
    for (SequenceMessage m : messages) {
      m.writeData(out);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    List<SequenceMessage> read = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SequenceMessage m = new SequenceMessage();
      m.readData(in);
      read.add(m);
    }
    messages = List.copyOf(read);
  }
}
