package io.porthouse.bridge;

import io.porthouse.core.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One link as the links file ({@code bridge.links}, {@code conf/links.json}) describes it:
 * {@code {"name","connect":"host:port"?,"peer"?,"rooms":["chat","team-*"],"direction":"both"|"in"|"out","tls"?,"secret"?}}.
 * A link with {@code connect} is dialled from here; one without is accepted when a peer names it.
 * A room pattern ends in {@code *} (a prefix); mesh rooms ({@code "mesh":"<name>"}) are carried
 * whatever the patterns say.
 *
 * @param name      the link's name, the same on both sides
 * @param host      the peer's host to dial, or {@code null} to accept
 * @param port      the peer's port to dial
 * @param peer      the cluster the peer must be ({@code null}: whoever proves the secret)
 * @param rooms     room names and prefix patterns
 * @param direction which way messages go, seen from here
 * @param tls       whether to dial with TLS
 * @param secret    this link's own secret (16+ characters), or {@code null} to use {@code bridge.secret}: a
 *                  peer that knows only another link's secret cannot take this link's name
 */
public record LinkSpec(String name, String host, int port, String peer, List<String> rooms, Direction direction,
                       boolean tls, String secret) {

  /** Which way a link carries messages, seen from this cluster. */
  public enum Direction {
    BOTH, IN, OUT;

    public boolean sends() {
      return this != IN;
    }

    public boolean takes() {
      return this != OUT;
    }
  }

  public static final String NAME = "[A-Za-z0-9._-]{1,64}";
  private static final Set<String> KEYS = Set.of("name", "connect", "peer", "rooms", "direction", "tls", "secret");

  public boolean dials() {
    return host != null;
  }

  /** Whether this link carries room {@code room} whose mesh rule is {@code mesh} ({@code null}: not a mesh room). */
  public boolean carries(String room, String mesh) {
    if (mesh != null) {
      return mesh.equals(name); // a mesh room lives on its own link only
    }
    for (String p : rooms) {
      if (p.endsWith("*") ? room.startsWith(p.substring(0, p.length() - 1)) : p.equals(room)) {
        return true;
      }
    }
    return false;
  }

  /** Room names (no pattern) this link carries: made if missing when the link is configured. */
  public List<String> exactRooms() {
    return rooms.stream().filter(r -> !r.endsWith("*")).toList();
  }

  public boolean hasPatterns() {
    return rooms.stream().anyMatch(r -> r.endsWith("*"));
  }

  /** Every link of a links file, by name; {@link ConfigException} naming what is wrong. */
  public static Map<String, LinkSpec> parseAll(JsonObject file) {
    Object links = file.getValue("links");
    if (!(links instanceof JsonArray array)) {
      throw new ConfigException("links file: 'links' must be an array of links");
    }
    Map<String, LinkSpec> out = new LinkedHashMap<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject o)) {
        throw new ConfigException("links file: links[" + i + "] must be an object");
      }
      LinkSpec spec = parse(o, "links[" + i + "]");
      if (out.put(spec.name(), spec) != null) {
        throw new ConfigException("links file: link '" + spec.name() + "' is named twice");
      }
    }
    return out;
  }

  static LinkSpec parse(JsonObject o, String where) {
    for (String key : o.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new ConfigException("links file: " + where + ": unknown key '" + key + "' (known: " + KEYS + ")");
      }
    }
    String name = o.getValue("name") instanceof String s ? s : null;
    if (name == null || !name.matches(NAME)) {
      throw new ConfigException("links file: " + where + ": 'name' must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    String at = "links file: link '" + name + "': ";
    String host = null;
    int port = 0;
    if (o.getValue("connect") != null) {
      String connect = o.getValue("connect") instanceof String s ? s : "";
      int colon = connect.lastIndexOf(':');
      try {
        port = Integer.parseInt(connect.substring(colon + 1));
      } catch (RuntimeException e) {
        port = -1;
      }
      if (colon <= 0 || port < 1 || port > 65535) {
        throw new ConfigException(at + "'connect' must be \"host:port\"");
      }
      host = connect.substring(0, colon);
    }
    String peer = o.getValue("peer") instanceof String s ? s : null;
    if (o.getValue("peer") != null && (peer == null || !peer.matches(NAME))) {
      throw new ConfigException(at + "'peer' must be a cluster name");
    }
    List<String> rooms = new ArrayList<>();
    Object r = o.getValue("rooms", new JsonArray());
    if (!(r instanceof JsonArray ra) || ra.stream().anyMatch(x -> !(x instanceof String s) || s.isEmpty() || s.length() > 256)) {
      throw new ConfigException(at + "'rooms' must be an array of room names or prefixes ending in '*'");
    }
    ra.forEach(x -> rooms.add((String) x));
    Direction direction;
    try {
      direction = Direction.valueOf(o.getString("direction", "both").toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new ConfigException(at + "'direction' must be \"both\", \"in\" or \"out\"");
    }
    if (o.getValue("tls") != null && !(o.getValue("tls") instanceof Boolean)) {
      throw new ConfigException(at + "'tls' must be true or false");
    }
    Object secret = o.getValue("secret");
    if (secret != null && !(secret instanceof String s && s.length() >= 16 && s.length() <= 1024)) {
      throw new ConfigException(at + "'secret' must be a string of 16 to 1024 characters");
    }
    return new LinkSpec(name, host, port, peer, List.copyOf(rooms), direction, o.getBoolean("tls", false), (String) secret);
  }
}
