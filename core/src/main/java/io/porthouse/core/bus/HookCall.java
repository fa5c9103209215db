package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * One call to the application's backend, sent to {@link io.porthouse.core.Addresses#HOOKS_CALL}.
 * Shape on the bus: {@code {"hook":"join","body":{…}}}, {@code body} being what the backend is
 * POSTed (documented per hook in {@code docs/hooks.md}). Answered with the backend's
 * {@code result} object, or failed with the code the client is told.
 */
public record HookCall(Hook hook, JsonObject body) {

  /**
   * The backend hooks: the moments Porthouse asks the application's backend over HTTP. Each is
   * POSTed to {@code hooks.url} + {@code "/"} + its {@link #wireName()}.
   */
  public enum Hook {
    /** A socket arrives without a token: who is it? */
    CONNECT(true),
    /** A socket's identity from {@link #CONNECT} is about to expire: a new expiry? */
    REFRESH(true),
    /** A client joins a room whose template names this hook: may it? */
    JOIN(true),
    /** A message to a room whose template names this hook, before it is sequenced: allow, refuse or replace it. */
    PUBLISH(false),
    /** A client's {@code rpc} op: the backend's answer goes back to it. */
    RPC(false);

    private final boolean safeToRetry;

    Hook(boolean safeToRetry) {
      this.safeToRetry = safeToRetry;
    }

    /**
     * A call that only asks (connect, refresh, join) may be sent again after a failure that did
     * not answer; one that may act in the backend (publish, rpc) never is: the backend may have
     * done it already.
     */
    public boolean safeToRetry() {
      return safeToRetry;
    }

    /** The path segment and the name in config and metrics. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The hook named {@code name}, or {@code null}. */
    public static Hook byName(String name) {
      for (Hook k : values()) {
        if (k.wireName().equals(name)) {
          return k;
        }
      }
      return null;
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("hook", hook.wireName()).put("body", body);
  }

  public static HookCall fromJson(JsonObject json) {
    Hook hook = Hook.byName(json.getString("hook"));
    if (hook == null) {
      throw new IllegalArgumentException("no hook '" + json.getString("hook") + "'");
    }
    return new HookCall(hook, json.getJsonObject("body", new JsonObject()));
  }
}
