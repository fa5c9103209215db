package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.porthouse.core.bus.StoredMessage;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * {@code send}, in one step on the room's sequencer: membership check, next seq, dedupe by envelope
 * id, and the list of nodes to deliver to with each node's previous seq.
 */
public final class SequenceMessage extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String envelopeId;
  private String socket;
  private List<String> to;
  private DedupeWindow window;
  private long now;
  /** The message itself, to keep in the room's history ({@code null}: not kept), and how much history to keep. */
  private StoredMessage kept;
  private HistoryLimits limits = HistoryLimits.NONE;
  /** A post's poster's roles ({@code null} for a member's send: the room knows its member's). */
  private List<String> postRoles;
  /** What the room remembers the message by ({@code null}: its envelope id); see {@code Envelope.dedupeKey}. */
  private String key;

  /** For Hazelcast, which fills it from the wire. */
  SequenceMessage() {
  }

  public SequenceMessage(String envelopeId, String socket, List<String> to, DedupeWindow window, long now) {
    this(envelopeId, socket, to, window, now, null, HistoryLimits.NONE);
  }

  /** A send whose message ({@code kept}: seq and time are set by the sequencer) goes into the room's history. */
  public SequenceMessage(String envelopeId, String socket, List<String> to, DedupeWindow window, long now,
                         StoredMessage kept, HistoryLimits limits) {
    this.envelopeId = envelopeId;
    this.socket = socket;
    this.to = to;
    this.window = window;
    this.now = now;
    this.kept = kept;
    this.limits = limits;
  }

  /** A post (no socket) by a client with {@code roles}: it passes the room's access rules as that client; {@code null} for a send. */
  public SequenceMessage postedAs(List<String> roles) {
    postRoles = roles == null ? null : List.copyOf(roles);
    return this;
  }

  /** The room remembers this message by {@code dedupeKey} (a sender's id, scoped), not its envelope id. */
  public SequenceMessage dedupedBy(String dedupeKey) {
    key = dedupeKey;
    return this;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      return RoomReply.Refused.noRoom(entry.getKey());
    }
    RoomReply reply = applyTo(room);
    if (changed(reply)) {
      entry.setValue(room);
    }
    return reply;
  }

  /** Sequences this message in {@code room} (changed in place unless refused or a repeat). */
  RoomReply applyTo(RoomState room) {
    return room.sequence(envelopeId, key == null ? envelopeId : key, socket, to, window, now, kept, limits, postRoles);
  }

  static boolean changed(RoomReply reply) {
    return reply instanceof RoomReply.Sequenced s && !s.again();
  }

  @Override
  public int getClassId() {
    return RoomSerialization.SEQUENCE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(envelopeId);
    out.writeString(socket);
    out.writeStringArray(to == null ? null : to.toArray(new String[0]));
    out.writeInt(window.size());
    out.writeLong(window.millis());
    out.writeLong(now);
    out.writeBoolean(kept != null);
    if (kept != null) {
      kept.writeTo(out);
    }
    limits.writeTo(out);
    out.writeStringArray(postRoles == null ? null : postRoles.toArray(new String[0]));
    out.writeString(key);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    envelopeId = in.readString();
    socket = in.readString();
    String[] receivers = in.readStringArray();
    to = receivers == null ? null : List.of(receivers);
    window = new DedupeWindow(in.readInt(), in.readLong());
    now = in.readLong();
    kept = in.readBoolean() ? StoredMessage.readFrom(in) : null;
    limits = HistoryLimits.readFrom(in);
    String[] roles = in.readStringArray();
    postRoles = roles == null ? null : List.of(roles);
    key = in.readString();
  }
}
