package io.porthouse.ingress.session;

import io.porthouse.hub.Delivery;
import io.porthouse.ingress.NodeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one socket is sent: replies and notices at once, deliveries written as they come and
 * flushed once per hub batch. A client that does not read what it is sent is closed (1013) before
 * the node buffers without limit; from then on nothing more is sent, so the close frame waits only
 * behind what is queued. Touched on the socket's event loop.
 */
final class Outbound {

  private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
  static final short TRY_AGAIN_LATER = 1013;

  private final Session session;
  private final Transport transport;
  private final NodeContext node;
  private boolean slow;
  private boolean flushPending;

  Outbound(Session session, Transport transport, NodeContext node) {
    this.session = session;
    this.transport = transport;
    this.node = node;
  }

  /** One delivery, written now and flushed with the hub's batch. */
  void deliver(Delivery delivery) {
    if (session.isClosed() || slow) {
      return;
    }
    transport.write(delivery);
    if (!flushPending) {
      flushPending = true;
      node.hub().flushLater(session);
    }
  }

  /** The hub's batch is done: what was written goes out. */
  void flush() {
    flushPending = false;
    if (session.isClosed() || slow) {
      return;
    }
    transport.flush();
    // What the kernel did not take is the client's backlog (unflushed bytes of a burst do not count).
    checkBacklog("deliveries");
  }

  /** A reply or a notice, sent at once. */
  void send(String frame) {
    if (!session.isClosed() && !slow) {
      transport.send(frame);
      checkBacklog("replies");
    }
  }

  private void checkBacklog(String what) {
    if (!slow && transport.backedUp()) {
      slow = true;
      LOG.warn("socket {}: slow consumer, closing", session.id());
      session.close(TRY_AGAIN_LATER, "slow consumer: " + what + " are not being read");
    }
  }
}
