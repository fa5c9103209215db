package io.porthouse.core.bus;

import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.json.JsonObject;

/**
 * What ingress nodes tell each other about companion sockets, to a node's
 * {@link io.porthouse.core.Addresses#ingressControl} (a companion and its primary may be on
 * different nodes). Shape on the bus: {@code {"type":"attach"|"detach"|"op"|"event", …}} with the
 * fields of the record of that type.
 */
public sealed interface CompanionMessage {

  JsonObject toJson();

  /** Attach {@code companion} (of {@code client}) to {@code primary} on {@code channel}. Reply {@code {}}. */
  record Attach(String primary, String companion, String client, String channel) implements CompanionMessage {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", "attach").put("primary", primary).put("companion", companion)
          .put("client", client).put("channel", channel);
    }
  }

  /** The companion closed: its primary forgets it. No reply. */
  record Detach(String primary, String companion) implements CompanionMessage {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", "detach").put("primary", primary).put("companion", companion);
    }
  }

  /** Run a control companion's op ({@code frame}, a v1 client frame) on its primary. Reply: {@link #answer}. */
  record Op(String primary, String companion, String frame) implements CompanionMessage {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", "op").put("primary", primary).put("companion", companion).put("frame", frame);
    }

    /** The reply: the primary's answer frame. */
    public static JsonObject answer(String answerFrame) {
      return new JsonObject().put("frame", answerFrame);
    }

    /** The answer frame of a reply. */
    public static String answerOf(JsonObject reply) {
      return reply.getString("frame");
    }
  }

  /** Tell {@code companion} an event frame of its primary. Reply {@code {}}. */
  record Event(String companion, String frame) implements CompanionMessage {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", "event").put("companion", companion).put("frame", frame);
    }
  }

  /** The message {@code json} is; an unknown type is a bad request. */
  static CompanionMessage fromJson(JsonObject json) {
    return switch (String.valueOf(json.getString("type"))) {
      case "attach" -> new Attach(json.getString("primary"), json.getString("companion"), json.getString("client"),
          json.getString("channel"));
      case "detach" -> new Detach(json.getString("primary"), json.getString("companion"));
      case "op" -> new Op(json.getString("primary"), json.getString("companion"), json.getString("frame"));
      case "event" -> new Event(json.getString("companion"), json.getString("frame"));
      default -> throw PorthouseException.badRequest("unknown companion message");
    };
  }
}
