package io.porthouse.roomstate;

import io.porthouse.core.envelope.EnvelopeKind;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The webhook events a room makes (rule {@code webhooks}, set by the server's templates), each
 * as the JSON the application receives: {@code {"id":"<room>:<epoch>:<n>","type","room","at",…}}.
 * The id is the same on every delivery of the event; {@code n} counts up in the room, so ids of
 * one room epoch tell their order.
 */
public final class WebhookEvent {

  public static final String OCCUPIED = "room.occupied";
  public static final String VACATED = "room.vacated";
  public static final String JOINED = "member.joined";
  public static final String LEFT = "member.left";
  public static final String PUBLISHED = "message.published";
  /** Every event type, as the rule {@code webhooks} names them. */
  public static final List<String> TYPES = List.of(OCCUPIED, VACATED, JOINED, LEFT, PUBLISHED);

  private WebhookEvent() {
  }

  static JsonObject of(String room, String epoch, long no, String type, long at) {
    return new JsonObject().put("id", room + ":" + epoch + ":" + no).put("type", type).put("room", room).put("at", at);
  }

  static String member(String room, String epoch, long no, String type, long at, String socket, String client, String info) {
    JsonObject e = of(room, epoch, no, type, at).put("socket", socket).put("client", client);
    return (info == null ? e : e.put("info", new JsonObject(info))).encode();
  }

  /** A sequenced message: its seq, sender, and data (JSON as sent; other text as {@code text}; bytes as base64 {@code binary}). */
  static String published(String room, String epoch, long no, long at, long seq, String socket, String client,
                          EnvelopeKind kind, byte[] payload) {
    JsonObject e = of(room, epoch, no, PUBLISHED, at).put("seq", seq).put("socket", socket).put("client", client);
    if (kind == EnvelopeKind.BINARY) {
      return e.put("binary", Base64.getEncoder().encodeToString(payload)).encode();
    }
    if (kind == EnvelopeKind.TEXT) { // valid JSON, checked when it came in: spliced as it is
      String head = e.encode();
      return head.substring(0, head.length() - 1) + ",\"data\":" + new String(payload, StandardCharsets.UTF_8) + "}";
    }
    return e.put("text", new String(payload, StandardCharsets.UTF_8)).encode();
  }
}
