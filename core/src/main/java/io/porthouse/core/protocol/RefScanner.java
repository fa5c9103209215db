package io.porthouse.core.protocol;

import io.vertx.core.buffer.Buffer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Finds the {@code ref} of a frame that cannot be parsed as a whole: one nested beyond
 * {@link FrameParser#MAX_DEPTH}, malformed further on, or over the size limit (then only its first
 * bytes are kept). It looks only at the top level of an object, skipping nested values by counting
 * brackets outside strings (no recursion, no allocation but the ref itself), so the error still
 * echoes the ref, as protocol v1 promises for any frame that was a JSON object.
 */
public final class RefScanner {

  /** Bytes of an oversized message kept to look for its ref. */
  public static final int PREFIX_BYTES = 1024;
  private static final int MAX_REF_CHARS = 256;

  private RefScanner() {
  }

  /** The first {@link #PREFIX_BYTES} of {@code kept} ({@code null}: nothing) followed by {@code more}, copied. */
  public static Buffer head(Buffer kept, Buffer more) {
    int fromKept = kept == null ? 0 : Math.min(kept.length(), PREFIX_BYTES);
    Buffer head = Buffer.buffer(PREFIX_BYTES);
    if (fromKept > 0) {
      head.appendBuffer(kept, 0, fromKept);
    }
    return head.appendBuffer(more, 0, Math.min(more.length(), PREFIX_BYTES - fromKept));
  }

  /** The top-level {@code ref} (a string or a number) in {@code bytes[0, length)}, or {@code null} if none is found there. */
  public static Object find(byte[] bytes, int length) {
    int i = skipSpace(bytes, 0, length);
    if (i >= length || bytes[i] != '{') {
      return null;
    }
    i++;
    while (true) {
      i = skipSpace(bytes, i, length);
      if (i >= length || bytes[i] != '"') {
        return null; // '}' or garbage: no (more) fields
      }
      int keyEnd = stringEnd(bytes, i, length);
      if (keyEnd < 0) {
        return null;
      }
      boolean isRef = keyEnd - i == 4 && bytes[i + 1] == 'r' && bytes[i + 2] == 'e' && bytes[i + 3] == 'f';
      i = skipSpace(bytes, keyEnd + 1, length);
      if (i >= length || bytes[i] != ':') {
        return null;
      }
      i = skipSpace(bytes, i + 1, length);
      if (i >= length) {
        return null;
      }
      if (isRef) {
        return value(bytes, i, length);
      }
      i = skipValue(bytes, i, length);
      if (i < 0) {
        return null;
      }
      i = skipSpace(bytes, i, length);
      if (i >= length || bytes[i] != ',') {
        return null;
      }
      i++;
    }
  }

  /** A ref value at {@code i}: a string without escapes, or a number; {@code null} for anything else. */
  private static Object value(byte[] bytes, int i, int length) {
    if (bytes[i] == '"') {
      int end = stringEnd(bytes, i, length);
      if (end < 0 || end - i - 1 > MAX_REF_CHARS) {
        return null;
      }
      for (int k = i + 1; k < end; k++) {
        if (bytes[k] == '\\' || (bytes[k] & 0xff) < 0x20) {
          return null; // escapes are rare in refs: not worth decoding here
        }
      }
      return new String(bytes, i + 1, end - i - 1, StandardCharsets.UTF_8);
    }
    int end = i;
    while (end < length && end - i <= 32 && "+-0123456789.eE".indexOf(bytes[end]) >= 0) {
      end++;
    }
    if (end == i || end - i > 32 || end >= length) {
      return null; // not a number, too long, or cut off (its end unseen)
    }
    try {
      BigDecimal n = new BigDecimal(new String(bytes, i, end - i, StandardCharsets.US_ASCII));
      return n.scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? (Number) n.longValue()
          : (Number) n.doubleValue();
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The index just past the value starting at {@code i}, or -1 if it does not end within {@code length}. */
  private static int skipValue(byte[] bytes, int i, int length) {
    if (bytes[i] == '"') {
      int end = stringEnd(bytes, i, length);
      return end < 0 ? -1 : end + 1;
    }
    if (bytes[i] != '{' && bytes[i] != '[') {
      while (i < length && bytes[i] != ',' && bytes[i] != '}' && bytes[i] != ']' && !space(bytes[i])) {
        i++;
      }
      return i;
    }
    long depth = 0;
    while (i < length) {
      byte b = bytes[i];
      if (b == '"') {
        int end = stringEnd(bytes, i, length);
        if (end < 0) {
          return -1;
        }
        i = end + 1;
        continue;
      }
      if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    return -1;
  }

  /** The index of the closing quote of the string opening at {@code i}, or -1. */
  private static int stringEnd(byte[] bytes, int i, int length) {
    for (int k = i + 1; k < length; k++) {
      if (bytes[k] == '\\') {
        k++;
      } else if (bytes[k] == '"') {
        return k;
      }
    }
    return -1;
  }

  private static int skipSpace(byte[] bytes, int i, int length) {
    while (i < length && space(bytes[i])) {
      i++;
    }
    return i;
  }

  private static boolean space(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }
}
