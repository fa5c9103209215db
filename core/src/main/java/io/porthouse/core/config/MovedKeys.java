package io.porthouse.core.config;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configuration keys that moved: each is still read at its old place, in a file and in the
 * environment alike, with a warning at start naming its new name; where both are set, the new one
 * wins.
 */
final class MovedKeys {

  private static final Logger LOG = LoggerFactory.getLogger(PorthouseConfig.class);

  /**
   * Keys that moved, old path → new: the socket limits that apply to every transport were under
   * {@code ws}, which now holds only what is the WebSocket endpoint's own ({@code path},
   * {@code compression}); how long a node waits for a late delivery is a history setting.
   */
  static final Map<String, String> MOVED = movedKeys();

  private MovedKeys() {
  }

  private static Map<String, String> movedKeys() {
    Map<String, String> moved = new LinkedHashMap<>();
    for (String key : List.of("allowAnonymous", "maxMessageBytes", "maxErrors", "ratePerSecond", "rateBurst",
        "writeQueueMaxBytes", "maxRoomsPerSocket", "maxInFlight", "pingSeconds", "idleTimeoutSeconds", "onTokenExpiry",
        "authTimeoutSeconds", "maxConnectionsPerAddress", "maxConnectionsPerClient")) {
      moved.put("ws." + key, "session." + key);
    }
    moved.put("ws.gapWaitMillis", "history.gapWaitMillis");
    return Map.copyOf(moved);
  }

  /**
   * {@code overrides} with every moved key at its new path, unless that is set
   * too (the new one wins), each move warned about as coming from {@code source}.
   */
  static JsonObject toNewPlaces(JsonObject overrides, String source) {
    MOVED.forEach((from, to) -> {
      if (!has(overrides, from)) {
        return;
      }
      Object value = remove(overrides, from);
      if (has(overrides, to)) {
        LOG.warn("{}: config key '{}' moved to '{}', which is set too; '{}' is ignored: remove it", source, from, to, from);
      } else {
        LOG.warn("{}: config key '{}' moved to '{}'; read there for now: rename it", source, from, to);
        setCreating(overrides, to, value);
      }
    });
    return overrides;
  }

  /** Adds to {@code byEnvName} (environment name → key path) the old names of moved keys that {@code env} sets, unless it sets the new name too. */
  static void addOldEnvNames(Map<String, String> env, Map<String, String> byEnvName) {
    MOVED.forEach((from, to) -> {
      String old = EnvOverlay.envName(from);
      String now = EnvOverlay.envName(to);
      if (env.containsKey(old)) {
        if (env.containsKey(now)) {
          LOG.warn("environment variable {} is now {}, which is set too; {} is ignored: remove it", old, now, old);
        } else {
          LOG.warn("environment variable {} is now {}; read for now: rename it", old, now);
          byEnvName.put(old, to);
        }
      }
    });
  }

  private static boolean has(JsonObject root, String path) {
    String[] parts = path.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      if (!(node.getValue(parts[i]) instanceof JsonObject child)) {
        return false;
      }
      node = child;
    }
    return node.containsKey(parts[parts.length - 1]);
  }

  /** Removes {@code path} (which {@link #has}) and answers its value. */
  private static Object remove(JsonObject root, String path) {
    String[] parts = path.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.getJsonObject(parts[i]);
    }
    return node.remove(parts[parts.length - 1]);
  }

  /** Sets {@code path}, making the sections on the way that {@code root} lacks (a wrong type there is left to the merge to report). */
  private static void setCreating(JsonObject root, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.getValue(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      if (!(child instanceof JsonObject section)) {
        return;
      }
      node = section;
    }
    node.put(parts[parts.length - 1], value);
  }
}
