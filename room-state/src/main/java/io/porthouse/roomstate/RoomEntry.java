package io.porthouse.roomstate;

import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.security.Lockouts;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * Who may enter one room, and how often they may try: the room's access rules applied to a join
 * or to a secret about to be checked, with the room's own count of failed attempts by who tried
 * ({@link io.porthouse.core.bus.RoomCommand#attemptsBy}: a client, or an address when anonymous).
 * {@code secret|who} counts wrong passwords and one-time codes (each one waits, one attempt at a
 * time); {@code access|who} refusals by the access rules (after {@link #FREE_ACCESS_REFUSALS}).
 * Part of the room's state, so the counts hold on every node of the cluster and across a failover;
 * deterministic like the rest of it (times come in as arguments).
 */
final class RoomEntry implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;
  /** Refusals by the access rules that cost no wait (a client may simply retry). */
  static final int FREE_ACCESS_REFUSALS = 2;

  private final String room;
  private final Lockouts lockouts = new Lockouts();

  RoomEntry(String room) {
    this.room = room;
  }

  /**
   * Why a join may not pass the access rules now (slowed down after refusals, then the rules with
   * what was checked of its secrets), or {@code null}. A refusal is counted against {@code who};
   * passing clears what {@code who} had failed.
   */
  RoomReply.Refused admit(RoomPolicy policy, String client, List<String> roles, boolean isCreator, String passwordProof,
                  boolean otpChecked, String who, long now) {
    RoomReply.Refused slowed = slowedDown("access|" + who, now);
    if (slowed != null) {
      return slowed;
    }
    RoomReply.Refused refused = policy.admit(room, client, roles, isCreator, passwordProof, otpChecked);
    if (refused != null) {
      lockouts.failed("access|" + who, now, FREE_ACCESS_REFUSALS);
      return refused;
    }
    lockouts.succeeded("access|" + who);
    lockouts.succeeded("secret|" + who);
    return null;
  }

  /**
   * Before a join's password or one-time code is checked (CPU, a call to auth): why {@code who}
   * may not try now, or {@code null} and the attempt is counted as begun (its checker ends it with
   * {@link #endSecretCheck}, or the join that it admits clears it). The other access rules are
   * checked first, so nothing is hashed for a join that would be refused anyway.
   */
  RoomReply.Refused beginSecretCheck(RoomPolicy policy, String client, List<String> roles, boolean isCreator, String who, long now) {
    RoomReply.Refused slowed = slowedDown("access|" + who, now);
    if (slowed != null) {
      return slowed;
    }
    RoomReply.Refused refused = policy.admitIdentity(room, client, roles, isCreator);
    if (refused != null) {
      lockouts.failed("access|" + who, now, FREE_ACCESS_REFUSALS);
      return refused;
    }
    String secret = "secret|" + who;
    if (lockouts.checking(secret, now)) {
      return new RoomReply.Refused(ErrorCode.RATE_LIMITED, "an attempt of yours at room '" + room + "' is being checked: wait for its answer");
    }
    long wait = lockouts.waitMillis(secret, now);
    if (wait > 0) {
      return new RoomReply.Refused(ErrorCode.RATE_LIMITED, "too many wrong passwords or codes for room '" + room
          + "': try again in " + Lockouts.seconds(wait) + " s");
    }
    lockouts.begin(secret, now);
    return null;
  }

  /** The check {@link #beginSecretCheck} began ended: {@code wrong} counts a failure, else (no verdict) nothing. */
  void endSecretCheck(String who, boolean wrong, long now) {
    if (wrong) {
      lockouts.failed("secret|" + who, now, 0);
    } else {
      lockouts.released("secret|" + who);
    }
  }

  private RoomReply.Refused slowedDown(String key, long now) {
    long wait = lockouts.waitMillis(key, now);
    return wait > 0 ? new RoomReply.Refused(ErrorCode.RATE_LIMITED, "room '" + room + "' refused you several times: try again in "
        + Lockouts.seconds(wait) + " s") : null;
  }
}
