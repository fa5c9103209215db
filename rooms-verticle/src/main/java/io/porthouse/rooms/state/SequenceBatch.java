package io.porthouse.rooms.state;

import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * Several {@code send}s of one sender to one room, sequenced in the given order in one step on
 * the room's owner: each one exactly as {@link SequenceMessage} would (its own membership check,
 * seq and dedupe), so a refused one refuses only itself and a resent batch gets the same seqs.
 */
public final class SequenceBatch extends RoomOp<RoomReply[]> {

  @Serial
  private static final long serialVersionUID = 1L;
  private final List<SequenceMessage> messages;

  public SequenceBatch(List<SequenceMessage> messages) {
    this.messages = List.copyOf(messages);
  }

  @Override
  public RoomReply[] process(Map.Entry<String, RoomState> entry) {
    RoomReply[] replies = new RoomReply[messages.size()];
    RoomState room = entry.getValue();
    if (room == null) {
      java.util.Arrays.fill(replies, RoomReply.noRoom(entry.getKey()));
      return replies;
    }
    boolean changed = false;
    for (int i = 0; i < replies.length; i++) {
      replies[i] = messages.get(i).applyTo(room);
      changed |= SequenceMessage.changed(replies[i]);
    }
    if (changed) {
      entry.setValue(room);
    }
    return replies;
  }
}
