package io.porthouse.ingress.hub;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.protocol.ServerFrames;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * This node's index of which local sockets are in which room, and the local half of fan-out: a
 * sequenced envelope arrives once per node and is written to each local member from one frame
 * serialised once. Touched only on the ingress event loop.
 */
public final class LocalHub {

  /** A local socket as the hub sees it. */
  public interface Member {
    String id();

    /** The subject of the socket, or {@code null} if anonymous. */
    String client();

    /** The rooms this member has joined. */
    java.util.Set<String> rooms();

    /** Sends what {@link #deliver} queued (called once per burst, after the hub's {@link #flushLater}). */
    void flush();

    /** Closes the socket because this node stops (the node-leave message tells the rooms owner). */
    io.vertx.core.Future<Void> shutdown();

    /** Writes one delivery frame (UTF-8, shared by all members: do not modify); the member decides what to do if it cannot keep up. */
    void deliver(Buffer frame);
  }

  private final Map<String, Map<String, Member>> membersByRoom = new HashMap<>();
  private final Map<String, Member> sockets = new HashMap<>();
  private final List<Member> toFlush = new ArrayList<>();
  private final Consumer<Runnable> later;
  private long envelopesIn;
  private long framesOut;

  /** A hub whose flushes run via {@code later} (normally the event loop, after the tasks already queued). */
  public LocalHub(Consumer<Runnable> later) {
    this.later = later;
  }

  public void connected(Member member) {
    sockets.put(member.id(), member);
  }

  public void disconnected(Member member, Collection<String> rooms) {
    sockets.remove(member.id());
    rooms.forEach(room -> remove(room, member));
  }

  public void add(String room, Member member) {
    membersByRoom.computeIfAbsent(room, r -> new LinkedHashMap<>()).put(member.id(), member);
  }

  public void remove(String room, Member member) {
    Map<String, Member> members = membersByRoom.get(room);
    if (members != null && members.remove(member.id()) != null && members.isEmpty()) {
      membersByRoom.remove(room);
    }
  }

  /** Writes the envelope to every local member except its sender, or only to its {@code to} list. */
  public int deliver(Envelope e) {
    envelopesIn++;
    Map<String, Member> members = membersByRoom.get(e.room());
    if (members == null) {
      return 0;
    }
    Buffer frame = ServerFrames.msg(e);
    int written = 0;
    List<String> to = e.to();
    if (to == null) {
      // no copy: delivering never changes membership (closing is asynchronous)
      for (Member m : members.values()) {
        if (!m.id().equals(e.socket())) {
          m.deliver(frame);
          written++;
        }
      }
    } else {
      for (String id : to) {
        Member m = members.get(id);
        if (m != null && !id.equals(e.socket())) {
          m.deliver(frame);
          written++;
        }
      }
    }
    framesOut += written;
    return written;
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

  /** Envelopes this node received for delivery: one per message per node, whatever the member count. */
  public long envelopesIn() {
    return envelopesIn;
  }

  /** Frames written to local sockets. */
  public long framesOut() {
    return framesOut;
  }

  public int socketCount() {
    return sockets.size();
  }
}
