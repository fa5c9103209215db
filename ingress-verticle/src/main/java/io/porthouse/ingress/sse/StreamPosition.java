package io.porthouse.ingress.sse;

import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RoomNames;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where an event stream is in each of its rooms, written as an event id and read back from
 * {@code Last-Event-ID}: {@code room:seq:epoch} per room, space-separated, the room name
 * URL-encoded ({@code lobby:42:3kq8zj1x0m2a news:7:9f2kd0a7xq1b}). A resume joins each room with
 * that {@code since} and {@code epoch}, as the protocol's {@code join} does. Read from a client, so
 * checked part by part: a valid room name, a seq, an epoch of letters and digits, or that part is
 * left out.
 */
final class StreamPosition {

  /** A room's last message seen: its seq in that epoch. */
  record At(long seq, String epoch) {
  }

  /** What an epoch looks like (the server makes them of letters and digits). */
  private static final Pattern EPOCH = Pattern.compile("[0-9A-Za-z]{1,32}");

  /** Longest {@code Last-Event-ID} read; longer ones are ignored (a fresh start). */
  static final int MAX_ID_LENGTH = 16 * 1024;

  private final Map<String, At> rooms = new LinkedHashMap<>();
  /** Each room's name as the id writes it, encoded once per stream, not once per message. */
  private final Map<String, String> encoded = new HashMap<>();

  void at(String room, long seq, String epoch) {
    rooms.put(room, new At(seq, epoch));
    encoded.computeIfAbsent(room, r -> URLEncoder.encode(r, StandardCharsets.UTF_8));
  }

  At of(String room) {
    return rooms.get(room);
  }

  /** The rooms it names a place in, in order. */
  Set<String> rooms() {
    return rooms.keySet();
  }

  String id() {
    StringBuilder id = new StringBuilder();
    rooms.forEach((room, at) -> {
      if (id.length() > 0) {
        id.append(' ');
      }
      id.append(encoded.get(room)).append(':').append(at.seq()).append(':').append(at.epoch());
    });
    return id.toString();
  }

  /** The places an id names; what cannot be read is left out (that room starts afresh). */
  static StreamPosition parse(String id) {
    StreamPosition p = new StreamPosition();
    if (id == null || id.length() > MAX_ID_LENGTH) {
      return p;
    }
    for (String part : id.split(" ")) {
      String[] f = part.split(":", -1);
      if (f.length != 3 || !EPOCH.matcher(f[2]).matches()) {
        continue;
      }
      try {
        long seq = Long.parseLong(f[1]);
        if (seq >= 0) {
          p.at(RoomNames.check(URLDecoder.decode(f[0], StandardCharsets.UTF_8)), seq, f[2]);
        }
      } catch (IllegalArgumentException | PorthouseException e) {
        // not a place (a bad number, encoding, room name): that room starts afresh
      }
    }
    return p;
  }
}
