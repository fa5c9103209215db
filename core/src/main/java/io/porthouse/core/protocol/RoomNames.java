package io.porthouse.core.protocol;

/**
 * The one rule for room names, checked by every ingress wherever a name comes in (a frame's
 * {@code room}, a URL path): 1 to {@link #MAX_LENGTH} characters, no whitespace or control
 * characters.
 */
public final class RoomNames {

  /** Longest room name accepted, in characters. */
  public static final int MAX_LENGTH = 128;

  private RoomNames() {
  }

  /** Answers {@code room} if it is a valid name, else throws {@code bad_request} saying why. */
  public static String check(String room) {
    if (room == null || room.isEmpty() || room.length() > MAX_LENGTH) {
      throw PorthouseException.badRequest("room name must be 1 to " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < room.length(); i++) {
      char c = room.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw PorthouseException.badRequest("room name must not contain whitespace or control characters");
      }
    }
    return room;
  }
}
