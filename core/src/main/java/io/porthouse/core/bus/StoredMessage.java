package io.porthouse.core.bus;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Base64;
import java.util.List;

/**
 * One message as a room's history keeps it (in the room's replicated state, beside its seq), so
 * that it can be replayed in the {@code msg} shape: to a socket that resumes, to a {@code history}
 * request, or to a node that missed a delivery. Shape on the bus:
 * {@code {"seq":n,"socket":s|null,"client":c|null,"kind":"TEXT","payload":"<base64>","to":[…]|null,"at":ms,"via":v?}}.
 *
 * @param seq     the message's seq in its room
 * @param socket  the sending socket, or {@code null} for a post
 * @param client  the sender's {@code sub}, or {@code null}
 * @param kind    what the payload is
 * @param payload the payload bytes as sent
 * @param to      the receiving sockets, or {@code null} for every member
 * @param at      when the room's sequencer sequenced it (epoch millis)
 * @param via     the clusters a bridged message came through ({@link Envelope#via()}), or {@code null}
 */
public record StoredMessage(long seq, String socket, String client, EnvelopeKind kind, byte[] payload,
                            List<String> to, long at, String via) implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** A message sent in this cluster. */
  public StoredMessage(long seq, String socket, String client, EnvelopeKind kind, byte[] payload, List<String> to,
                       long at) {
    this(seq, socket, client, kind, payload, to, at, null);
  }

  /** Whether {@code socket} would have received it (a message with {@code to} reaches only those listed). */
  public boolean visibleTo(String reader) {
    return to == null || to.contains(reader);
  }

  /** The message as a delivery of room {@code room} in {@code epoch}, following {@code prevSeq}. */
  public Envelope toEnvelope(String room, String epoch, long prevSeq) {
    return new Envelope("h-" + seq, "history", socket, client, kind, room, to, Buffer.buffer(payload), at,
        seq, epoch, prevSeq, via);
  }

  public JsonObject toJson() {
    return new JsonObject().put("seq", seq).put("socket", socket).put("client", client).put("kind", kind.name())
        .put("payload", Base64.getEncoder().encodeToString(payload)).put("to", to == null ? null : new JsonArray(to))
        .put("at", at).put("via", via);
  }

  /** {@code messages} as a JSON array, oldest first (a history answer's or a resume's {@code messages}). */
  public static JsonArray toJson(StoredMessage[] messages) {
    JsonArray out = new JsonArray();
    for (StoredMessage m : messages) {
      out.add(m.toJson());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  public static StoredMessage fromJson(JsonObject json) {
    JsonArray to = json.getJsonArray("to");
    return new StoredMessage(json.getLong("seq"), json.getString("socket"), json.getString("client"),
        EnvelopeKind.valueOf(json.getString("kind")), Base64.getDecoder().decode(json.getString("payload")),
        to == null ? null : List.copyOf(to.getList()), json.getLong("at"), json.getString("via"));
  }

  /** Writes it in Hazelcast's wire format (as part of the room operation or reply that carries it). */
  public void writeTo(ObjectDataOutput out) throws IOException {
    out.writeLong(seq);
    out.writeString(socket);
    out.writeString(client);
    out.writeByte(kind.ordinal());
    out.writeByteArray(payload);
    out.writeStringArray(to == null ? null : to.toArray(new String[0]));
    out.writeLong(at);
    out.writeString(via);
  }

  public static StoredMessage readFrom(ObjectDataInput in) throws IOException {
    long seq = in.readLong();
    String socket = in.readString();
    String client = in.readString();
    EnvelopeKind kind = EnvelopeKind.values()[in.readByte()];
    byte[] payload = in.readByteArray();
    String[] to = in.readStringArray();
    long at = in.readLong();
    return new StoredMessage(seq, socket, client, kind, payload, to == null ? null : List.of(to), at, in.readString());
  }
}
