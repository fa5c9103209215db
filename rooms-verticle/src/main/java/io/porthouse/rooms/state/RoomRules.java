package io.porthouse.rooms.state;

import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.function.Predicate;

/**
 * The rule keys a room may be created with, and their types. {@code public} (listed in every
 * socket's {@code rooms}), {@code history} (keep recent messages for replay, default on) and
 * {@code presence} (members hear of joins and leaves, default off) are in force; the others are
 * checked and stored, and enforced in a later version. An unknown key or a wrong type is a {@code bad_request}.
 */
public final class RoomRules {

  private static final Predicate<Object> POSITIVE_INT = v -> v instanceof Integer i && i > 0
      || v instanceof Long l && l > 0 && l <= Integer.MAX_VALUE;
  private static final Predicate<Object> STRING_LIST = v -> v instanceof JsonArray a
      && a.stream().allMatch(String.class::isInstance);

  /** Known keys and what their values must be. */
  static final Map<String, Predicate<Object>> KEYS = Map.of(
      "maxMembers", POSITIVE_INT,
      "maxMessageBytes", POSITIVE_INT,
      "joinRoles", STRING_LIST,
      "sendRoles", STRING_LIST,
      "public", v -> v instanceof Boolean,
      "history", v -> v instanceof Boolean,
      "presence", v -> v instanceof Boolean);

  private static final Map<String, String> EXPECTED = Map.of(
      "maxMembers", "a positive integer",
      "maxMessageBytes", "a positive integer",
      "joinRoles", "an array of role names",
      "sendRoles", "an array of role names",
      "public", "true or false",
      "history", "true or false",
      "presence", "true or false");

  private RoomRules() {
  }

  /** Returns {@code rules} (or an empty object for none) if every key is known and well typed. */
  public static JsonObject validate(JsonObject rules) {
    if (rules == null) {
      return new JsonObject();
    }
    for (String key : rules.fieldNames()) {
      Predicate<Object> check = KEYS.get(key);
      if (check == null) {
        throw PorthouseException.badRequest("unknown rule '" + key + "' (known: " + String.join(", ", KEYS.keySet().stream().sorted().toList()) + ")");
      }
      if (!check.test(rules.getValue(key))) {
        throw PorthouseException.badRequest("rule '" + key + "' must be " + EXPECTED.get(key));
      }
    }
    return rules.copy();
  }

  /** Whether a room with these (validated) rules keeps its recent messages for replay (default on). */
  public static boolean history(JsonObject rules) {
    return rules.getBoolean("history", true);
  }

  /** Whether members of a room with these (validated) rules hear of joins and leaves (default off). */
  public static boolean presence(JsonObject rules) {
    return rules.getBoolean("presence", false);
  }

  /** Whether a room with these (validated) rules is listed to every socket. */
  public static boolean listed(JsonObject rules) {
    return rules.getBoolean("public", false);
  }
}
