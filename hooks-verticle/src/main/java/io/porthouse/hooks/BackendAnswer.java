package io.porthouse.hooks;

import io.porthouse.core.bus.HookCall;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RoomNames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the backend answered one hook call: {@code {"result":{…}}} (checked for the hook's shape)
 * or {@code {"error":{"code":"forbidden","message":"…"}}}, a refusal passed on to the client.
 * Anything else (another HTTP status, not JSON, a wrong shape) is the backend failing, counted
 * against its circuit breaker; a refusal is an answer, never a failure.
 */
sealed interface BackendAnswer {

  /** Longest refusal message passed on to a client, in characters. */
  int MAX_MESSAGE = 512;
  /** Longest {@code info} a join hook may give a member (kept in the room's state, shown to every member). */
  int MAX_INFO = 4096;
  /** Longest client name the connect hook may give. */
  int MAX_CLIENT = 256;

  record Result(JsonObject result) implements BackendAnswer {
  }

  record Refusal(ErrorCode code, String message) implements BackendAnswer {
    PorthouseException toException() {
      return PorthouseException.of(code, message);
    }
  }

  /** Thrown for an answer the backend should not have given: it counts as the backend failing. */
  final class BadAnswer extends RuntimeException {
    BadAnswer(String message) {
      super(message, null, false, false);
    }
  }

  static BackendAnswer parse(HookCall.Hook hook, int status, Buffer body) {
    if (status != 200) {
      throw new BadAnswer("backend answered HTTP " + status);
    }
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new BadAnswer("backend answer is not a JSON object");
    }
    Object error = json.getValue("error");
    if (error != null) {
      return refusal(error);
    }
    if (!(json.getValue("result") instanceof JsonObject result)) {
      throw new BadAnswer("backend answer has neither 'result' (an object) nor 'error'");
    }
    check(hook, result);
    return new Result(result);
  }

  private static Refusal refusal(Object error) {
    if (!(error instanceof JsonObject e)) {
      throw new BadAnswer("backend 'error' must be an object {code, message}");
    }
    ErrorCode code = ErrorCode.FORBIDDEN;
    for (ErrorCode c : ErrorCode.values()) {
      if (c.code().equals(e.getValue("code"))) {
        code = c;
      }
    }
    if (code == ErrorCode.INTERNAL || code == ErrorCode.OUTCOME_UNKNOWN) {
      code = ErrorCode.UNAVAILABLE; // the backend's trouble, told as ours to retry; never "unknown" for a refusal
    }
    String message = e.getValue("message") instanceof String s && !s.isBlank() ? s : "refused by the application";
    return new Refusal(code, message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
  }

  /** The fields each hook's result must have, of the right types. */
  private static void check(HookCall.Hook hook, JsonObject result) {
    switch (hook) {
      case CONNECT -> {
        if (!(result.getValue("client") instanceof String client) || client.isEmpty() || client.length() > MAX_CLIENT) {
          throw new BadAnswer("connect result needs 'client': a string of 1 to " + MAX_CLIENT + " characters");
        }
        strings(result, "roles");
        strings(result, "rooms");
        for (Object room : result.getJsonArray("rooms", new JsonArray())) {
          try {
            RoomNames.check((String) room);
          } catch (PorthouseException e) {
            throw new BadAnswer("connect result 'rooms': " + e.getMessage());
          }
        }
        expiry(result, false);
      }
      case REFRESH -> expiry(result, true);
      case JOIN -> {
        Object info = result.getValue("info");
        if (info != null && !(info instanceof JsonObject)) {
          throw new BadAnswer("join result 'info' must be an object");
        }
        if (info != null && ((JsonObject) info).encode().length() > MAX_INFO) {
          throw new BadAnswer("join result 'info' is longer than " + MAX_INFO + " characters");
        }
      }
      case PUBLISH, RPC -> { } // 'data' is any JSON value, or absent
    }
  }

  private static void strings(JsonObject result, String field) {
    Object value = result.getValue(field);
    if (value != null && !(value instanceof JsonArray a && a.stream().allMatch(String.class::isInstance))) {
      throw new BadAnswer("connect result '" + field + "' must be a list of strings");
    }
  }

  private static void expiry(JsonObject result, boolean required) {
    Object exp = result.getValue("exp");
    if (exp == null && !required) {
      return;
    }
    if (!(exp instanceof Number n) || n.longValue() <= 0) {
      throw new BadAnswer("result 'exp' must be a time in epoch seconds");
    }
  }
}
