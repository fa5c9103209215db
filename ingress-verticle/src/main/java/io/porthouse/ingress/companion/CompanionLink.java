package io.porthouse.ingress.companion;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.FrameParser;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.hub.LocalHub;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Companion sockets across nodes: a companion and its primary may be on different ingress nodes,
 * so each node has one consumer ({@link Addresses#ingressControl}) through which other nodes
 * attach companions to its sockets, run a control companion's ops on a primary, and tell a
 * companion of its primary's events. A socket's node is the prefix of its id. Shapes:
 * <ul>
 *   <li>{@code {"type":"attach","primary":P,"companion":C,"client":c,"channel":ch}}: reply {@code {}}, or fails
 *       {@code not_found} (no such socket here), {@code forbidden} (another client), {@code conflict} (too many)</li>
 *   <li>{@code {"type":"detach","primary":P,"companion":C}}: no reply</li>
 *   <li>{@code {"type":"op","primary":P,"companion":C,"frame":"<v1 frame>"}}: reply {@code {"frame":"<v1 answer>"}}</li>
 *   <li>{@code {"type":"event","companion":C,"frame":"<v1 event frame>"}}: reply {@code {}}, or fails {@code not_found}</li>
 * </ul>
 */
public final class CompanionLink {

  /** A primary that closes while running a companion's op never answers it: the companion hears so within this. */
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(10_000);

  private final NodeContext node;
  private MessageConsumer<JsonObject> consumer;

  public CompanionLink(NodeContext node) {
    this.node = node;
  }

  /** Registers this node's consumer. */
  public Future<Void> start() {
    consumer = node.bus().consumer(Addresses.ingressControl(node.nodeId()), this::handle);
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Attaches {@code companion} to {@code primary}, wherever it is. */
  public Future<Void> attach(Session companion, String primary, String channel) {
    JsonObject ask = new JsonObject().put("type", "attach").put("primary", primary).put("companion", companion.id())
        .put("client", companion.client()).put("channel", channel);
    return request(NodeContext.nodeOf(primary), ask).map(reply -> {
      companion.attachedTo(primary, channel);
      return null;
    });
  }

  /** The companion closed: its primary forgets it. */
  public void detach(String primary, String companion) {
    node.bus().send(Addresses.ingressControl(NodeContext.nodeOf(primary)),
        new JsonObject().put("type", "detach").put("primary", primary).put("companion", companion));
  }

  /** Runs {@code frame} on {@code primary} for its control companion; answers the primary's reply frame. */
  public Future<String> runOnPrimary(String companion, String primary, ClientFrame frame) {
    JsonObject ask = new JsonObject().put("type", "op").put("primary", primary).put("companion", companion)
        .put("frame", frame.encode().toString());
    return request(NodeContext.nodeOf(primary), ask).map(reply -> reply.getString("frame"));
  }

  /** Tells {@code companion} (on its node) an event frame; fails if it is gone. */
  public Future<Void> tell(String companion, String frame) {
    return request(NodeContext.nodeOf(companion), new JsonObject().put("type", "event").put("companion", companion)
        .put("frame", frame)).mapEmpty();
  }

  private Future<JsonObject> request(String toNode, JsonObject body) {
    return node.bus().<JsonObject>request(Addresses.ingressControl(toNode), body, TIMEOUT).map(Message::body);
  }

  private void handle(Message<JsonObject> msg) {
    JsonObject m = msg.body();
    try {
      switch (String.valueOf(m.getString("type"))) {
        case "attach" -> onAttach(msg, m);
        case "detach" -> {
          Session primary = session(m.getString("primary"));
          if (primary != null) {
            primary.companions().remove(m.getString("companion"));
          }
        }
        case "op" -> onOp(msg, m);
        case "event" -> {
          Session companion = session(m.getString("companion"));
          if (companion == null) {
            throw PorthouseException.of(ErrorCode.NOT_FOUND, "no such companion");
          }
          companion.control(m.getString("frame"));
          msg.reply(new JsonObject());
        }
        default -> throw PorthouseException.badRequest("unknown companion message");
      }
    } catch (RuntimeException e) {
      BusErrors.fail(msg, e);
    }
  }

  private void onAttach(Message<JsonObject> msg, JsonObject m) {
    Session primary = session(m.getString("primary"));
    if (primary == null) {
      throw PorthouseException.of(ErrorCode.NOT_FOUND, "no socket '" + m.getString("primary") + "'");
    }
    if (primary.client() == null || !primary.client().equals(m.getString("client"))) {
      throw PorthouseException.of(ErrorCode.FORBIDDEN, "a companion must be the same client as its primary");
    }
    if (!primary.companions().add(m.getString("companion"), m.getString("channel"))) {
      throw PorthouseException.of(ErrorCode.CONFLICT, "socket has " + Companions.MAX + " companions already");
    }
    msg.reply(new JsonObject());
  }

  private void onOp(Message<JsonObject> msg, JsonObject m) {
    Session primary = session(m.getString("primary"));
    if (primary == null) {
      throw PorthouseException.of(ErrorCode.NOT_FOUND, "no socket '" + m.getString("primary") + "'");
    }
    if (!primary.companions().isControl(m.getString("companion"))) {
      throw PorthouseException.of(ErrorCode.FORBIDDEN, "not a control channel of '" + m.getString("primary") + "'");
    }
    ClientFrame frame = FrameParser.parse(Buffer.buffer(m.getString("frame")));
    Promise<String> answered = Promise.promise();
    primary.submit(frame.onPrimary(), answered::tryComplete);
    answered.future().onSuccess(reply -> msg.reply(new JsonObject().put("frame", reply)));
  }

  private Session session(String id) {
    LocalHub.Member m = id == null ? null : node.hub().socket(id);
    return m instanceof Session s ? s : null;
  }
}
