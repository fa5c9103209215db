package io.porthouse.roomstate;

import io.porthouse.core.bus.HookCall;
import io.porthouse.core.config.ConfigException;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RoomNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules by room-name pattern ({@code templates} in config): a room made by a join (auto-create)
 * or a {@code create} takes the rules of the template its name matches, and the template says
 * which backend hooks ({@code join}, {@code publish}) its rooms ask. A pattern is a whole name
 * ({@code lobby}) or a prefix ending in {@code *} ({@code chat:*}, {@code chat:vip:*}, {@code *});
 * the most specific wins: a whole name over any prefix, a longer prefix over a shorter one. Two
 * patterns can never tie, so no order of declaration matters. Immutable.
 */
public final class RoomTemplates {

  /** Names a room may be made with when it matches no template: the server's defaults, no hooks. */
  public static final Template NONE = new Template("", new JsonObject(), false, Set.of());

  /**
   * One template.
   *
   * @param pattern    as configured
   * @param rules      the rules its rooms are made with (checked, not yet filled with defaults)
   * @param autoCreate whether a join makes a missing room of this pattern
   * @param hooks      the backend hooks its rooms ask
   */
  public record Template(String pattern, JsonObject rules, boolean autoCreate, Set<HookCall.Hook> hooks) {

    /** Whether this is a configured template (not the server's defaults for names no template matches). */
    public boolean configured() {
      return !pattern.isEmpty();
    }

    /** Whether its rooms make webhook events (config {@code events}). */
    public boolean makesEvents() {
      return rules.containsKey("webhooks");
    }

    public boolean asks(HookCall.Hook hook) {
      return hooks.contains(hook);
    }

    /** The rules a room of this template is made with: its own, changed by {@code given} (a key set to {@code null} drops it). */
    public JsonObject rulesWith(JsonObject given) {
      JsonObject rules = this.rules.copy();
      if (given != null) {
        for (String key : given.fieldNames()) {
          Object value = given.getValue(key);
          if (value == null) {
            rules.remove(key);
          } else {
            rules.put(key, value);
          }
        }
      }
      return rules;
    }
  }

  private final Map<String, Template> whole;
  /** Prefix patterns, longest prefix first. */
  private final List<Map.Entry<String, Template>> prefixes;
  private final boolean defaultAutoCreate;

  private RoomTemplates(Map<String, Template> whole, List<Map.Entry<String, Template>> prefixes, boolean defaultAutoCreate) {
    this.whole = whole;
    this.prefixes = prefixes;
    this.defaultAutoCreate = defaultAutoCreate;
  }

  /**
   * The templates of {@code config} ({@code templates}), each checked: its pattern, its keys,
   * its rules against {@code ruleBook} (ceilings included).
   *
   * @throws ConfigException naming the template and what is wrong
   */
  public static RoomTemplates fromConfig(JsonObject config, RoomRules ruleBook) {
    return of(config.getJsonObject("templates", new JsonObject()), config.getJsonObject("rooms").getBoolean("autoCreate"),
        ruleBook);
  }

  /**
   * The templates of {@code section} (pattern → template), each checked as {@link #check} does.
   *
   * @param defaultAutoCreate {@code rooms.autoCreate}: for templates that do not say, and names no template matches
   */
  public static RoomTemplates of(JsonObject section, boolean defaultAutoCreate, RoomRules ruleBook) {
    Map<String, Template> whole = new HashMap<>();
    List<Map.Entry<String, Template>> prefixes = new ArrayList<>();
    for (String pattern : section.fieldNames()) {
      Template t = parse(pattern, section.getValue(pattern), ruleBook, defaultAutoCreate);
      if (pattern.endsWith("*")) {
        prefixes.add(Map.entry(pattern.substring(0, pattern.length() - 1), t));
      } else {
        whole.put(pattern, t);
      }
    }
    prefixes.sort(Comparator.comparingInt((Map.Entry<String, Template> e) -> e.getKey().length()).reversed());
    return new RoomTemplates(Map.copyOf(whole), List.copyOf(prefixes), defaultAutoCreate);
  }

  /**
   * One template, checked: its pattern, its keys, its rules against {@code ruleBook}.
   *
   * @throws ConfigException naming the template and what is wrong
   */
  public static Template check(String pattern, Object value, RoomRules ruleBook, boolean defaultAutoCreate) {
    return parse(pattern, value, ruleBook, defaultAutoCreate);
  }

  private static Template parse(String pattern, Object value, RoomRules ruleBook, boolean defaultAutoCreate) {
    String key = "templates.'" + pattern + "'";
    int star = pattern.indexOf('*');
    if (star >= 0 && star != pattern.length() - 1) {
      throw new ConfigException("config key " + key + ": a pattern is a room name, or a prefix ending in one '*'");
    }
    String literal = star < 0 ? pattern : pattern.substring(0, star);
    if (!literal.isEmpty()) {
      try {
        RoomNames.check(literal);
      } catch (PorthouseException e) {
        throw new ConfigException("config key " + key + ": " + e.getMessage());
      }
    }
    if (!(value instanceof JsonObject t)) {
      throw new ConfigException("config key " + key + " must be an object {rules, autoCreate, hooks}");
    }
    for (String field : t.fieldNames()) {
      if (!List.of("rules", "autoCreate", "hooks", "events").contains(field)) {
        throw new ConfigException("unknown config key " + key + "." + field + " (known: rules, autoCreate, hooks, events)");
      }
    }
    Object rules = t.getValue("rules", new JsonObject());
    if (!(rules instanceof JsonObject r)) {
      throw new ConfigException("config key " + key + ".rules must be an object of room rules");
    }
    for (String secret : List.of("password", "persistent", "webhooks")) {
      if (r.containsKey(secret)) {
        throw new ConfigException("config key " + key + ".rules: rule '" + secret + "' is set by a room's creator with "
            + "'create', never by a template (a template's rooms are made by joins)");
      }
    }
    try {
      ruleBook.effective(null, r);
    } catch (PorthouseException e) {
      throw new ConfigException("config key " + key + ".rules: " + e.getMessage());
    }
    Object auto = t.getValue("autoCreate", defaultAutoCreate);
    if (!(auto instanceof Boolean autoCreate)) {
      throw new ConfigException("config key " + key + ".autoCreate must be true or false");
    }
    Object hookList = t.getValue("hooks", new JsonArray());
    if (!(hookList instanceof JsonArray names)) {
      throw new ConfigException("config key " + key + ".hooks must be a list of: join, publish");
    }
    Set<HookCall.Hook> hooks = EnumSet.noneOf(HookCall.Hook.class);
    for (Object name : names) {
      HookCall.Hook hook = name instanceof String s ? HookCall.Hook.byName(s) : null;
      if (hook != HookCall.Hook.JOIN && hook != HookCall.Hook.PUBLISH) {
        throw new ConfigException("config key " + key + ".hooks: '" + name + "' is not a room hook (join, publish)");
      }
      hooks.add(hook);
    }
    Object events = t.getValue("events", new JsonArray());
    if (!(events instanceof JsonArray list) || !list.stream().allMatch(WebhookEvent.TYPES::contains)) {
      throw new ConfigException("config key " + key + ".events must be a list of webhook events: "
          + String.join(", ", WebhookEvent.TYPES));
    }
    JsonObject made = r.copy();
    if (!list.isEmpty()) {
      made.put("webhooks", list.copy()); // the room keeps them: it makes its events itself
    }
    return new Template(pattern, made, autoCreate, Set.copyOf(hooks));
  }

  /** The template of {@code room}: its whole name, else its longest matching prefix, else {@link #NONE}-like defaults. */
  public Template of(String room) {
    Template t = whole.get(room);
    if (t != null) {
      return t;
    }
    for (Map.Entry<String, Template> p : prefixes) {
      if (room.startsWith(p.getKey())) {
        return p.getValue();
      }
    }
    return defaultAutoCreate ? DEFAULTS_AUTO : NONE;
  }

  /** Whether any template's rooms make webhook events. */
  public boolean anyEvents() {
    return whole.values().stream().anyMatch(Template::makesEvents) || prefixes.stream().anyMatch(p -> p.getValue().makesEvents());
  }

  /** Whether any template asks {@code hook} (when none does, callers skip the lookup). */
  public boolean anyAsks(HookCall.Hook hook) {
    return whole.values().stream().anyMatch(t -> t.asks(hook)) || prefixes.stream().anyMatch(p -> p.getValue().asks(hook));
  }

  private static final Template DEFAULTS_AUTO = new Template("", new JsonObject(), true, Set.of());
}
