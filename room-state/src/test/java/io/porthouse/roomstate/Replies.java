package io.porthouse.roomstate;

import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.roomstate.RoomReply.Done;
import io.porthouse.roomstate.RoomReply.History;
import io.porthouse.roomstate.RoomReply.Joined;
import io.porthouse.roomstate.RoomReply.Refused;
import io.porthouse.roomstate.RoomReply.Rules;
import io.porthouse.roomstate.RoomReply.Sequenced;

/** What the room tests read of a {@link RoomReply}: a wrong kind of reply fails the test with its refusal. */
final class Replies {

  private Replies() {
  }

  /** The refusal's code, or {@code null} when it was not refused. */
  static ErrorCode error(RoomReply r) {
    return r instanceof Refused f ? f.code() : null;
  }

  /** The refusal's message, or {@code null} when it was not refused. */
  static String message(RoomReply r) {
    return r instanceof Refused f ? f.message() : null;
  }

  static Sequenced sent(RoomReply r) {
    return r.orThrow(Sequenced.class);
  }

  static Joined joined(RoomReply r) {
    return r.orThrow(Joined.class);
  }

  static History history(RoomReply r) {
    return r.orThrow(History.class);
  }

  static String rules(RoomReply r) {
    return r.orThrow(Rules.class).rules();
  }

  static long seq(RoomReply r) {
    if (r instanceof Sequenced s) {
      return s.seq();
    }
    return r instanceof Joined j ? j.seq() : r.orThrow(Done.class).seq();
  }

  static String epoch(RoomReply r) {
    if (r instanceof Sequenced s) {
      return s.epoch();
    }
    return r instanceof Joined j ? j.epoch() : r.orThrow(Done.class).epoch();
  }

  /** Whether a send or a join was answered as one seen before. */
  static boolean again(RoomReply r) {
    return r instanceof Joined j ? j.again() : sent(r).again();
  }
}
