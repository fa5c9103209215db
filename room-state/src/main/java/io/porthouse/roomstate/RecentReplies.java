package io.porthouse.roomstate;

import java.io.Serial;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The replies a room gave its most recent sequenced messages, by key, within the dedupe window
 * ({@link DedupeWindow}: at most so many, none older than so long), so the same message asked
 * again gets the same seq. Part of {@link RoomState}.
 */
final class RecentReplies implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** A sequenced message's reply, when, and the envelope that got it (a retry inside the cluster resends that very envelope). */
  private record Recent(RoomReply.Sequenced reply, long at, String envelopeId) implements Serializable {
  }

  /** key → the reply it got, oldest first. */
  private final LinkedHashMap<String, Recent> recent = new LinkedHashMap<>();

  /**
   * The reply again for {@code key} if it was sequenced within the window, else {@code null}: the
   * same envelope resent inside the cluster (its sequencer died mid-call) is answered as before,
   * deliveries included; another envelope with the key (a client's retry with the same {@code id})
   * is answered the first seq with nothing to deliver.
   */
  RoomReply.Sequenced again(String key, String envelopeId) {
    Recent seen = recent.get(key);
    if (seen == null) {
      return null;
    }
    return envelopeId.equals(seen.envelopeId) ? seen.reply.repeated() : seen.reply.resent();
  }

  /** Remembers {@code reply} for {@code key}, and forgets what falls out of {@code window}. */
  void remember(String key, String envelopeId, RoomReply.Sequenced reply, DedupeWindow window, long now) {
    if (window.size() == 0) {
      return;
    }
    recent.put(key, new Recent(reply, now, envelopeId));
    Iterator<Recent> oldest = recent.values().iterator();
    while (oldest.hasNext()) {
      Recent r = oldest.next();
      if (recent.size() > window.size() || now - r.at > window.millis()) {
        oldest.remove();
      } else {
        break;
      }
    }
  }

  int size() {
    return recent.size();
  }
}
