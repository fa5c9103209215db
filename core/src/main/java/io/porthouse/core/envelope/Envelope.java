package io.porthouse.core.envelope;

import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Objects;

/**
 * One inbound message on its way from an ingress through the router to a room's members.
 * Immutable: the same instance is handed across local event-bus hops (see {@link EnvelopeCodec}).
 *
 * @param id         cluster-unique id ({@code <node>-<counter>})
 * @param originNode id of the ingress node that received it
 * @param socket     id of the sending socket
 * @param client     the sender's authenticated subject, or {@code null} for an anonymous socket
 * @param kind       what the payload is
 * @param room       target room
 * @param to         receiving socket ids, or {@code null} for every member but the sender
 * @param payload    the payload bytes exactly as received (for TEXT: the raw JSON of {@code data})
 * @param receivedAt epoch millis when the ingress received it
 * @param seq        the room's sequence number, {@link #NO_SEQ} until the rooms owner assigns it
 */
public record Envelope(String id, String originNode, String socket, String client, EnvelopeKind kind,
                       String room, List<String> to, Buffer payload, long receivedAt, long seq) {

  /** Seq of an envelope not yet sequenced by its room. */
  public static final long NO_SEQ = -1;

  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(originNode, "originNode");
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(payload, "payload");
    to = to == null ? null : List.copyOf(to);
  }

  /** The same envelope with its room sequence number; the payload is shared, not copied. */
  public Envelope withSeq(long newSeq) {
    return new Envelope(id, originNode, socket, client, kind, room, to, payload, receivedAt, newSeq);
  }

  /** The same envelope with another payload (for interceptors that rewrite). */
  public Envelope withPayload(Buffer newPayload) {
    return new Envelope(id, originNode, socket, client, kind, room, to, newPayload, receivedAt, seq);
  }
}
