package io.porthouse.core.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a key's type and range cannot say about the config: one key's form (an origin, a URL, one
 * of some names) and how keys go together (a hook needs its backend's URL and a secret, a room
 * rule's default stays under its ceiling). Run by {@link PorthouseConfig} after the ranges; each
 * failure names the key and its environment variable.
 */
final class ConfigChecks {

  private static final Pattern ORIGIN = Pattern.compile("https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?");

  private ConfigChecks() {
  }

  /** Every check, on the merged config. */
  static void check(JsonObject merged) {
    String onExpiry = merged.getJsonObject("session").getString("onTokenExpiry");
    if (!"anonymous".equals(onExpiry) && !"close".equals(onExpiry)) {
      throw new ConfigException("config key 'session.onTokenExpiry' must be anonymous or close, got " + onExpiry);
    }
    checkOrigins(merged.getJsonObject("http").getJsonArray("origins"));
    checkHooks(merged.getJsonObject("hooks"));
    checkWebhooks(merged.getJsonObject("webhooks"), merged.getJsonObject("hooks"), merged.getJsonObject("templates"));
    JsonObject defaults = merged.getJsonObject("roomRules").getJsonObject("defaults");
    if (!List.of("any", "json", "text", "binary").contains(defaults.getString("format"))) {
      throw new ConfigException("config key 'roomRules.defaults.format' must be any, json, text or binary, got "
          + defaults.getString("format"));
    }
    JsonObject ceilings = merged.getJsonObject("roomRules").getJsonObject("ceilings");
    for (String key : ceilings.fieldNames()) {
      if (defaults.getLong(key) > ceilings.getLong(key)) {
        throw new ConfigException("config key 'roomRules.defaults." + key + "' (" + defaults.getLong(key)
            + ") is above its ceiling 'roomRules.ceilings." + key + "' (" + ceilings.getLong(key) + ")");
      }
    }
  }

  /** {@code http.origins}: {@code *} alone, or origins as browsers send them ({@code https://app.example.com:8443}). */
  private static void checkOrigins(JsonArray origins) {
    List<String> list = origins.stream().map(String::valueOf).toList();
    if (list.isEmpty() || list.contains("*") && list.size() > 1) {
      throw new ConfigException("config key 'http.origins' (PORTHOUSE_HTTP_ORIGINS) must be * alone or a list of origins, got "
          + list);
    }
    for (String origin : list) {
      if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
        throw new ConfigException("config key 'http.origins' (PORTHOUSE_HTTP_ORIGINS): '" + origin
            + "' is not an origin (scheme://host[:port], no path)");
      }
    }
  }

  /** Hooks need a backend URL and a secret to sign with, and both must be sound. */
  private static void checkHooks(JsonObject hooks) {
    String url = hooks.getString("url");
    if (url != null && !url.matches("https?://[^\\s]+")) {
      throw new ConfigException("config key 'hooks.url' (PORTHOUSE_HOOKS_URL) must be an http:// or https:// URL, got " + url);
    }
    String secret = hooks.getString("secret");
    if (secret != null && secret.length() < 16) {
      throw new ConfigException("config key 'hooks.secret' (PORTHOUSE_HOOKS_SECRET) must be at least 16 characters");
    }
    if (url != null && secret == null) {
      throw new ConfigException("config key 'hooks.secret' (PORTHOUSE_HOOKS_SECRET) must be set when 'hooks.url' is: "
          + "every call to the backend is signed with it");
    }
    for (String hook : List.of("connect", "refresh", "rpc")) {
      if (hooks.getBoolean(hook) && url == null) {
        throw new ConfigException("config key 'hooks." + hook + "' needs 'hooks.url' (PORTHOUSE_HOOKS_URL): the backend to ask");
      }
    }
    if (hooks.getBoolean("refresh") && !hooks.getBoolean("connect")) {
      throw new ConfigException("config key 'hooks.refresh' needs 'hooks.connect': it renews identities the connect hook gave");
    }
  }

  /** Webhooks need a target and a secret (theirs, or the hooks' one) when a template makes events. */
  private static void checkWebhooks(JsonObject webhooks, JsonObject hooks, JsonObject templates) {
    String url = webhooks.getString("url");
    if (url != null && !url.matches("https?://[^\\s]+")) {
      throw new ConfigException("config key 'webhooks.url' (PORTHOUSE_WEBHOOKS_URL) must be an http:// or https:// URL, got " + url);
    }
    String secret = webhooks.getString("secret") != null ? webhooks.getString("secret") : hooks.getString("secret");
    if (url != null && (secret == null || secret.length() < 16)) {
      throw new ConfigException("config key 'webhooks.secret' (PORTHOUSE_WEBHOOKS_SECRET) or 'hooks.secret' must be set, "
          + "at least 16 characters, when 'webhooks.url' is: every delivery is signed with it");
    }
    if (webhooks.getLong("retryMinMillis") > webhooks.getLong("retryMaxMillis")) {
      throw new ConfigException("config key 'webhooks.retryMinMillis' is above 'webhooks.retryMaxMillis'");
    }
    for (String pattern : templates.fieldNames()) {
      if (templates.getValue(pattern) instanceof JsonObject t && t.getValue("events") instanceof JsonArray events
          && !events.isEmpty() && url == null) {
        throw new ConfigException("config key templates.'" + pattern + "'.events needs 'webhooks.url' "
            + "(PORTHOUSE_WEBHOOKS_URL): where the events go");
      }
      if (templates.getValue(pattern) instanceof JsonObject t && t.getValue("hooks") instanceof JsonArray asks
          && !asks.isEmpty() && hooks.getString("url") == null) {
        throw new ConfigException("config key templates.'" + pattern + "'.hooks needs 'hooks.url' (PORTHOUSE_HOOKS_URL): "
            + "the backend to ask");
      }
    }
  }

}
