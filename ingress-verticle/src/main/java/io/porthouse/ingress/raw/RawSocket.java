package io.porthouse.ingress.raw;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Disconnect;
import io.porthouse.core.bus.Identity;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.hub.Delivery;
import io.porthouse.ingress.KeepAlive;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.NodeSocket;
import io.porthouse.ingress.TokenExpiries;
import io.porthouse.ingress.session.TokenBucket;
import io.porthouse.ingress.ws.FrameAssembler;
import io.porthouse.ingress.ws.UnflushedFrames;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * A raw room socket ({@code /ws/rooms/{room}}): a member of exactly one room that speaks no
 * protocol. Every text or binary message it sends goes to the room unaltered (as
 * {@link EnvelopeKind#RAW_TEXT} or {@link EnvelopeKind#BINARY}); every message of the room reaches
 * it as its raw payload, text as text and binary as binary. Having no error frames, it says what
 * went wrong in its close frame: 1009 for a message over {@code session.maxMessageBytes}, 1008 for a
 * refused message or more than {@code session.ratePerSecond}, 1011 when the server cannot serve it.
 */
public final class RawSocket implements NodeSocket, KeepAlive.Peer, TokenExpiries.Holder {

  private static final Logger LOG = LoggerFactory.getLogger(RawSocket.class);
  private static final short POLICY_VIOLATION = 1008;
  private static final short TOO_BIG = 1009;
  private static final short SERVER_ERROR = 1011;
  private static final short TRY_AGAIN_LATER = 1013;

  private final String id;
  private final String address;
  private final NodeContext node;
  private final Identity identity;
  private final String room;
  private final TokenBucket rate;
  private ServerWebSocket ws;
  private UnflushedFrames frames;
  private boolean closed;
  private boolean flushPending;
  private boolean readingPaused;
  private int inFlight;
  private long heardNanos = System.nanoTime();

  RawSocket(NodeContext node, Identity identity, String room, String address) {
    this.id = node.newSocketId();
    this.address = address;
    this.node = node;
    this.identity = identity;
    this.room = room;
    this.rate = new TokenBucket(node.settings().rateBurst(), node.settings().ratePerSecond(), System.nanoTime());
  }

  @Override
  public String transportName() {
    return "raw";
  }

  /** The upgrade is done: the socket reads, and is known to the node. */
  void start(ServerWebSocket socket) {
    ws = socket;
    frames = new UnflushedFrames(socket, node.settings().writeQueueMaxBytes());
    node.hub().connected(this);
    node.gate().clientIn(client());
    node.keepAlive().add(this);
    if (identity != null && identity.expiresAt() != Identity.NEVER) {
      node.expiries().watch(this, identity.expiresAt() * 1000);
    }
    FrameAssembler assembler = new FrameAssembler(node.settings().maxMessageBytes(), true, new FrameAssembler.Sink() {
      @Override
      public void text(Buffer message) {
        send(EnvelopeKind.RAW_TEXT, message);
      }

      @Override
      public void binary(Buffer message) {
        send(EnvelopeKind.BINARY, message);
      }

      @Override
      public void tooLarge(long bytes, Buffer head) {
        close(TOO_BIG, "message of " + bytes + " bytes is over the limit of " + node.settings().maxMessageBytes());
      }
    });
    ws.frameHandler(frame -> {
      heardNanos = System.nanoTime();
      assembler.accept(frame);
    });
    ws.exceptionHandler(e -> LOG.debug("raw socket {}: {}", id, e.toString()));
    ws.closeHandler(v -> closed());
  }

  private void send(EnvelopeKind kind, Buffer payload) {
    if (closed) {
      return;
    }
    if (!rate.tryTake(System.nanoTime(), 1)) {
      close(POLICY_VIOLATION, "rate limited: over " + node.settings().ratePerSecond() + " messages/s");
      return;
    }
    Envelope envelope = new Envelope(node.newEnvelopeId(), node.nodeId(), id, client(), kind, room, null, payload,
        System.currentTimeMillis(), Envelope.NO_SEQ);
    if (++inFlight >= node.settings().maxInFlight() && !readingPaused) {
      readingPaused = true; // backpressure: TCP pushes back on the client until the router catches up
      ws.pause();
    }
    node.bus().request(Addresses.ROUTER_ROUTE, envelope).onComplete(ar -> {
      inFlight--;
      if (readingPaused && inFlight < node.settings().maxInFlight() / 2) {
        readingPaused = false;
        ws.resume();
      }
      if (ar.failed()) {
        PorthouseException e = BusErrors.toPorthouse(ar.cause());
        close(e.code().serverSide() ? SERVER_ERROR : e.code() == ErrorCode.TOO_LARGE ? TOO_BIG : POLICY_VIOLATION,
            e.code().code() + ": " + e.getMessage());
      }
    });
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String client() {
    return identity == null ? null : identity.client();
  }

  @Override
  public Set<String> rooms() {
    return Set.of(room);
  }

  @Override
  public RoomCommand command(String room, JsonObject rules) {
    return new RoomCommand(room, id, node.nodeId(), client(), identity == null ? List.of() : identity.roles(), rules,
        null, address);
  }

  @Override
  public boolean joined(String joinedRoom, long seq, String epoch, long nodeBase) {
    if (closed) {
      return false;
    }
    node.hub().joined(joinedRoom, this, seq, epoch, nodeBase);
    return true;
  }

  @Override
  public void deliver(Delivery delivery) {
    if (closed || delivery.envelope().kind() == EnvelopeKind.CONTROL) {
      return; // no protocol frames (presence events) on a raw socket
    }
    if (frames.onEventLoop()) {
      if (delivery.binary()) {
        frames.writeBinary(delivery.raw());
      } else {
        frames.write(delivery.raw());
      }
      if (!flushPending) {
        flushPending = true;
        node.hub().flushLater(this);
      }
    } else if (delivery.binary()) {
      ws.writeBinaryMessage(delivery.raw());
    } else {
      ws.writeTextMessage(delivery.raw().toString());
    }
  }

  @Override
  public void control(String frame) {
    // raw sockets get no protocol frames (a reset means: messages before may be missing; nothing to say in raw)
  }

  @Override
  public void flush() {
    flushPending = false;
    if (closed) {
      return;
    }
    frames.flush();
    if (frames.backedUp()) {
      LOG.warn("raw socket {}: slow consumer, closing", id);
      close(TRY_AGAIN_LATER, "slow consumer: messages are not being read");
    }
  }

  @Override
  public long lastHeardNanos() {
    return heardNanos;
  }

  @Override
  public void ping() {
    if (!closed) {
      ws.writePing(Buffer.buffer());
    }
  }

  /** Its one room was deleted: a raw socket has nothing left to be in, and is closed (1000). */
  @Override
  public void roomClosed(String closedRoom) {
    close((short) 1000, "room closed");
  }

  /** A raw socket cannot authenticate again: when its token expires it is closed (1008). */
  @Override
  public void tokenExpired() {
    close(POLICY_VIOLATION, "token expired");
  }

  private void close(short code, String reason) {
    if (!closed && ws != null) {
      ws.close(code, reason);
    }
  }

  @Override
  public Future<Void> shutdown() {
    leaveNode();
    return ws.close((short) 1001, "server shutting down");
  }

  private void closed() {
    if (closed) {
      return;
    }
    leaveNode();
    node.bus().send(Addresses.ROOMS_DISCONNECT, Disconnect.of(id, client(), room).toJson());
  }

  private void leaveNode() {
    closed = true;
    node.gate().clientOut(client());
    node.expiries().unwatch(this);
    node.keepAlive().remove(this);
    node.hub().disconnected(this, List.of(room));
  }
}
