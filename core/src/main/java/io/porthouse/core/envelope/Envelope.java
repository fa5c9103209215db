package io.porthouse.core.envelope;

import io.vertx.core.buffer.Buffer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One inbound message on its way from an ingress through the router to a room's members.
 * Immutable: the same instance is handed across local event-bus hops (see {@link EnvelopeCodec}).
 *
 * @param id         cluster-unique id ({@code <node>-<counter>}); the room's sequencer dedupes by it
 * @param originNode id of the ingress node that received it
 * @param socket     id of the sending socket, or {@code null} for a post (HTTP POST, UDP, a
 *                   server-side publish): a post needs no membership and reaches every member
 * @param client     the sender's authenticated subject, or {@code null} for an anonymous socket
 * @param kind       what the payload is
 * @param room       target room
 * @param to         receiving socket ids (each at most once), or {@code null} for every member but the sender
 * @param payload    the payload bytes exactly as received (for TEXT: the raw JSON of {@code data})
 * @param receivedAt epoch millis when the ingress received it
 * @param seq        the room's sequence number, {@link #NO_SEQ} until the room's sequencer assigns it
 * @param epoch      the room's epoch when sequenced, {@code null} before
 * @param prevSeq    on a delivery: the seq of the previous delivery of this room to the receiving
 *                   node ({@link #NO_SEQ} before sequencing); the node's hub uses it to put
 *                   deliveries from different senders back in order and to drop repeats
 * @param via        for a message that came over a bridge link from another cluster: the clusters
 *                   it passed through, comma-separated, the first with the message's epoch and seq
 *                   in its origin room ({@code "a:<epoch>:<seq>"}, {@code "a:<epoch>:<seq>,b"});
 *                   {@code null} for a message sent in this cluster. Members see the origin
 *                   ({@code "via":"a"} in the {@code msg} frame); bridges use the whole path so that
 *                   a message never returns to a cluster it has been in
 * @param sendId     the sender's own id for this message (a {@code send}'s {@code id}, a post's
 *                   {@code Idempotency-Key}), or {@code null}: the room takes the same id from the
 *                   same sender again as the same message (its first seq, delivered once). It
 *                   matters only on the first hop (ingress to router, in one JVM) and is not
 *                   carried on the wire
 */
public record Envelope(String id, String originNode, String socket, String client, EnvelopeKind kind,
                       String room, List<String> to, Buffer payload, long receivedAt, long seq,
                       String epoch, long prevSeq, String via, String sendId) {

  /** Seq of an envelope not yet sequenced by its room. */
  public static final long NO_SEQ = -1;

  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(originNode, "originNode");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(payload, "payload");
    // A repeated receiver would get the message once per repeat: each socket at most once.
    to = to == null ? null : List.copyOf(new LinkedHashSet<>(to));
  }

  /** An envelope without a sender's id. */
  public Envelope(String id, String originNode, String socket, String client, EnvelopeKind kind,
                  String room, List<String> to, Buffer payload, long receivedAt, long seq, String epoch, long prevSeq,
                  String via) {
    this(id, originNode, socket, client, kind, room, to, payload, receivedAt, seq, epoch, prevSeq, via, null);
  }

  /** A message sent in this cluster (no {@code via}). */
  public Envelope(String id, String originNode, String socket, String client, EnvelopeKind kind,
                  String room, List<String> to, Buffer payload, long receivedAt, long seq, String epoch, long prevSeq) {
    this(id, originNode, socket, client, kind, room, to, payload, receivedAt, seq, epoch, prevSeq, null);
  }

  /** An envelope as an ingress makes it: not sequenced yet. */
  public Envelope(String id, String originNode, String socket, String client, EnvelopeKind kind,
                  String room, List<String> to, Buffer payload, long receivedAt, long seq) {
    this(id, originNode, socket, client, kind, room, to, payload, receivedAt, seq, null, NO_SEQ);
  }

  /** The same envelope as delivered to one node; the payload is shared, not copied. */
  public Envelope sequenced(long newSeq, String newEpoch, long previousToNode) {
    return new Envelope(id, originNode, socket, client, kind, room, to, payload, receivedAt, newSeq, newEpoch,
        previousToNode, via, sendId);
  }

  /** The same envelope carrying the sender's own id for it ({@code null}: none). */
  public Envelope withSendId(String newSendId) {
    return new Envelope(id, originNode, socket, client, kind, room, to, payload, receivedAt, seq, epoch, prevSeq, via,
        newSendId);
  }

  /**
   * The key a room remembers this message by, so that the sender's retry is the same message: its
   * {@code sendId} scoped to its sender (the client across its sockets and posts, an anonymous
   * socket alone), or, without one, the envelope's own id (a retry inside the cluster).
   */
  public String dedupeKey() {
    if (sendId == null) {
      return id;
    }
    String sender = client != null ? "c" + client : "s" + socket;
    return sender.length() + ":" + sender + ":" + sendId; // length first: no two senders share a key

  }

  /** Whether this is a post (no sending socket): it needs no membership and reaches every member. */
  public boolean isPost() {
    return socket == null;
  }

  /** The same envelope as another kind, same bytes (a room's format converting it, e.g. raw text that is JSON). */
  public Envelope withKind(EnvelopeKind newKind) {
    return new Envelope(id, originNode, socket, client, newKind, room, to, payload, receivedAt, seq, epoch, prevSeq, via,
        sendId);
  }

  /** The same envelope with another payload (for interceptors that rewrite). */
  public Envelope withPayload(Buffer newPayload) {
    return new Envelope(id, originNode, socket, client, kind, room, to, newPayload, receivedAt, seq, epoch, prevSeq, via,
        sendId);
  }

  /** The cluster a bridged message was first sent in ({@code via}'s first name), or {@code null} for one sent here. */
  public String viaOrigin() {
    if (via == null) {
      return null;
    }
    int colon = via.indexOf(':');
    int comma = via.indexOf(',');
    int end = colon >= 0 && (comma < 0 || colon < comma) ? colon : comma;
    return end < 0 ? via : via.substring(0, end);
  }

  /** Whether a bridged message has been in cluster {@code cluster}. */
  public boolean passedThrough(String cluster) {
    if (via == null) {
      return false;
    }
    for (String c : via.split(",")) {
      int colon = c.indexOf(':');
      if ((colon < 0 ? c : c.substring(0, colon)).equals(cluster)) {
        return true;
      }
    }
    return false;
  }
}
