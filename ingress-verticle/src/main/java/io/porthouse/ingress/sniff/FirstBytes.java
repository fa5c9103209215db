package io.porthouse.ingress.sniff;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Which protocol a connection speaks, from its first bytes: a TLS record (0x16), an MQTT
 * {@code CONNECT} (0x10), an HTTP request line (a method and a space: at most 8 bytes decide), or
 * else newline-delimited JSON (protocol v1 over TCP, whose lines start with {@code {} or
 * {@code NEW ROOM}). None of these starts another's way, so no byte is ever read twice to decide.
 */
public final class FirstBytes {

  /** What a connection speaks. */
  public enum Protocol { HTTP, TLS, MQTT, TCP }

  /** Most bytes a decision needs ({@code "OPTIONS "}, {@code "CONNECT "}). */
  public static final int MAX_NEEDED = 8;

  private static final byte TLS_HANDSHAKE = 0x16;
  private static final byte MQTT_CONNECT = 0x10;
  private static final byte[][] METHODS = ascii("GET ", "HEAD ", "POST ", "PUT ", "DELETE ", "OPTIONS ", "PATCH ",
      "TRACE ", "CONNECT ", "PRI ");

  private FirstBytes() {
  }

  /** The protocol of a connection whose first readable bytes are {@code head}; {@code null}: more bytes are needed. */
  public static Protocol of(ByteBuf head) {
    int n = head.readableBytes();
    if (n == 0) {
      return null;
    }
    int at = head.readerIndex();
    byte first = head.getByte(at);
    if (first == TLS_HANDSHAKE) {
      return Protocol.TLS;
    }
    if (first == MQTT_CONNECT) {
      return Protocol.MQTT;
    }
    boolean couldBeHttp = false;
    for (byte[] method : METHODS) {
      int k = Math.min(n, method.length);
      if (head.getByte(at) == method[0] && matches(head, at, method, k)) {
        if (k == method.length) {
          return Protocol.HTTP;
        }
        couldBeHttp = true;
      }
    }
    return couldBeHttp ? null : Protocol.TCP;
  }

  private static boolean matches(ByteBuf head, int at, byte[] method, int k) {
    for (int i = 0; i < k; i++) {
      if (head.getByte(at + i) != method[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[][] ascii(String... s) {
    byte[][] out = new byte[s.length][];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }
}
