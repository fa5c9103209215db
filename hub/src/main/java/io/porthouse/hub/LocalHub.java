package io.porthouse.hub;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ServerFrames;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * This node's index of which local sockets are in which room, and the local half of fan-out: a
 * sequenced envelope arrives once per node, is put in order ({@link RoomStream}), and is written
 * to each local member from one frame serialised once ({@link Fanout}). Gaps in a stream are
 * fetched from history ({@link GapRepair}); members the sequencer lost count of in a split catch up
 * when restated ({@link Restates}). Touched only on the ingress event loop.
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

    /** Its room {@code room} was deleted (it was told): it is out of it, without telling the room's sequencer. */
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
  private final Fanout fanout = new Fanout();
  private final GapRepair gaps;
  private final Restates restates;
  private long envelopesIn;

  /** A hub whose flushes run via {@code later} (normally the event loop, after the tasks already queued), without gap repair. */
  public LocalHub(Consumer<Runnable> later) {
    this(later, (room, after, upTo) -> Future.succeededFuture(List.of()));
  }

  /** A hub that fetches what it missed through {@code repair}. */
  public LocalHub(Consumer<Runnable> later, Repair repair) {
    this.later = later;
    this.gaps = new GapRepair(streams, repair, fanout);
    this.restates = new Restates(streams, repair, fanout);
  }

  /** Where release latencies go (the node's latency histogram); by default nowhere. */
  public void onRelease(LongConsumer latencyMillis) {
    fanout.onRelease(latencyMillis);
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

  /** Rule {@code echo} of {@code room} as a join's answer gave it (a sender here gets its own messages too). */
  public void echo(String room, boolean on) {
    RoomStream stream = streams.get(room);
    if (stream != null) {
      stream.echo = on;
    }
  }

  /**
   * The room's sequencer accepted the join: the member gets every message after {@code seq}. If the
   * join added this node to the room, the node's stream starts after {@code nodeBase}. An epoch
   * other than the one the node knew means the room was made again: its members get a reset.
   */
  public void joined(String room, Member member, long seq, String epoch, long nodeBase) {
    RoomStream stream = streams.computeIfAbsent(room, RoomStream::new);
    RoomStream.Sub sub = stream.subs.computeIfAbsent(member.id(), id -> new RoomStream.Sub(member));
    if (nodeBase >= 0) {
      if (stream.started && epoch != null && epoch.equals(stream.epoch)) {
        // the sequencers' side dropped this node (it was cut off) and took it back with this member:
        // what was sequenced in between is a gap to fetch from history, not a jump; and the
        // node's other members here are not counted there until each is restated
        if (nodeBase > stream.last) {
          LOG.warn("room {}: this node was dropped and added again after seq {}; fetching seqs {} up to {} from history",
              room, nodeBase, stream.last + 1, nodeBase);
        }
        restates.unconfirmOthers(stream, member);
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
          fanout.write(member, e);
          sub.since = e.seq();
        }
      }
    } else if (sub.epoch != null && epoch != null && !epoch.equals(sub.epoch)) {
      // restated into a room that was made again: continuity is lost for this member
      fanout.control(member, ServerFrames.reset(room, epoch, seq));
      sub.epoch = epoch;
      sub.since = seq;
    }
    fanout.drain(stream);
  }

  /**
   * A member restated after the room's sequencer had dropped it (the other side of a split did) and
   * took it back at {@code seq}. Its node stayed in the room for another socket, and this hub
   * kept the member in its stream, but what was sequenced after {@code nodeLast} up to {@code seq}
   * was not sent to the node (the sequencer counted only its sender there). The member gets those
   * from history, before anything newer; if history cannot be read, a {@code reset} says so.
   */
  public void restated(String room, Member member, long seq, String epoch, long nodeLast) {
    restates.restated(room, member, seq, epoch, nodeLast);
  }

  /**
   * The restate of a member the sequencer did not count could not be made: what waited for it is
   * released after a {@code reset} (messages only it would have had may be missing).
   */
  public void restateFailed(String room, Member member) {
    restates.restateFailed(room, member);
  }

  /** Where a member the sequencer does not count is reported, to be restated (see {@link RoomStream.Sub#unconfirmed}). */
  public void onUnconfirmed(BiConsumer<String, Member> restate) {
    restates.onUnconfirmed(restate);
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
      return fanout.notice(stream, e);
    }
    if (!stream.started || e.prevSeq() > stream.last) {
      stream.hold(e, System.currentTimeMillis());
      return 0;
    }
    if (e.prevSeq() < stream.last) {
      return 0; // a repeat, or from before this node's stream restarted
    }
    int written = fanout.release(stream, e);
    return written + fanout.drain(stream);
  }

  /**
   * Fills, or gives up on with a {@code reset}, the gaps of this node's streams: deliveries that
   * waited longer than {@code repairMillis} for a predecessor are fetched from history; see
   * {@link GapRepair} for when a gap is given up ({@code waitMillis}, or held too long).
   */
  public void checkGaps(long nowMillis, long repairMillis, long waitMillis) {
    gaps.check(nowMillis, repairMillis, waitMillis);
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
    return fanout.framesOut();
  }

  /** Times a missing delivery was given up on, its members told with a {@code reset} (see {@link #checkGaps}). */
  public long gapsSkipped() {
    return gaps.skipped();
  }

  /** Times missed deliveries were fetched from history and delivered (see {@link #checkGaps}). */
  public long gapsRepaired() {
    return gaps.repaired();
  }

  public int socketCount() {
    return sockets.size();
  }
}
