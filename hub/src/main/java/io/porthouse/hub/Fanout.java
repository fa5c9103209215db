package io.porthouse.hub;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.Notice;
import io.porthouse.core.protocol.ServerFrames;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * Writes what a room's stream releases to the members here: each delivery framed once
 * ({@link Delivery}) and offered to every member it is for, in the stream's order, never twice
 * and never to a member that has not joined yet (it waits for the join's answer), and held for a
 * member the room's sequencer does not count yet. Counts the frames written.
 */
final class Fanout {

  private long framesOut;
  /** Told, per message released at this node, the milliseconds since its ingress received it. */
  private LongConsumer released = ms -> { };

  void onRelease(LongConsumer latencyMillis) {
    released = latencyMillis;
  }

  long framesOut() {
    return framesOut;
  }

  /** Writes {@code e} to {@code member}, counted (a joining member's waited deliveries, already checked). */
  void write(LocalHub.Member member, Envelope e) {
    member.deliver(new Delivery(e));
    framesOut++;
  }

  /** Sends {@code frame} (a reset) to {@code member} now, counted. */
  void control(LocalHub.Member member, String frame) {
    member.control(frame);
    framesOut++;
  }

  /**
   * A presence event, a rules notice or a closed notice: not a message of the room's seq chain;
   * every member here hears of it at once, but the one it is about. A rules notice also sets the
   * room's {@code echo}; after a closed notice every member here is out of the room.
   */
  int notice(RoomStream stream, Envelope e) {
    Notice notice = Notice.of(e);
    if (notice == Notice.RULES) {
      stream.echo = new JsonObject(e.payload()).getJsonObject("rules").getBoolean("echo", false);
    }
    Delivery d = new Delivery(e);
    int written = 0;
    for (RoomStream.Sub sub : stream.subs.values()) {
      if (sub.active() && !sub.member.id().equals(e.socket())) {
        sub.member.deliver(d);
        written++;
      }
    }
    framesOut += written;
    if (notice == Notice.CLOSED) {
      for (RoomStream.Sub sub : List.copyOf(stream.subs.values())) {
        sub.member.roomClosed(stream.room);
      }
    }
    return written;
  }

  /** Releases held deliveries whose predecessor was released; returns the frames written. */
  int drain(RoomStream stream) {
    int written = 0;
    while (stream.started && !stream.held.isEmpty() && stream.held.firstKey() <= stream.last) {
      Envelope next = stream.held.pollFirstEntry().getValue();
      if (next.prevSeq() == stream.last) {
        written += release(stream, next);
      }
    }
    return written;
  }

  /** {@code e} is the stream's next: written to every member it is for; returns the frames written. */
  int release(RoomStream stream, Envelope e) {
    stream.last = e.seq();
    released.accept(System.currentTimeMillis() - e.receivedAt());
    Delivery frame = new Delivery(e);
    int written = 0;
    List<String> to = e.to();
    if (to == null) {
      for (RoomStream.Sub sub : stream.subs.values()) { // no copy: writing never changes membership
        written += offer(stream, sub, e, frame);
      }
    } else {
      for (String id : to) {
        RoomStream.Sub sub = stream.subs.get(id);
        if (sub != null) {
          written += offer(stream, sub, e, frame);
        }
      }
      RoomStream.Sub sender = stream.echo && e.socket() != null && !to.contains(e.socket()) ? stream.subs.get(e.socket()) : null;
      if (sender != null) { // rule echo: the sender gets its own message, whoever it was for
        written += offer(stream, sender, e, frame);
      }
    }
    framesOut += written;
    return written;
  }

  /** Writes {@code e} to one member if it is for it now; returns the frames written (0 or 1, not yet counted). */
  int offer(RoomStream stream, RoomStream.Sub sub, Envelope e, Delivery frame) {
    if (!stream.echo && sub.member.id().equals(e.socket())) {
      return 0;
    }
    if (!sub.active()) {
      sub.pending.add(e);
      return 0;
    }
    if (sub.unconfirmed != null) {
      sub.unconfirmed.add(e);
      if (sub.unconfirmed.size() > RoomStream.MAX_HELD) {
        releaseUnconfirmed(stream, sub, "its membership was not restated in time");
      }
      return 0;
    }
    if (e.seq() <= sub.since || e.epoch() != null && sub.epoch != null && !e.epoch().equals(sub.epoch)) {
      return 0; // before the member joined, or of an epoch its membership was not restated in yet
    }
    sub.member.deliver(frame);
    sub.since = e.seq(); // its last: a repeat (history and the stream both giving it) is dropped
    return 1;
  }

  /** {@code offer}s {@code e} to one member and counts what was written. */
  void offerCounted(RoomStream stream, RoomStream.Sub sub, Envelope e) {
    framesOut += offer(stream, sub, e, new Delivery(e));
  }

  /** What waited for a member the sequencer did not count is released after a {@code reset} saying {@code why}. */
  void releaseUnconfirmed(RoomStream stream, RoomStream.Sub sub, String why) {
    List<Envelope> waited = sub.unconfirmed;
    sub.unconfirmed = null;
    control(sub.member, ServerFrames.reset(stream.room, sub.epoch, sub.since, why));
    for (Envelope e : waited) {
      offerCounted(stream, sub, e);
    }
  }
}
