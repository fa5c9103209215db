package io.porthouse.ingress.companion;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.CompanionMessage.Attach;
import io.porthouse.core.bus.CompanionMessage.Detach;
import io.porthouse.core.bus.CompanionMessage.Event;
import io.porthouse.core.bus.CompanionMessage.Op;
import io.porthouse.core.bus.CompanionMessage;
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
 * companion of its primary's events ({@link CompanionMessage}). A socket's node is the prefix of
 * its id. An attach fails {@code not_found} (no such socket here), {@code forbidden} (another
 * client) or {@code conflict} (too many); an op or event for a socket gone fails {@code not_found}.
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
    return request(NodeContext.nodeOf(primary), new Attach(primary, companion.id(), companion.client(), channel)).map(reply -> {
      companion.attachedTo(primary, channel);
      return null;
    });
  }

  /** The companion closed: its primary forgets it. */
  public void detach(String primary, String companion) {
    node.bus().send(Addresses.ingressControl(NodeContext.nodeOf(primary)), new Detach(primary, companion).toJson());
  }

  /** Runs {@code frame} on {@code primary} for its control companion; answers the primary's reply frame. */
  public Future<String> runOnPrimary(String companion, String primary, ClientFrame frame) {
    return request(NodeContext.nodeOf(primary), new Op(primary, companion, frame.encode().toString())).map(Op::answerOf);
  }

  /** Tells {@code companion} (on its node) an event frame; fails if it is gone. */
  public Future<Void> tell(String companion, String frame) {
    return request(NodeContext.nodeOf(companion), new Event(companion, frame)).mapEmpty();
  }

  private Future<JsonObject> request(String toNode, CompanionMessage body) {
    return node.bus().<JsonObject>request(Addresses.ingressControl(toNode), body.toJson(), TIMEOUT).map(Message::body);
  }

  private void handle(Message<JsonObject> msg) {
    try {
      CompanionMessage m = CompanionMessage.fromJson(msg.body());
      if (m instanceof Attach attach) {
        onAttach(msg, attach);
      } else if (m instanceof Detach detach) {
        Session primary = session(detach.primary());
        if (primary != null) {
          primary.companions().remove(detach.companion());
        }
      } else if (m instanceof Op op) {
        onOp(msg, op);
      } else if (m instanceof Event event) {
        Session companion = session(event.companion());
        if (companion == null) {
          throw PorthouseException.of(ErrorCode.NOT_FOUND, "no such companion");
        }
        companion.control(event.frame());
        msg.reply(new JsonObject());
      }
    } catch (RuntimeException e) {
      BusErrors.fail(msg, e);
    }
  }

  private void onAttach(Message<JsonObject> msg, Attach m) {
    Session primary = session(m.primary());
    if (primary == null) {
      throw PorthouseException.of(ErrorCode.NOT_FOUND, "no socket '" + m.primary() + "'");
    }
    if (primary.client() == null || !primary.client().equals(m.client())) {
      throw PorthouseException.of(ErrorCode.FORBIDDEN, "a companion must be the same client as its primary");
    }
    if (!primary.companions().add(m.companion(), m.channel())) {
      throw PorthouseException.of(ErrorCode.CONFLICT, "socket has " + Companions.MAX + " companions already");
    }
    msg.reply(new JsonObject());
  }

  private void onOp(Message<JsonObject> msg, Op m) {
    Session primary = session(m.primary());
    if (primary == null) {
      throw PorthouseException.of(ErrorCode.NOT_FOUND, "no socket '" + m.primary() + "'");
    }
    if (!primary.companions().isControl(m.companion())) {
      throw PorthouseException.of(ErrorCode.FORBIDDEN, "not a control channel of '" + m.primary() + "'");
    }
    ClientFrame frame = FrameParser.parse(Buffer.buffer(m.frame()));
    Promise<String> answered = Promise.promise();
    primary.submit(frame.onPrimary(), answered::tryComplete);
    answered.future().onSuccess(reply -> msg.reply(Op.answer(reply)));
  }

  private Session session(String id) {
    LocalHub.Member m = id == null ? null : node.hub().socket(id);
    return m instanceof Session s ? s : null;
  }
}
