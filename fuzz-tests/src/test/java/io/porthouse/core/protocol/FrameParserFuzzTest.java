package io.porthouse.core.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;

/**
 * A client's text frame, any bytes: parsed, or refused with {@code bad_request}, never another
 * exception; what it parses keeps {@code data} as one valid JSON value cut from the frame; the ref
 * of an unparsable frame is found without an exception either; the UTF-8 check agrees with the JDK's
 * decoder on every input.
 */
class FrameParserFuzzTest {

  @FuzzTest
  void parse(byte[] bytes) {
    if (Utf8.valid(bytes) != decodes(bytes)) {
      throw new AssertionError("Utf8.valid says " + Utf8.valid(bytes) + ", the JDK's decoder the opposite");
    }
    Object ref = RefScanner.find(bytes, bytes.length);
    if (ref != null && !(ref instanceof String) && !(ref instanceof Number)) {
      throw new AssertionError("a ref is a string or a number: " + ref);
    }
    ClientFrame frame;
    try {
      frame = FrameParser.parse(Buffer.buffer(bytes));
    } catch (PorthouseException refused) {
      if (refused.code() != ErrorCode.BAD_REQUEST) {
        throw new AssertionError("a frame is refused as bad_request, not " + refused.code(), refused);
      }
      return;
    }
    if (frame.data() != null) {
      if (frame.data().length() > bytes.length) {
        throw new AssertionError("data longer than the frame");
      }
      FrameParser.requireJsonValue(frame.data()); // exactly one JSON value
    }
    if (frame.room() != null) {
      RoomNames.check(frame.room());
    }
  }

  private static boolean decodes(byte[] bytes) {
    try {
      java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }
}
