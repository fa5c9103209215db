package io.porthouse.core.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one configuration schema: {@code porthouse-defaults.json} (in this module) holds every key
 * with its default; a JSON file (normally {@code conf/porthouse.json}) and then environment
 * variables override it. Every value is checked against the default's type at load, and an
 * unknown key is an error naming it, so a typo never passes silently.
 *
 * <p>Each key has an environment variable: {@code PORTHOUSE_} + section + key in upper snake case
 * ({@code session.maxMessageBytes} is {@code PORTHOUSE_SESSION_MAX_MESSAGE_BYTES}, {@code dataDir} is
 * {@code PORTHOUSE_DATA_DIR}); {@link #ALIASES} adds the short names the README uses. Lists are
 * comma-separated. Keys that moved ({@link MovedKeys}) are still read at their old place, in the file
 * and the environment alike, with a warning naming the new one.
 */
public final class PorthouseConfig {

  /** Short environment names for the keys people set most. */
  public static final Map<String, String> ALIASES = Map.of(
      "PORTHOUSE_JWT_SECRET", "auth.jwtSecret",
      "PORTHOUSE_JWT_ALGORITHM", "auth.algorithm",
      "PORTHOUSE_JWT_PUBLIC_KEY_FILE", "auth.publicKeyFile",
      "PORTHOUSE_JWT_PRIVATE_KEY_FILE", "auth.privateKeyFile");

  private static final JsonObject DEFAULTS = readDefaults();

  private static final long PORT_MAX = 65_535;
  private static final long MAX = Integer.MAX_VALUE;

  /**
   * The range of every numeric key, inclusive: a value outside it is refused at start, naming the
   * key (from the file or the environment alike). Every numeric key of the defaults has one (a
   * unit test checks), so a zero can never pass where it breaks things.
   */
  static final Map<String, long[]> RANGES = Map.ofEntries(
      range("eventLoops", 0, 1024),
      range("http.port", 0, PORT_MAX),
      range("session.maxMessageBytes", 1, 16 << 20),
      range("session.maxErrors", 1, MAX),
      range("session.ratePerSecond", 1, MAX),
      range("session.rateBurst", 1, MAX),
      range("session.writeQueueMaxBytes", 1024, MAX),
      range("session.maxRoomsPerSocket", 1, MAX),
      range("session.maxInFlight", 1, MAX),
      range("session.pingSeconds", 1, 86_400),
      range("session.idleTimeoutSeconds", 1, 86_400),
            range("session.authTimeoutSeconds", 1, 3_600),
      range("session.maxConnectionsPerAddress", 0, MAX),
      range("session.maxConnectionsPerClient", 0, MAX),
      range("tcp.port", 0, PORT_MAX),
      range("tcp.keepAliveSeconds", 1, 86_400),
      range("udp.port", 0, PORT_MAX),
      range("mqtt.port", 0, PORT_MAX),
      range("mqtt.connectTimeoutSeconds", 1, 600),
      range("auth.leewaySeconds", 0, 3_600),
      range("auth.jwksRefreshSeconds", 10, 86_400),
      range("auth.defaultTtlSeconds", 1, 31_536_000),
      range("auth.hashWorkers", 0, 256),
      range("auth.hashQueue", 1, 100_000),
      range("rooms.emptyRoomTtlSeconds", 0, 31_536_000),
      range("rooms.sweepMillis", 100, 3_600_000),
      range("rooms.dedupeWindow", 0, 100_000),
      range("rooms.dedupeSeconds", 1, 3_600),
      range("rooms.listLimit", 1, 10_000),
      range("rooms.passwordIterations", 100_000, 10_000_000),
      range("roomRules.defaults.maxMembers", 1, MAX),
      range("roomRules.defaults.maxAnonymous", 0, MAX),
      range("roomRules.defaults.maxMessageBytes", 1, 16 << 20),
      range("roomRules.defaults.rate", 0, MAX),
      range("roomRules.ceilings.maxMembers", 1, MAX),
      range("roomRules.ceilings.maxAnonymous", 0, MAX),
      range("roomRules.ceilings.maxMessageBytes", 1, 16 << 20),
      range("roomRules.ceilings.rate", 0, MAX),
      range("hooks.refreshAheadSeconds", 1, 3_600),
      range("hooks.timeoutMillis", 10, 600_000),
      range("hooks.maxInFlight", 1, 100_000),
      range("hooks.breakerFailures", 1, 10_000),
      range("hooks.breakerResetMillis", 100, 3_600_000),
      range("hooks.maxAnswerBytes", 1024, 16 << 20),
      range("webhooks.timeoutMillis", 10, 600_000),
      range("webhooks.maxInFlight", 1, 10_000),
      range("webhooks.batchSize", 1, 1_000),
      range("webhooks.retryMinMillis", 10, 3_600_000),
      range("webhooks.retryMaxMillis", 10, 86_400_000),
      range("db.poolSize", 1, 64),
      range("history.size", 0, 100_000),
      range("history.ttlSeconds", 1, 604_800),
      range("history.maxReplay", 1, 100_000),
      range("history.repairAfterMillis", 1, 600_000),
      range("history.gapWaitMillis", 1, 600_000),
      range("history.maxBytes", 1024, 1L << 30),
      range("presence.pageSize", 1, 10_000),
      range("router.maxPayloadBytes", 1, 16 << 20),
      range("metrics.port", 0, PORT_MAX),
      range("bridge.port", 0, PORT_MAX),
      range("bridge.maxFrameBytes", 1024, 64 << 20),
      range("bridge.bufferMessages", 1, 10_000_000),
      range("bridge.heartbeatMillis", 50, 600_000),
      range("bridge.deadAfterMillis", 100, 3_600_000),
      range("bridge.reconnectMinMillis", 10, 600_000),
      range("bridge.reconnectMaxMillis", 10, 3_600_000),
      range("cluster.port", 0, PORT_MAX),
      range("cluster.roomsBackups", 0, 6),
      range("cluster.roomsMembers", 0, 1_000),
      range("cluster.minRoomsMembers", 0, 1_000));

  private final JsonObject json;

  private PorthouseConfig(JsonObject json) {
    this.json = json;
  }

  private static Map.Entry<String, long[]> range(String path, long min, long max) {
    return Map.entry(path, new long[] {min, max});
  }

  /** The defaults alone. */
  public static PorthouseConfig defaults() {
    return new PorthouseConfig(DEFAULTS.copy());
  }

  /** The defaults overridden by {@code overrides} (same shape, any subset of keys), validated. */
  public static PorthouseConfig of(JsonObject overrides) {
    JsonObject merged = DEFAULTS.copy();
    mergeInto(merged, MovedKeys.toNewPlaces(overrides.copy(), "config"), "");
    checkRanges(merged);
    return new PorthouseConfig(merged);
  }

  /**
   * Defaults, then {@code file} if it exists ({@code null} for none), then {@code env}.
   *
   * @throws ConfigException naming the file or key that is wrong
   */
  public static PorthouseConfig load(Path file, Map<String, String> env) {
    JsonObject merged = DEFAULTS.copy();
    if (file != null && Files.exists(file)) {
      try {
        mergeInto(merged, MovedKeys.toNewPlaces(new JsonObject(Files.readString(file)), file.toString()), "");
      } catch (IOException | DecodeException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
      } catch (ConfigException e) {
        throw new ConfigException(file + ": " + e.getMessage(), e);
      }
    }
    EnvOverlay.apply(merged, env, DEFAULTS);
    checkRanges(merged);
    return new PorthouseConfig(merged);
  }

  /** The whole configuration as JSON (a copy: handed to verticles as their config). */
  public JsonObject json() {
    return json.copy();
  }

  /** One section, such as {@code session} (a copy). */
  public JsonObject section(String name) {
    return json.getJsonObject(name).copy();
  }

  /** Every numeric key within its range, then what ranges cannot say ({@link ConfigChecks}). */
  private static void checkRanges(JsonObject merged) {
    RANGES.forEach((path, r) -> {
      long v = ((Number) get(merged, path)).longValue();
      if (v < r[0] || v > r[1]) {
        throw new ConfigException("config key '" + path + "' (" + EnvOverlay.envName(path) + ") must be from " + r[0] + " to " + r[1]
            + ", got " + v);
      }
    });
    ConfigChecks.check(merged);
  }

  /** Every numeric key of the defaults (for the test that each has a range). */
  static List<String> numericKeys() {
    Map<String, String> byEnv = new LinkedHashMap<>();
    EnvOverlay.collectPaths(DEFAULTS, "", byEnv);
    return byEnv.values().stream().filter(p -> get(DEFAULTS, p) instanceof Number).toList();
  }

  private static void mergeInto(JsonObject target, JsonObject overrides, String prefix) {
    for (String key : overrides.fieldNames()) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      if (!target.containsKey(key)) {
        throw new ConfigException("unknown config key '" + path + "'");
      }
      Object def = target.getValue(key);
      Object value = overrides.getValue(key);
      if (path.equals("templates")) { // names are the operator's: checked by RoomTemplates at start
        if (!(value instanceof JsonObject)) {
          throw new ConfigException("config key 'templates' must be an object of room-name patterns");
        }
        target.put(key, value);
        continue;
      }
      if (def instanceof JsonObject defSection) {
        if (!(value instanceof JsonObject section)) {
          throw new ConfigException("config key '" + path + "' must be an object");
        }
        mergeInto(defSection, section, path);
        continue;
      }
      checkType(path, get(DEFAULTS, path), value);
      target.put(key, value);
    }
  }

  static void checkType(String path, Object def, Object value) {
    boolean ok;
    if (def instanceof Number) {
      ok = value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() == Math.floor(n.doubleValue());
    } else if (def instanceof Boolean) {
      ok = value instanceof Boolean;
    } else if (def instanceof JsonArray) {
      ok = value instanceof JsonArray a && a.stream().allMatch(String.class::isInstance);
    } else {
      ok = value == null || value instanceof String; // string keys, null meaning "not set"
    }
    if (!ok) {
      throw new ConfigException("config key '" + path + "' must be " + typeName(def) + ", got " + value);
    }
  }

  static String typeName(Object def) {
    if (def instanceof Number) {
      return "a non-negative integer";
    }
    if (def instanceof Boolean) {
      return "true or false";
    }
    if (def instanceof JsonArray) {
      return "a list of strings";
    }
    return "a string";
  }

  static Object get(JsonObject root, String path) {
    List<String> parts = List.of(path.split("\\."));
    JsonObject node = root;
    for (int i = 0; i < parts.size() - 1; i++) {
      node = node.getJsonObject(parts.get(i));
    }
    return node.getValue(parts.get(parts.size() - 1));
  }

  static void set(JsonObject root, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.getJsonObject(parts[i]);
    }
    node.put(parts[parts.length - 1], value);
  }

  private static JsonObject readDefaults() {
    try (InputStream in = PorthouseConfig.class.getResourceAsStream("/porthouse-defaults.json")) {
      if (in == null) {
        throw new IllegalStateException("porthouse-defaults.json missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read porthouse-defaults.json", e);
    }
  }
}
