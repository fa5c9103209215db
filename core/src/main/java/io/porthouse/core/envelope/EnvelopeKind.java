package io.porthouse.core.envelope;

/** What an envelope's payload is. */
public enum EnvelopeKind {
  /** A JSON value from a text frame ({@code data} of a {@code send}). */
  TEXT,
  /** Opaque bytes (binary ingresses such as TCP or UDP). */
  BINARY,
  /** A control message between Porthouse parts, never shown to clients as {@code msg}. */
  CONTROL,
  /**
   * UTF-8 text exactly as a raw socket sent it, not necessarily JSON ({@code /ws/rooms/{room}}):
   * raw members get the text as is, protocol v1 members get it as {@code data}, a JSON string.
   */
  RAW_TEXT;

  private static final EnvelopeKind[] VALUES = values();

  static EnvelopeKind ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
