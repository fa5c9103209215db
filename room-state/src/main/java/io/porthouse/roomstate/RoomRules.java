package io.porthouse.roomstate;

import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.security.PasswordHash;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The rule keys a room may have, their types, and the server's defaults and ceilings for them
 * (config section {@code roomRules}). {@link #effective} turns what a client gave at
 * {@code create} (or changed with {@code rules}) into the room's complete rules: every limit
 * filled in from the defaults, none above its ceiling. The sequencer applies them as a
 * {@link RoomPolicy}. An unknown key, a wrong type or a value past its ceiling is a
 * {@code bad_request} naming the key. A {@code password} is kept only as its hash
 * ({@link #hashPassword}, run off the event loop).
 */
public final class RoomRules {

  private static final Predicate<Object> BOOL = v -> v instanceof Boolean;
  private static final Predicate<Object> POSITIVE_INT = v -> v instanceof Integer i && i > 0
      || v instanceof Long l && l > 0 && l <= Integer.MAX_VALUE;
  private static final Predicate<Object> COUNT = v -> v instanceof Integer i && i >= 0
      || v instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE;
  private static final Predicate<Object> NAMES = v -> v instanceof JsonArray a && !a.isEmpty() && a.size() <= 1000
      && a.stream().allMatch(s -> s instanceof String str && !str.isEmpty() && str.length() <= 256);

  /** Known keys, what their values must be, and how to say it. */
  private static final Map<String, Rule> KEYS = new LinkedHashMap<>();

  private record Rule(Predicate<Object> check, String expected) {
  }

  static {
    rule("public", BOOL, "true or false");
    rule("authenticated", BOOL, "true or false");
    rule("roles", NAMES, "a non-empty array of role names");
    rule("clients", NAMES, "a non-empty array of client ids (token 'sub's)");
    rule("password", v -> v instanceof String s && !s.isEmpty() && s.length() <= 1024, "a string of 1 to 1024 characters");
    rule("send", v -> "members".equals(v) || "owner".equals(v), "\"members\" or \"owner\"");
    rule("sendRoles", NAMES, "a non-empty array of role names");
    rule("sendClients", NAMES, "a non-empty array of client ids");
    rule("to", BOOL, "true or false");
    rule("echo", BOOL, "true or false");
    rule("format", v -> v instanceof String s && RoomPolicy.Format.byName(s) != null, "\"any\", \"json\", \"text\" or \"binary\"");
    rule("maxMembers", POSITIVE_INT, "a positive integer");
    rule("maxAnonymous", COUNT, "a non-negative integer");
    rule("maxMessageBytes", POSITIVE_INT, "a positive integer");
    rule("rate", COUNT, "a non-negative integer (messages per second per socket, 0: no room limit)");
    rule("burst", POSITIVE_INT, "a positive integer");
    rule("history", BOOL, "true or false");
    rule("historySize", COUNT, "a non-negative integer");
    rule("historyTtlSeconds", POSITIVE_INT, "a positive integer");
    rule("presence", BOOL, "true or false");
    rule("exclusive", BOOL, "true or false");
    rule("otp", BOOL, "true or false");
    rule("persistent", BOOL, "true or false (set at create, by role owner)");
    rule("keeper", v -> v instanceof String s && s.matches("[A-Za-z0-9._-]{1,64}"),
        "a keeper name of 1 to 64 letters, digits, '.', '_' or '-'");
    rule("webhooks", v -> v instanceof JsonArray a && a.stream().allMatch(WebhookEvent.TYPES::contains),
        "a list of webhook events: " + String.join(", ", WebhookEvent.TYPES) + " (set by the server's templates)");
    rule("mesh", v -> v instanceof String s && s.matches("[A-Za-z0-9._-]{1,64}"),
        "a bridge link name of 1 to 64 letters, digits, '.', '_' or '-' (set at create, never changed)");
  }

  private final JsonObject defaults;
  private final JsonObject ceilings;

  /**
   * @param config the whole configuration: {@code roomRules.defaults}, {@code roomRules.ceilings},
   *               and {@code history.size} / {@code history.ttlSeconds} as history's ceilings
   */
  public RoomRules(JsonObject config) {
    JsonObject section = config.getJsonObject("roomRules");
    JsonObject history = config.getJsonObject("history");
    defaults = section.getJsonObject("defaults").copy()
        .put("history", history.getInteger("size") > 0)
        .put("historySize", history.getInteger("size"))
        .put("historyTtlSeconds", history.getInteger("ttlSeconds"));
    ceilings = section.getJsonObject("ceilings").copy()
        .put("historySize", history.getInteger("size"))
        .put("historyTtlSeconds", history.getInteger("ttlSeconds"));
  }

  private static void rule(String key, Predicate<Object> check, String expected) {
    KEYS.put(key, new Rule(check, expected));
  }

  /**
   * The room's complete rules: {@code current} (a room's effective rules, or {@code null} for a
   * new room) changed by {@code given} (a key set to {@code null} goes back to its default), all
   * limits filled in and checked against their ceilings.
   */
  public JsonObject effective(JsonObject current, JsonObject given) {
    JsonObject rules = current == null ? new JsonObject() : current.copy();
    if (given != null) {
      for (String key : given.fieldNames()) {
        Rule rule = KEYS.get(key);
        if (rule == null) {
          throw PorthouseException.badRequest("unknown rule '" + key + "' (known: " + String.join(", ", KEYS.keySet()) + ")");
        }
        Object value = given.getValue(key);
        if ((key.equals("persistent") || key.equals("mesh")) && current != null
            && !Objects.equals(current.getValue(key), value)) {
          throw PorthouseException.badRequest("rule '" + key + "' is set when a room is created, never changed");
        }
        if (value == null) {
          rules.remove(key);
          continue;
        }
        if (!rule.check.test(value)) {
          throw PorthouseException.badRequest("rule '" + key + "' must be " + rule.expected);
        }
        rules.put(key, value instanceof JsonArray a ? a.copy() : value);
      }
    }
    for (String key : defaults.fieldNames()) {
      if (!rules.containsKey(key)) {
        rules.put(key, defaults.getValue(key));
      }
    }
    for (String key : ceilings.fieldNames()) {
      long ceiling = ceilings.getLong(key);
      if (rules.getLong(key) > ceiling) {
        throw PorthouseException.badRequest("rule '" + key + "' may be at most " + ceiling + " on this server");
      }
    }
    if (rules.getInteger("rate") > 0 && !rules.containsKey("burst")) {
      rules.put("burst", rules.getInteger("rate"));
    }
    if (rules.getBoolean("history") && rules.getInteger("historySize") == 0) {
      throw PorthouseException.badRequest("rule 'history' needs a 'historySize' above 0 (this server keeps at most "
          + ceilings.getInteger("historySize") + ")");
    }
    return rules;
  }

  /** Whether a room of these rules is kept in the database. */
  public static boolean persistent(JsonObject rules) {
    return rules.getBoolean("persistent", false);
  }

  /** Whether {@code rules} hold a password that is not hashed yet. */
  public static boolean needsHashing(JsonObject rules) {
    String password = rules.getString("password");
    return password != null && !PasswordHash.isHash(password);
  }

  /** {@code rules} with the password replaced by its hash (CPU-heavy: run it off the event loop). */
  public static JsonObject hashPassword(JsonObject rules, int iterations) {
    return rules.copy().put("password", PasswordHash.hash(rules.getString("password"), iterations));
  }

  /** {@code rules} as shown to clients: the password's hash is never shown, only that there is one. */
  public static JsonObject shown(JsonObject rules) {
    return rules.containsKey("password") ? rules.copy().put("password", true) : rules;
  }
}
