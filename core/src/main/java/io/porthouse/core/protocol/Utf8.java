package io.porthouse.core.protocol;

/**
 * Whether bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF). The frame parser skips over nested values without decoding their strings, so a frame
 * is checked whole first: bytes that are not UTF-8 never reach a room, where they would be written
 * into members' WebSocket text frames (a browser closes on them, 1007). One pass, no allocation.
 */
public final class Utf8 {

  private Utf8() {
  }

  public static boolean valid(byte[] bytes) {
    return valid(bytes, 0, bytes.length);
  }

  /** Whether {@code bytes[from, to)} is well-formed UTF-8. */
  public static boolean valid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int b = bytes[i];
      if (b >= 0) { // ASCII
        i++;
        continue;
      }
      b &= 0xff;
      int more;
      int low = 0x80;
      int high = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) {
        more = 1;
      } else if (b >= 0xe0 && b <= 0xef) {
        more = 2;
        if (b == 0xe0) {
          low = 0xa0; // no overlong 3-byte form
        } else if (b == 0xed) {
          high = 0x9f; // no surrogates
        }
      } else if (b >= 0xf0 && b <= 0xf4) {
        more = 3;
        if (b == 0xf0) {
          low = 0x90; // no overlong 4-byte form
        } else if (b == 0xf4) {
          high = 0x8f; // nothing above U+10FFFF
        }
      } else {
        return false;
      }
      if (to - i <= more) {
        return false;
      }
      int second = bytes[i + 1] & 0xff;
      if (second < low || second > high) {
        return false;
      }
      for (int k = 2; k <= more; k++) {
        int c = bytes[i + k] & 0xff;
        if (c < 0x80 || c > 0xbf) {
          return false;
        }
      }
      i += more + 1;
    }
    return true;
  }
}
