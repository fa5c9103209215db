package io.porthouse.hub;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ServerFrames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * This node's index of which local sockets are in which room, and the local half of fan-out: a
 * sequenced envelope arrives once per node, is put in order ({@link RoomStream}), and is written
 * to each local member from one frame serialised once. Touched only on the ingress event loop.
 */
public final class LocalHub {

  private static final Logger LOG = LoggerFactory.getLogger(LocalHub.class);

  /** A local socket as the hub sees it. */
  public interface Member {
    String id();

    /** The subject of the socket, or {@code null} if anonymous. */
    String client();

    /** The rooms this member has joined. */
    Set<String> rooms();

    /** Sends what {@link #deliver} queued (called once per burst, after the hub's {@link #flushLater}). */
    void flush();

    /** Closes the socket because this node stops. */
    Future<Void> shutdown();

    /**
     * Writes one room message in the shape this member speaks, unflushed (the member asks for
     * {@link #flushLater}); the member decides what to do if it cannot keep up.
     */
    void deliver(Delivery delivery);

    /** Sends a protocol frame out of band (a {@code reset}), now. */
    void control(String frame);

    /** Its room {@code room} was deleted (it was told): it is out of it, without telling the room's owner. */
    default void roomClosed(String room) {
    }
  }

  /** Where a node gets the messages of a room it missed (the room's history), in seq order. */
  public interface Repair {
    Future<List<Envelope>> fetch(String room, long after, long upTo);
  }

  private final Map<String, RoomStream> streams = new HashMap<>();
  private final Map<String, Member> sockets = new HashMap<>();
  private final List<Member> toFlush = new ArrayList<>();
  private final Consumer<Runnable> later;
  private final Repair repair;
  private long envelopesIn;
  private long framesOut;
  private long gapsSkipped;
  private long gapsRepaired;
  /** Told, per message released at this node, the milliseconds since its ingress received it. */
  private LongConsumer released = ms -> { };
  private BiConsumer<String, Member> unconfirmedHandler = (room, member) -> { };

  /** A hub whose flushes run via {@code later} (normally the event loop, after the tasks already queued), without gap repair. */
  public LocalHub(Consumer<Runnable> later) {
    this(later, (room, after, upTo) -> Future.succeededFuture(List.of()));
  }

  /** A hub that fetches what it missed through {@code repair}. */
  public LocalHub(Consumer<Runnable> later, Repair repair) {
    this.later = later;
    this.repair = repair;
  }

  /** Where release latencies go (the node's latency histogram); by default nowhere. */
  public void onRelease(LongConsumer latencyMillis) {
    released = latencyMillis;
  }

  public void connected(Member member) {
    sockets.put(member.id(), member);
  }

  /** A socket closed: it leaves every room here, joined or joining. */
  public void disconnected(Member member, Collection<String> rooms) {
    sockets.remove(member.id());
    rooms.forEach(room -> left(room, member));
  }

  /** A join was sent for {@code member}: what arrives for the room from now on waits for its answer. */
  public void joining(String room, Member member) {
    streams.computeIfAbsent(room, RoomStream::new).subs.putIfAbsent(member.id(), new RoomStream.Sub(member));
  }

  /**
   * The room's owner accepted the join: the member gets every message after {@code seq}. If the
   * join added this node to the room, the node's stream starts after {@code nodeBase}. An epoch
   * other than the one the node knew means the room was made again: its members get a reset.
   */
  /** Rule {@code echo} of {@code room} as a join's answer gave it (a sender here gets its own messages too). */
  public void echo(String room, boolean on) {
    RoomStream stream = streams.get(room);
    if (stream != null) {
      stream.echo = on;
    }
  }

  public void joined(String room, Member member, long seq, String epoch, long nodeBase) {
    RoomStream stream = streams.computeIfAbsent(room, RoomStream::new);
    RoomStream.Sub sub = stream.subs.computeIfAbsent(member.id(), id -> new RoomStream.Sub(member));
    if (nodeBase >= 0) {
      if (stream.started && epoch != null && epoch.equals(stream.epoch)) {
        // the owners' side dropped this node (it was cut off) and took it back with this member:
        // what was sequenced in between is a gap to fetch from history, not a jump; and the
        // node's other members here are not counted there until each is restated
        if (nodeBase > stream.last) {
          LOG.warn("room {}: this node was dropped and added again after seq {}; fetching seqs {} up to {} from history",
              room, nodeBase, stream.last + 1, nodeBase);
        }
        unconfirmOthers(stream, member);
      } else {
        stream.started = true;
        stream.last = nodeBase;
      }
    }
    if (epoch != null && !epoch.equals(stream.epoch)) {
      if (stream.epoch != null) {
        LOG.warn("room {}: epoch {} replaced by {}; members get a reset as they are restated", room, stream.epoch, epoch);
      }
      stream.epoch = epoch;
    }
    if (sub.catchingUp) {
      LOG.debug("room {}: socket {} restated again while catching up; the fetch under way covers it", room, member.id());
    } else if (!sub.active()) {
      List<Envelope> waited = sub.pending;
      sub.pending = null;
      sub.since = seq;
      sub.epoch = epoch;
      for (Envelope e : waited) {
        if (e.seq() > sub.since && epoch != null && epoch.equals(e.epoch())) {
          member.deliver(new Delivery(e));
          sub.since = e.seq();
          framesOut++;
        }
      }
    } else if (sub.epoch != null && epoch != null && !epoch.equals(sub.epoch)) {
      // restated into a room that was made again: continuity is lost for this member
      member.control(ServerFrames.reset(room, epoch, seq));
      framesOut++;
      sub.epoch = epoch;
      sub.since = seq;
    }
    drain(stream);
  }

  /**
   * A member restated after the room's owner had dropped it (the other side of a split did) and
   * took it back at {@code seq}. Its node stayed in the room for another socket, and this hub
   * kept the member in its stream, but what was sequenced after {@code nodeLast} up to {@code seq}
   * was not sent to the node (the owner counted only its sender there). The member gets those
   * from history, before anything newer; if history cannot be read, a {@code reset} says so.
   */
  public void restated(String room, Member member, long seq, String epoch, long nodeLast) {
    RoomStream stream = streams.get(room);
    RoomStream.Sub sub = stream == null ? null : stream.subs.get(member.id());
    if (sub == null || !sub.active() || epoch == null || !epoch.equals(sub.epoch)) {
      return;
    }
    long after;
    if (sub.unconfirmed != null) {
      after = sub.since; // counted again from here: what it has not had up to its join comes from history
    } else if (nodeLast >= 0 && nodeLast < seq) {
      // from where the node's stream is, if it is still behind (fetching a gap of its own)
      after = Math.min(nodeLast, stream.last);
    } else {
      return; // its node was sent everything
    }
    // the member gets every seq up to its join from history, in order, and the stream's later
    // release of those is dropped for it (a member never gets a seq at or below its last)
    List<Envelope> waited = sub.unconfirmed == null ? List.of() : sub.unconfirmed;
    sub.unconfirmed = null;
    sub.pending = new ArrayList<>(waited); // what the stream releases meanwhile waits, to keep the member's order
    sub.catchingUp = true;
    repair.fetch(room, after, seq).onComplete(ar -> {
      if (stream.subs.get(member.id()) != sub) {
        return; // it left meanwhile
      }
      TreeMap<Long, Envelope> due = new TreeMap<>();
      sub.pending.forEach(e -> due.put(e.seq(), e));
      sub.pending = null;
      sub.catchingUp = false;
      if (ar.succeeded() && holdsEvery(ar.result(), after, seq)) {
        for (Envelope e : ar.result()) {
          if (e.seq() > after && e.seq() <= seq && (e.to() == null || e.to().contains(member.id()))) {
            due.putIfAbsent(e.seq(), e);
          }
        }
        LOG.info("room {}: socket {} restated; {} messages after seq {} up to {} fetched from history for it",
            room, member.id(), ar.result().size(), after, seq);
      } else { // history could not be read, or no longer holds them all (off, expired, pushed out)
        due.headMap(seq, true).clear();
        member.control(ServerFrames.reset(room, epoch, seq, "messages after seq " + after + " up to " + seq
            + " could not be delivered"));
        framesOut++;
        sub.since = Math.max(sub.since, seq); // the reset says the member goes on after seq
      }
      for (Envelope e : due.values()) {
        framesOut += offer(stream, sub, e, new Delivery(e));
      }
    });
  }

  /** Whether {@code fetched} (in seq order) holds every seq after {@code after} up to {@code upTo}. */
  private static boolean holdsEvery(List<Envelope> fetched, long after, long upTo) {
    long next = after + 1;
    for (Envelope e : fetched) {
      if (e.seq() == next) {
        next++;
      } else if (e.seq() > next) {
        break;
      }
    }
    return next > upTo;
  }

  /**
   * The restate of a member the owner did not count could not be made: what waited for it is
   * released after a {@code reset} (messages only it would have had may be missing).
   */
  public void restateFailed(String room, Member member) {
    RoomStream stream = streams.get(room);
    RoomStream.Sub sub = stream == null ? null : stream.subs.get(member.id());
    if (sub != null && sub.unconfirmed != null) {
      releaseUnconfirmed(stream, sub, "its membership could not be restated");
    }
  }

  /** Where a member the owner does not count is reported, to be restated (see {@link RoomStream.Sub#unconfirmed}). */
  public void onUnconfirmed(BiConsumer<String, Member> restate) {
    unconfirmedHandler = restate;
  }

  private void unconfirmOthers(RoomStream stream, Member readded) {
    for (RoomStream.Sub other : stream.subs.values()) {
      if (other.member != readded && other.active() && other.unconfirmed == null) {
        other.unconfirmed = new ArrayList<>();
        unconfirmedHandler.accept(stream.room, other.member);
      }
    }
  }

  private void releaseUnconfirmed(RoomStream stream, RoomStream.Sub sub, String why) {
    List<Envelope> waited = sub.unconfirmed;
    sub.unconfirmed = null;
    sub.member.control(ServerFrames.reset(stream.room, sub.epoch, sub.since, why));
    framesOut++;
    for (Envelope e : waited) {
      framesOut += offer(stream, sub, e, new Delivery(e));
    }
  }

  /** The join was refused or not answered. */
  public void joinFailed(String room, Member member) {
    RoomStream stream = streams.get(room);
    if (stream != null && stream.subs.get(member.id()) != null && !stream.subs.get(member.id()).active()) {
      remove(stream, member);
    }
  }

  /** The member left the room (or its socket closed): deliveries to it stop. */
  public void left(String room, Member member) {
    RoomStream stream = streams.get(room);
    if (stream != null) {
      remove(stream, member);
    }
  }

  private void remove(RoomStream stream, Member member) {
    if (stream.subs.remove(member.id()) != null && stream.subs.isEmpty()) {
      streams.remove(stream.room);
    }
  }

  /** Puts a delivery in its room's order and writes what is due; returns the frames written. */
  public int deliver(Envelope e) {
    envelopesIn++;
    RoomStream stream = streams.get(e.room());
    if (stream == null) {
      return 0; // no member here any more
    }
    if (e.kind() == EnvelopeKind.CONTROL) {
      return control(stream, e);
    }
    if (!stream.started || e.prevSeq() > stream.last) {
      stream.hold(e, System.currentTimeMillis());
      return 0;
    }
    if (e.prevSeq() < stream.last) {
      return 0; // a repeat, or from before this node's stream restarted
    }
    int written = release(stream, e);
    return written + drain(stream);
  }

  /**
   * A presence event, a rules notice or a closed notice: not a message of the room's seq chain;
   * every member here hears of it at once, but the one it is about. A rules notice also sets the
   * room's {@code echo}; after a closed notice every member here is out of the room.
   */
  private int control(RoomStream stream, Envelope e) {
    if (e.id().startsWith(ServerFrames.RULES_NOTICE_ID)) {
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
    if (e.id().startsWith(ServerFrames.CLOSED_NOTICE_ID)) {
      for (RoomStream.Sub sub : List.copyOf(stream.subs.values())) {
        sub.member.roomClosed(stream.room);
      }
    }
    return written;
  }

  /**
   * Deliveries that waited longer than {@code repairMillis} for a predecessor that has not come
   * (a delivery lost in flight, or its sequencer died between sequencing and fan-out) make the
   * node fetch the messages in between from the room's history and release them in order first.
   * A gap is given up only when it truly cannot be filled, and never quietly:
   * <ul>
   *   <li>history answered and does not hold them (history off, expired, pushed out): after
   *       {@code waitMillis} (a late delivery may still come) the node goes on;</li>
   *   <li>history cannot be asked (its owner is failing over, the cluster is merging): the node
   *       keeps asking, holding what came after, for up to {@link #MAX_HOLD_MILLIS} or
   *       {@link #MAX_HELD} deliveries, then goes on.</li>
   * </ul>
   * Going on, every member here gets a {@code reset} naming the seq the room continues after
   * (what came before it may be missing); the gap is logged and counted ({@code gapsSkipped}).
   */
  public void checkGaps(long nowMillis, long repairMillis, long waitMillis) {
    for (RoomStream stream : List.copyOf(streams.values())) {
      if (!stream.started || stream.held.isEmpty()) {
        continue;
      }
      long waited = nowMillis - stream.heldSince;
      if (waited > repairMillis && !stream.repairing && !stream.unfillable) {
        repair(stream);
      }
      boolean lost = stream.unfillable && waited > waitMillis;
      boolean tooLong = waited > Math.max(waitMillis, MAX_HOLD_MILLIS) || stream.held.size() > MAX_HELD;
      if (lost || tooLong) {
        skipGap(stream, nowMillis, lost ? "history does not hold them" : "history could not be read");
      }
    }
  }

  /** Longest a node holds deliveries behind a gap it cannot yet ask history about. */
  static final long MAX_HOLD_MILLIS = 120_000;
  /** Most deliveries a room's stream holds behind a gap. */
  static final int MAX_HELD = 10_000;

  private void skipGap(RoomStream stream, long nowMillis, String why) {
    Envelope first = stream.held.pollFirstEntry().getValue();
    LOG.warn("room {}: deliveries after seq {} up to {} never arrived and {}; members are told (reset) and it goes on",
        stream.room, stream.last, first.prevSeq(), why);
    gapsSkipped++;
    String reset = ServerFrames.reset(stream.room, first.epoch(), first.prevSeq(), "messages after seq " + stream.last
        + " up to " + first.prevSeq() + " could not be delivered");
    for (RoomStream.Sub sub : stream.subs.values()) {
      if (sub.active()) {
        sub.member.control(reset);
        framesOut++;
      }
    }
    stream.last = first.prevSeq();
    stream.unfillable = false;
    release(stream, first);
    drain(stream);
    stream.heldSince = nowMillis;
  }

  private void repair(RoomStream stream) {
    long after = stream.last;
    long upTo = stream.held.firstKey();
    stream.repairing = true;
    repair.fetch(stream.room, after, upTo).onComplete(ar -> {
      stream.repairing = false;
      if (ar.failed() || streams.get(stream.room) != stream) {
        return; // asked again at the next check
      }
      List<Envelope> missed = ar.result();
      long next = stream.last + 1; // the stream may have moved on meanwhile (a late delivery came)
      for (Envelope e : missed) {
        if (e.seq() < next) {
          continue;
        }
        if (e.seq() != next || next > upTo) {
          break;
        }
        next++;
      }
      if (next <= upTo) {
        stream.unfillable = stream.last == after; // history does not hold them: wait for a late delivery, then go on
        return;
      }
      for (Envelope e : missed) {
        if (e.seq() > stream.last && e.seq() <= upTo) {
          release(stream, e); // to this node's members it was for (offer filters sender and 'to')
        }
      }
      stream.last = Math.max(stream.last, upTo);
      gapsRepaired++;
      LOG.info("room {}: missed deliveries after seq {} up to {} fetched from history", stream.room, after, upTo);
      drain(stream);
    });
  }

  private int drain(RoomStream stream) {
    int written = 0;
    while (stream.started && !stream.held.isEmpty() && stream.held.firstKey() <= stream.last) {
      Envelope next = stream.held.pollFirstEntry().getValue();
      if (next.prevSeq() == stream.last) {
        written += release(stream, next);
      }
    }
    return written;
  }

  private int release(RoomStream stream, Envelope e) {
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

  private int offer(RoomStream stream, RoomStream.Sub sub, Envelope e, Delivery frame) {
    if (!stream.echo && sub.member.id().equals(e.socket())) {
      return 0;
    }
    if (!sub.active()) {
      sub.pending.add(e);
      return 0;
    }
    if (sub.unconfirmed != null) {
      sub.unconfirmed.add(e);
      if (sub.unconfirmed.size() > MAX_HELD) {
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

  /**
   * Asks for {@code member.flush()} after the work already queued on this event loop, so a burst
   * of deliveries reaches each socket in one write. Each member asks once per burst.
   */
  public void flushLater(Member member) {
    toFlush.add(member);
    if (toFlush.size() == 1) {
      later.accept(this::flushAll);
    }
  }

  private void flushAll() {
    for (Member m : toFlush) {
      m.flush();
    }
    toFlush.clear();
  }

  public Member socket(String id) {
    return sockets.get(id);
  }

  public Collection<Member> sockets() {
    return List.copyOf(sockets.values());
  }

  /** Visits every local socket without copying the index (the visitor must not connect or disconnect sockets). */
  public void forEachSocket(Consumer<Member> visitor) {
    sockets.values().forEach(visitor);
  }

  /** Envelopes this node received for delivery: one per message per node, whatever the member count. */
  public long envelopesIn() {
    return envelopesIn;
  }

  /** Frames written to local sockets. */
  public long framesOut() {
    return framesOut;
  }

  /** Times a missing delivery was given up on, its members told with a {@code reset} (see {@link #checkGaps}). */
  public long gapsSkipped() {
    return gapsSkipped;
  }

  /** Times missed deliveries were fetched from history and delivered (see {@link #checkGaps}). */
  public long gapsRepaired() {
    return gapsRepaired;
  }

  public int socketCount() {
    return sockets.size();
  }
}
