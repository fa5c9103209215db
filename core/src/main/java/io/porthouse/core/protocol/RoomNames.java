package io.porthouse.core.protocol;

import java.text.Normalizer;

/**
 * The one rule for room names, checked by every ingress wherever a name comes in (a frame's
 * {@code room}, a URL path, a post): 1 to {@link #MAX_LENGTH} code points of letters, marks,
 * digits, punctuation and symbols, in Unicode NFC form. Refused: every kind of whitespace
 * (ASCII and Unicode spaces, line and paragraph separators), control characters, format
 * characters (zero-width spaces and joiners, bidi embeddings, overrides and isolates, the BOM,
 * soft hyphen), letters that show as blank (Hangul fillers, braille blank), private-use, unassigned and lone surrogate code points. So two names that look
 * the same are the same string, and no name hides characters or reorders how it is shown.
 */
public final class RoomNames {

  /** Longest room name accepted, in code points. */
  public static final int MAX_LENGTH = 128;

  /** Letters and symbols that render as blank space (Hangul fillers, braille blank) or not at all (combining grapheme joiner). */
  private static final int[] BLANK_LOOKING = {0x034F, 0x115F, 0x1160, 0x180E, 0x2800, 0x3164, 0xFFA0};

  private RoomNames() {
  }

  /** Answers {@code room} if it is a valid name, else throws {@code bad_request} saying why. */
  public static String check(String room) {
    if (room == null || room.isEmpty() || room.codePointCount(0, room.length()) > MAX_LENGTH) {
      throw PorthouseException.badRequest("room name must be 1 to " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < room.length(); ) {
      int cp = room.codePointAt(i);
      if (!allowed(cp)) {
        throw PorthouseException.badRequest(String.format(
            "room name must not contain whitespace, control, format (invisible or bidi), private-use or unassigned characters (U+%04X at %d)",
            cp, room.codePointCount(0, i)));
      }
      i += Character.charCount(cp);
    }
    if (!Normalizer.isNormalized(room, Normalizer.Form.NFC)) {
      throw PorthouseException.badRequest("room name must be in Unicode NFC form");
    }
    return room;
  }

  private static boolean allowed(int cp) {
    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
      return false;
    }
    for (int blank : BLANK_LOOKING) {
      if (cp == blank) {
        return false;
      }
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED,
          Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }
}
