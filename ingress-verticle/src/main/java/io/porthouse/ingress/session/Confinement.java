package io.porthouse.ingress.session;

import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;

/**
 * Where a socket may go: the owner's space it came in by (a host endpoint: that owner's rooms
 * only; {@code null}: the whole server), and the exclusive room holding it alone (rule
 * {@code exclusive}; {@code null}: none) until the server moves it.
 */
public final class Confinement {

  private String space;
  private String heldBy;

  /** The socket came in by {@code owner}'s endpoint. */
  public void space(String owner) {
    space = owner;
  }

  public String space() {
    return space;
  }

  /** The exclusive room holding the socket, or {@code null}. */
  public String heldBy() {
    return heldBy;
  }

  /** Joined exclusive room {@code room}: held there alone until moved ({@code null}: released). */
  public void holdIn(String room) {
    heldBy = room;
  }

  /** Refuses an op on {@code room} while another room holds the socket. */
  public void checkNotHeld(String room, String what) {
    if (heldBy != null && !heldBy.equals(room)) {
      throw PorthouseException.of(ErrorCode.FORBIDDEN, "room '" + heldBy + "' holds this socket until the server moves it: cannot "
          + what + " room '" + room + "'");
    }
  }

  /** The socket left {@code room}: if that room held it, it is free. */
  void left(String room) {
    if (room.equals(heldBy)) {
      heldBy = null;
    }
  }
}
