package io.porthouse.core.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The environment's part of a configuration: every key has a variable ({@code http.port} is
 * {@code PORTHOUSE_HTTP_PORT}), read as the type of its default; moved keys' old names are still
 * read ({@link MovedKeys}), and {@link PorthouseConfig#ALIASES} adds short names.
 */
final class EnvOverlay {

  private EnvOverlay() {
  }

  /** The environment variable that sets {@code path} ({@code section.key} or {@code key}). */
  static String envName(String path) {
    StringBuilder sb = new StringBuilder("PORTHOUSE");
    for (String part : path.split("\\.")) {
      sb.append('_').append(part.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }
    return sb.toString();
  }

  /** Sets on {@code merged} every key {@code env} names (its name, an old name with a warning, or an alias), checked against {@code defaults}' types. */
  static void apply(JsonObject merged, Map<String, String> env, JsonObject defaults) {
    Map<String, String> byEnvName = new LinkedHashMap<>();
    collectPaths(defaults, "", byEnvName);
    MovedKeys.addOldEnvNames(env, byEnvName);
    byEnvName.putAll(PorthouseConfig.ALIASES);
    byEnvName.forEach((envName, path) -> {
      String raw = env.get(envName);
      if (raw != null) {
        Object value = fromEnv(envName, path, raw, PorthouseConfig.get(defaults, path));
        try {
          PorthouseConfig.checkType(path, PorthouseConfig.get(defaults, path), value);
        } catch (ConfigException e) {
          throw new ConfigException("environment variable " + envName + ": " + e.getMessage());
        }
        PorthouseConfig.set(merged, path, value);
      }
    });
  }

  static void collectPaths(JsonObject node, String prefix, Map<String, String> out) {
    for (String key : node.fieldNames()) {
      Object v = node.getValue(key);
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      if (v instanceof JsonObject child) {
        collectPaths(child, path, out);
      } else {
        out.put(envName(path), path);
      }
    }
  }

  private static Object fromEnv(String envName, String path, String raw, Object def) {
    try {
      if (def instanceof Number) {
        return Long.parseLong(raw.trim());
      }
      if (def instanceof Boolean) {
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(raw);
      }
      if (def instanceof JsonArray) {
        return new JsonArray(Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
      }
      return raw;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("environment variable " + envName + "='" + raw + "' is not a valid "
          + PorthouseConfig.typeName(def) + " for " + path);
    }
  }
}
