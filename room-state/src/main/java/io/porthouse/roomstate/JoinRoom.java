package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.porthouse.core.protocol.ErrorCode;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * {@code join}: adds a socket (idempotent). A missing room is {@code not_found}, unless
 * auto-create lets a {@code primary} socket make it, or the join restates a membership the node
 * already had (the room was lost with its partition): then the room is made again under
 * {@code epochIfMade}, and its members learn of the new epoch.
 */
public final class JoinRoom extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String socket;
  private String node;
  private String client;
  private List<String> roles;
  private boolean autoCreate;
  private boolean restate;
  private String epochIfMade;
  private long now;
  /** A resume: the last seq the socket saw ({@link #NO_RESUME}: none), in which epoch, and the most it may be replayed. */
  private long resumeSince = NO_RESUME;
  private String resumeEpoch;
  private int maxReplay;
  private HistoryLimits limits = HistoryLimits.NONE;
  /** The rules a room made by this join gets (the server's defaults). */
  private String rulesIfMade = "{}";
  /** The password hash a router checked this join's password against ({@code null}: no password given). */
  private String passwordProof;
  /** Whether auth checked a one-time code of this client for this join (rule {@code otp}). */
  private boolean otpChecked;
  /** The owner whose space the socket came in by ({@code null}: the whole server). */
  private String space;
  /** Who the room counts this join's refusals by ({@link io.porthouse.core.bus.RoomCommand#attemptsBy}). */
  private String who;
  /** Whether a restate may make its missing room again (not while rooms may still be merging in). */
  private boolean remakeIfMissing = true;
  /** A missing room is made by its template (config {@code templates}): by any client the template's rules admit, owned by none. */
  private boolean byTemplate;
  /** What the backend's join hook said of the member (JSON), shown in presence; {@code null}: nothing. */
  private String info;

  /** {@link #resumeSince} of a plain join. */
  public static final long NO_RESUME = -1;

  /** For Hazelcast, which fills it from the wire. */
  JoinRoom() {
  }

  public JoinRoom(String socket, String node, String client, List<String> roles, boolean autoCreate, boolean restate,
                  String epochIfMade, long now) {
    this.socket = socket;
    this.node = node;
    this.client = client;
    this.roles = List.copyOf(roles);
    this.autoCreate = autoCreate;
    this.restate = restate;
    this.epochIfMade = epochIfMade;
    this.now = now;
  }

  /**
   * This join as a resume: the socket last saw {@code since} of {@code epoch}; the reply replays
   * what came after (at most {@code maxReplay}) and says whether that is all of it.
   */
  public JoinRoom resuming(long since, String epoch, int maxReplayed, HistoryLimits historyLimits) {
    resumeSince = since;
    resumeEpoch = epoch;
    maxReplay = maxReplayed;
    limits = historyLimits;
    return this;
  }

  /** A room this join makes (auto-create, or made again after a loss) gets these rules. */
  /** The member as the backend's join hook described it ({@code info}, JSON), shown to the room in presence. */
  public JoinRoom withInfo(String infoJson) {
    info = infoJson;
    return this;
  }

  /**
   * A missing room is made with the rules given to {@link #makingWith} as its template's room:
   * whoever its rules admit may make it by joining, and it has no creator (the operator's
   * template, not the first joiner, says what it is).
   */
  public JoinRoom makingByTemplate() {
    byTemplate = true;
    return this;
  }

  /** What the join hook said of the member (JSON), or {@code null}. */
  public String info() {
    return info;
  }

  public JoinRoom makingWith(String effectiveRules) {
    rulesIfMade = effectiveRules;
    return this;
  }

  /** The join's password was checked against this stored hash (the sequencer admits it only if the room still has it). */
  public JoinRoom withPasswordProof(String checkedHash) {
    passwordProof = checkedHash;
    return this;
  }

  /** Auth checked a one-time code of the joining client. */
  public JoinRoom withOtpChecked() {
    otpChecked = true;
    return this;
  }

  /** The socket came in by {@code owner}'s endpoint: only that owner's rooms exist for it. */
  public JoinRoom inSpace(String owner) {
    space = owner;
    return this;
  }

  /** A restate that finds no room answers {@code unavailable} (try again) instead of making it again: the cluster may be merging it in. */
  public JoinRoom notRemaking() {
    remakeIfMissing = false;
    return this;
  }

  /** Refusals of this join are counted against {@code attemptsBy} (its client, or its address when anonymous). */
  public JoinRoom by(String attemptsBy) {
    who = attemptsBy;
    return this;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room != null && space != null && !space.equals(room.creator())) {
      return RoomReply.Refused.noRoom(entry.getKey()); // another owner's room is not there in this space
    }
    if (room == null) {
      if (restate && !remakeIfMissing) {
        return new RoomReply.Refused(ErrorCode.UNAVAILABLE, "room '" + entry.getKey()
            + "' is not here yet: rooms are merging into the cluster; try again");
      }
      boolean mayMake = restate || byTemplate && space == null || autoCreate && client != null && roles.contains("primary")
          && (space == null || space.equals(client));
      if (!mayMake) {
        return RoomReply.Refused.noRoom(entry.getKey());
      }
      boolean ownerless = restate || byTemplate;
      room = new RoomState(entry.getKey(), epochIfMade, rulesIfMade, ownerless ? null : client, socket, now);
      if (byTemplate && !restate) { // its rules admit the first joiner as they will every other
        RoomReply.Refused refused = room.admit(socket, client, roles, passwordProof, otpChecked,
            who == null ? "s:" + socket : who, now);
        if (refused != null) {
          return refused; // nothing made
        }
      }
    } else if (!restate) { // a restated membership was admitted when it first joined
      RoomReply.Refused refused = room.admit(socket, client, roles, passwordProof, otpChecked, who == null ? "s:" + socket : who, now);
      if (refused != null) {
        entry.setValue(room); // the refusal is counted
        return refused;
      }
    }
    RoomReply.Joined reply = room.join(socket, node, client, roles, info, now);
    entry.setValue(room);
    if (resumeSince != NO_RESUME) {
      boolean recovered = room.canResume(resumeSince, resumeEpoch, maxReplay, limits, now);
      // a resuming socket has a new id: messages sent to its old one alone are not its to replay
      reply = reply.withReplay(recovered ? room.historyBetween(resumeSince, room.seq(), "", maxReplay, limits, now)
          : List.of(), recovered);
    }
    return reply;
  }

  @Override
  public int getClassId() {
    return RoomSerialization.JOIN;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(socket);
    out.writeString(node);
    out.writeString(client);
    out.writeStringArray(roles.toArray(new String[0]));
    out.writeBoolean(autoCreate);
    out.writeBoolean(restate);
    out.writeString(epochIfMade);
    out.writeLong(now);
    out.writeLong(resumeSince);
    out.writeString(resumeEpoch);
    out.writeInt(maxReplay);
    limits.writeTo(out);
    out.writeString(rulesIfMade);
    out.writeString(passwordProof);
    out.writeBoolean(otpChecked);
    out.writeString(space);
    out.writeString(who);
    out.writeBoolean(remakeIfMissing);
    out.writeString(info);
    out.writeBoolean(byTemplate);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    socket = in.readString();
    node = in.readString();
    client = in.readString();
    roles = List.of(in.readStringArray());
    autoCreate = in.readBoolean();
    restate = in.readBoolean();
    epochIfMade = in.readString();
    now = in.readLong();
    resumeSince = in.readLong();
    resumeEpoch = in.readString();
    maxReplay = in.readInt();
    limits = HistoryLimits.readFrom(in);
    rulesIfMade = in.readString();
    passwordProof = in.readString();
    otpChecked = in.readBoolean();
    space = in.readString();
    who = in.readString();
    remakeIfMissing = in.readBoolean();
    info = in.readString();
    byTemplate = in.readBoolean();
  }
}
