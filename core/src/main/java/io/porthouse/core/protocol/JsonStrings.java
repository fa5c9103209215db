package io.porthouse.core.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes a Java string as a JSON string literal, for the frames built once per message
 * ({@code msg}, {@code ack}): the text Jackson writes (quote, backslash and control characters
 * escaped, everything else as it is), without making a Jackson generator per value, which was
 * most of what a delivery allocated.
 */
public final class JsonStrings {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JsonStrings() {
  }

  /** Appends {@code s} quoted and escaped, or {@code null} when it is null. */
  public static StringBuilder append(StringBuilder out, String s) {
    if (s == null) {
      return out.append("null");
    }
    out.append('"');
    int n = s.length();
    int from = 0;
    for (int i = nextEscape(s, 0); i < n; i = nextEscape(s, from)) {
      out.append(s, from, i).append(escape(s.charAt(i)));
      from = i + 1;
    }
    return out.append(s, from, n).append('"');
  }

  /** The same, as UTF-8 into {@code out}. */
  public static ByteBuf append(ByteBuf out, String s) {
    if (s == null) {
      out.writeBytes(NULL);
      return out;
    }
    out.writeByte('"');
    int n = s.length();
    int from = 0;
    for (int i = nextEscape(s, 0); i < n; i = nextEscape(s, from)) {
      ByteBufUtil.writeUtf8(out, s, from, i);
      ByteBufUtil.writeAscii(out, escape(s.charAt(i)));
      from = i + 1;
    }
    ByteBufUtil.writeUtf8(out, s, from, n);
    out.writeByte('"');
    return out;
  }

  /** The index of the first character at or after {@code from} that JSON escapes, or the length. */
  private static int nextEscape(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return i;
      }
    }
    return s.length();
  }

  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private static String escape(char c) {
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      default -> new String(new char[] {'\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 0xF]});
    };
  }

  /**
   * A JSON value for a client's {@code ref}: a string quoted, a number as it is, one that is not
   * finite ({@code 1e999} parses to infinity) quoted as Jackson writes it.
   */
  public static StringBuilder appendRef(StringBuilder out, Object ref) {
    if (ref instanceof String s) {
      return append(out, s);
    }
    if (ref instanceof Double d && !Double.isFinite(d) || ref instanceof Float f && !Float.isFinite(f)) {
      return append(out, ref.toString());
    }
    return out.append(ref);
  }
}
