package io.porthouse.core.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.text.Normalizer;

/** Any string as a room name: taken or refused with {@code bad_request}; a taken one has none of what the rules forbid. */
class RoomNamesFuzzTest {

  @FuzzTest
  void check(byte[] utf8) {
    String name = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    try {
      RoomNames.check(name);
    } catch (PorthouseException refused) {
      if (refused.code() != ErrorCode.BAD_REQUEST) {
        throw new AssertionError("a name is refused as bad_request", refused);
      }
      return;
    }
    int points = name.codePointCount(0, name.length());
    if (points < 1 || points > 128) {
      throw new AssertionError("taken with " + points + " code points");
    }
    if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
      throw new AssertionError("taken without NFC: " + name);
    }
    name.codePoints().forEach(c -> {
      int type = Character.getType(c);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || type == Character.CONTROL || type == Character.FORMAT
          || type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.SURROGATE) {
        throw new AssertionError("taken with code point U+" + Integer.toHexString(c));
      }
    });
  }
}
