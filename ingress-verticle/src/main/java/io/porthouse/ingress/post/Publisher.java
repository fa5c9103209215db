package io.porthouse.ingress.post;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.Post;
import io.porthouse.core.bus.SendAck;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RoomNames;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.session.TokenBucket;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Single-shot publishing (HTTP POST, UDP): each request carries its token, is verified (recent
 * verifications are reused, {@link io.porthouse.ingress.Authenticator#verifyCached}), is held to
 * the same per-client rate as a socket ({@code session.ratePerSecond}, {@code session.rateBurst}, one budget
 * per client on this node) and becomes a <em>post</em> ({@link Post}): an envelope without a sending
 * socket, which needs no membership but passes the room's access rules and send rules as its
 * client (with its roles), reaches every member, and arrives as a {@code msg} whose {@code from}
 * is {@code null} and whose {@code client} is the poster's. Anonymous posts are refused.
 */
public final class Publisher {

  /** Clients whose rate budgets are kept (least recently posting ones are forgotten first). */
  private static final int MAX_CLIENTS = 10_000;

  private final NodeContext node;
  private final Map<String, TokenBucket> rates = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  public Publisher(NodeContext node) {
    this.node = node;
  }

  /**
   * Posts {@code payload} to {@code room} as the client of {@code token}; answers the message's
   * seq. {@code sendId} (HTTP {@code Idempotency-Key}, a datagram's {@code id}; {@code null}:
   * none): the client's own id for it, so that a retry is the same message.
   */
  public Future<Long> publish(String token, String room, EnvelopeKind kind, Buffer payload, String sendId) {
    try {
      RoomNames.check(room);
      if (sendId != null) {
        ClientFrame.checkId(sendId, "an idempotency key");
      }
    } catch (PorthouseException e) {
      return Future.failedFuture(e);
    }
    if (token == null) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED,
          "posting needs a token (HTTP: Authorization: Bearer …; UDP: field 'token')"));
    }
    int max = node.settings().maxMessageBytes();
    if (payload.length() > max) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.TOO_LARGE,
          "message of " + payload.length() + " bytes is over the limit of " + max));
    }
    return node.auth().verifyCached(token).compose(identity -> {
      long now = System.nanoTime();
      TokenBucket rate = rates.computeIfAbsent(identity.client(),
          c -> new TokenBucket(node.settings().rateBurst(), node.settings().ratePerSecond(), now));
      if (!rate.tryTake(now)) {
        return Future.failedFuture(PorthouseException.of(ErrorCode.RATE_LIMITED,
            "slow down: over " + node.settings().ratePerSecond() + " posts/s"));
      }
      Envelope post = new Envelope(node.newEnvelopeId(), node.nodeId(), null, identity.client(), kind, room, null,
          payload, System.currentTimeMillis(), Envelope.NO_SEQ).withSendId(sendId);
      return node.bus().<SendAck>request(Addresses.ROUTER_POST, new Post(post, identity.roles()))
          .map(reply -> reply.body().seq());
    });
  }
}
