package io.porthouse.core.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.buffer.VertxByteBufAllocator;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Builds the server frames of protocol v1. Replies echo the client's {@code ref} when it sent one.
 * {@link #msg} writes the delivery frame around the payload bytes without parsing them.
 */
public final class ServerFrames {

  private ServerFrames() {
  }

  public static String welcome(String socket, String client, String node) {
    return welcomeJson(socket, client, node).encode();
  }

  /** The answer to {@code hello}: the welcome, plus {@code address} where the transport pushes frames, if it has one. */
  public static String hello(Object ref, String socket, String client, String node, String address) {
    JsonObject w = welcomeJson(socket, client, node);
    if (ref != null) {
      w.put("ref", ref);
    }
    if (address != null) {
      w.put("address", address);
    }
    return w.encode();
  }

  private static JsonObject welcomeJson(String socket, String client, String node) {
    return new JsonObject().put("op", "welcome").put("socket", socket).put("client", client).put("node", node);
  }

  /** A companion socket is attached to {@code primary}. */
  public static String attached(Object ref, String primary, String channel) {
    return reply("attached", ref).put("socket", primary).put("channel", channel).encode();
  }

  /**
   * Something happened to a companion's primary socket, out of band: {@code event} is
   * {@code error} (with the error frame the primary got), {@code joined} or {@code left} (with the
   * room), or {@code closed}.
   */
  public static String event(String primary, String event, String room, JsonObject frame) {
    JsonObject o = new JsonObject().put("op", "event").put("socket", primary).put("event", event);
    if (room != null) {
      o.put("room", room);
    }
    if (frame != null) {
      o.put("frame", frame);
    }
    return o.encode();
  }

  public static String authed(Object ref, String client, List<String> roles) {
    return reply("authed", ref).put("client", client).put("roles", new JsonArray(roles)).encode();
  }

  public static String created(Object ref, String room) {
    return reply("created", ref).put("room", room).encode();
  }

  public static String joined(Object ref, String room, long seq, String epoch) {
    return joined(ref, room, seq, epoch, null);
  }

  /** {@code joined}; after a resume, {@code recovered} says whether every missed message was sent ({@code null}: no resume). */
  public static String joined(Object ref, String room, long seq, String epoch, Boolean recovered) {
    JsonObject o = reply("joined", ref).put("room", room).put("seq", seq).put("epoch", epoch);
    if (recovered != null) {
      o.put("recovered", recovered);
    }
    return o.encode();
  }

  /** The answer to {@code history}: the room's seq and epoch, and the stored messages, each a {@code msg} frame as written. */
  public static String history(Object ref, String room, long seq, String epoch, List<Buffer> messages) {
    String head = reply("history", ref).put("room", room).put("seq", seq).put("epoch", epoch).encode();
    Buffer b = Buffer.buffer(head.length() + 64 + messages.stream().mapToInt(Buffer::length).sum());
    b.appendString(head, "UTF-8").setByte(b.length() - 1, (byte) ',');
    b.appendString("\"messages\":[");
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        b.appendString(",");
      }
      b.appendBuffer(messages.get(i));
    }
    return b.appendString("]}").toString();
  }

  /** A page of a presence room's members. */
  public static String members(Object ref, String room, JsonArray members, boolean more) {
    return reply("members", ref).put("room", room).put("members", members).put("more", more).encode();
  }

  /**
   * The room's continuity was lost (its state was lost and made again, or this socket's node was
   * cut off from it): {@code seq} starts over under a new {@code epoch}; messages before may be missing.
   */
  public static String reset(String room, String epoch, long seq) {
    return new JsonObject().put("op", "reset").put("room", room).put("epoch", epoch).put("seq", seq).encode();
  }

  /** A reset within the same epoch: messages continue after {@code seq}, some before it could not be delivered ({@code reason}). */
  public static String reset(String room, String epoch, long seq, String reason) {
    return new JsonObject().put("op", "reset").put("room", room).put("epoch", epoch).put("seq", seq)
        .put("reason", reason).encode();
  }

  /** What another cluster sent {@code room} through bridge {@code via} meanwhile is lost ({@code reason}). */
  public static String bridgeReset(String room, String via, String reason) {
    return new JsonObject().put("op", "reset").put("room", room).put("via", via).put("reason", reason).encode();
  }

  public static String left(Object ref, String room) {
    return reply("left", ref).put("room", room).encode();
  }

  /** The backend's answer to an {@code rpc}: its {@code data} (any JSON value, or none). */
  public static String rpc(Object ref, Object data) {
    JsonObject o = reply("rpc", ref);
    if (data != null) {
      o.put("data", data);
    }
    return o.encode();
  }

  public static String ack(Object ref, long seq) {
    StringBuilder ack = new StringBuilder(48).append("{\"op\":\"ack\"");
    if (ref != null) {
      JsonStrings.appendRef(ack.append(",\"ref\":"), ref);
    }
    return ack.append(",\"seq\":").append(seq).append('}').toString();
  }

  /** A page of the room list; {@code more}: there are rooms after the last one listed. */
  public static String rooms(Object ref, JsonArray rooms, boolean more) {
    return reply("rooms", ref).put("rooms", rooms).put("more", more).encode();
  }

  /** The last line of a connection without close frames (TCP): why the server closes it, with the WebSocket close code it would have used. */
  public static String closing(int code, String reason) {
    return new JsonObject().put("op", "close").put("code", code).put("reason", reason).encode();
  }

  /** A member of a presence room joined or left ({@code event}: {@code join} or {@code leave}). */
  public static String presence(String room, String event, String socket, String client) {
    return presence(room, event, socket, client, null);
  }

  /** A member joined or left, with what the backend's join hook said of it ({@code info}, {@code null}: nothing). */
  public static String presence(String room, String event, String socket, String client, JsonObject info) {
    JsonObject o = new JsonObject().put("op", "presence").put("room", room).put("event", event).put("socket", socket)
        .put("client", client);
    return (info == null ? o : o.put("info", info)).encode();
  }

  /** The answer to {@code rules}: the room's effective rules (a password shown as {@code true}). */
  public static String rules(Object ref, String room, JsonObject rules) {
    return reply("rules", ref).put("room", room).put("rules", rules).encode();
  }

  /** The server moved the socket out of {@code from} (null: its rooms) into {@code room} (null: the lobby). */
  public static String moved(String from, String room) {
    return new JsonObject().put("op", "moved").put("from", from).put("room", room).encode();
  }

  /** Told to a room's members when the room was deleted (no {@code ref}): they are out of it. */
  public static String closed(String room) {
    return new JsonObject().put("op", "closed").put("room", room).encode();
  }

  /** Told to a room's members when its creator (or role owner) changed its rules (no {@code ref}). */
  public static String rulesChanged(String room, JsonObject rules) {
    return new JsonObject().put("op", "rules").put("room", room).put("rules", rules).encode();
  }

  /** The socket's token passed its {@code exp} (no {@code ref}): it is anonymous now, or about to be closed. */
  public static String expired() {
    return "{\"op\":\"expired\"}";
  }

  public static String pong(Object ref) {
    return reply("pong", ref).encode();
  }

  public static String error(Object ref, ErrorCode code, String message) {
    return reply("error", ref).put("code", code.code()).put("message", message).encode();
  }

  /**
   * The {@code msg} frame for a sequenced envelope: built once per node and written to every local
   * member. {@code data} is the payload bytes as the sender wrote them (a JSON value); raw text
   * ({@link EnvelopeKind#RAW_TEXT}) is {@code data} as a JSON string; binary is {@code binary},
   * base64. {@code from} is {@code null} for a post (no sending socket). A {@code CONTROL}
   * delivery (a presence event) is its payload, a frame already.
   */
  public static Buffer msg(Envelope e) {
    Buffer payload = e.payload();
    if (e.kind() == EnvelopeKind.CONTROL) {
      return payload; // a control delivery (presence) carries its frame whole
    }
    // written straight into the frame's one buffer: every byte of the head is ASCII or escaped UTF-8
    ByteBuf b = VertxByteBufAllocator.DEFAULT.heapBuffer(
        128 + 3 * e.room().length() + payload.length() * (e.kind() == EnvelopeKind.TEXT ? 1 : 2), Integer.MAX_VALUE);
    JsonStrings.append(b.writeBytes(MSG_ROOM), e.room()).writeBytes(SEQ);
    ByteBufUtil.writeAscii(b, Long.toString(e.seq()));
    JsonStrings.append(b.writeBytes(EPOCH), e.epoch());
    JsonStrings.append(b.writeBytes(FROM), e.socket());
    JsonStrings.append(b.writeBytes(CLIENT), e.client());
    if (e.via() != null) { // it came over a bridge: the cluster it was sent in
      JsonStrings.append(b.writeBytes(VIA), e.viaOrigin());
    }
    switch (e.kind()) {
      case RAW_TEXT -> JsonStrings.append(b.writeBytes(DATA), payload.toString(StandardCharsets.UTF_8));
      case BINARY -> b.writeBytes(BINARY).writeBytes(Base64.getEncoder().encode(payload.getBytes())).writeByte('"');
      default -> b.writeBytes(DATA).writeBytes(((BufferInternal) payload).getByteBuf());
    }
    return BufferInternal.buffer(b.writeByte('}'));
  }

  private static final byte[] MSG_ROOM = ascii("{\"op\":\"msg\",\"room\":");
  private static final byte[] SEQ = ascii(",\"seq\":");
  private static final byte[] EPOCH = ascii(",\"epoch\":");
  private static final byte[] FROM = ascii(",\"from\":");
  private static final byte[] CLIENT = ascii(",\"client\":");
  private static final byte[] VIA = ascii(",\"via\":");
  private static final byte[] DATA = ascii(",\"data\":");
  private static final byte[] BINARY = ascii(",\"binary\":\"");

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static JsonObject reply(String op, Object ref) {
    JsonObject o = new JsonObject().put("op", op);
    if (ref != null) {
      o.put("ref", ref);
    }
    return o;
  }
}
