package io.porthouse.ingress.session;

import io.porthouse.core.bus.Identity;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.Op;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.hub.Delivery;
import io.porthouse.ingress.BackendHooks;
import io.porthouse.ingress.ConnectionGate;
import io.porthouse.ingress.IngressSettings;
import io.porthouse.ingress.KeepAlive;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.NodeSocket;
import io.porthouse.ingress.TokenExpiries;
import io.porthouse.ingress.companion.Companions;
import io.porthouse.ingress.session.ops.Ops;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * One client connection's protocol state, whatever carries its bytes ({@link Transport}): who it
 * is (its token and when it expires), whom it is a companion of, and its life from welcome to
 * close. Its parts: the rooms it is in ({@link SocketRooms}, and where it may go,
 * {@link Confinement}); frames in, parsed, charged to its budget and run in protocol order
 * ({@link RequestPipeline}); replies and deliveries out ({@link Outbound}); companion sockets
 * attached to it ({@link Companions}), which hear of its errors, joins, leaves and close. Bad
 * input gets an error frame and the socket stays usable, unless it keeps sending garbage (closed
 * 1008) or does not read what it is sent (closed 1013).
 */
public final class Session implements NodeSocket, KeepAlive.Peer, TokenExpiries.Holder {

  private static final short NORMAL = 1000;
  private static final short POLICY_VIOLATION = 1008;

  private final String id;
  /** Where the client connects from, as failed attempts of an anonymous socket are counted by. */
  private final String address;
  private final Transport transport;
  private final NodeContext node;
  private final RequestPipeline requests;
  private final Outbound outbound;
  private final SocketRooms rooms;
  private final Companions companions;
  private Identity identity;
  private final Renewal renewal;
  /** Rooms the backend named at connect, joined once the socket starts. */
  private List<String> joinAtStart = List.of();
  private boolean closed;
  private boolean closing;
  private long heardNanos;
  /** The primary this socket is a companion of, and its channel; {@code null} if none. */
  private String primary;
  private String channel;

  public Session(Transport transport, NodeContext node, Ops ops, Identity identity) {
    IngressSettings s = node.settings();
    long now = System.nanoTime();
    this.id = node.newSocketId();
    this.address = ConnectionGate.addressKey(transport.remoteAddress());
    this.transport = transport;
    this.node = node;
    this.requests = new RequestPipeline(this, ops, node, new SocketBudget(s, now));
    this.outbound = new Outbound(this, transport, node);
    this.identity = identity;
    this.renewal = new Renewal(node.hooks());
    this.heardNanos = now;
    this.companions = new Companions(node, id);
    this.rooms = new SocketRooms(this, node, companions);
  }

  /** The socket is known to the node (hub, keep-alive) and, if its transport greets, says welcome; the transport then starts reading. */
  public void start() {
    node.hub().connected(this);
    node.gate().clientIn(client());
    watchExpiry();
    node.keepAlive().add(this);
    if (transport.greets()) {
      send(ServerFrames.welcome(id, client(), node.nodeId()));
    }
    for (String room : joinAtStart) { // as if the client sent them: answered 'joined' (no ref) or an error
      requests.submit(ClientFrame.of(Op.JOIN, null, room, null), this::control);
    }
  }

  /** How the socket arrived: an identity the backend gave is renewed by it, and the rooms it named are joined at start. */
  public void arrived(BackendHooks.Arrival arrival) {
    renewal.from(arrival.fromBackend());
    joinAtStart = arrival.rooms();
    watchExpiry();
  }

  @Override
  public String id() {
    return id;
  }

  public NodeContext node() {
    return node;
  }

  public Transport transport() {
    return transport;
  }

  @Override
  public String transportName() {
    return transport.name();
  }

  public Identity identity() {
    return identity;
  }

  /** The socket's identity changes (a token's: {@code auth}, or none). */
  public void identity(Identity newIdentity) {
    renewal.from(false);
    replaceIdentity(newIdentity);
  }

  /** The backend renewed the identity it gave (or refused to: {@code same}, watched until its exp). */
  void renewed(Identity same) {
    replaceIdentity(same);
  }

  private void replaceIdentity(Identity newIdentity) {
    node.gate().clientOut(client());
    identity = newIdentity;
    node.gate().clientIn(client());
    watchExpiry();
  }

  /**
   * Watches the token's expiry; a connection without a token where anonymous sockets are off
   * must authenticate within {@code session.authTimeoutSeconds} instead.
   */
  private void watchExpiry() {
    if (identity == null && !node.settings().allowAnonymous()) {
      node.expiries().watch(this, System.currentTimeMillis() + node.settings().authTimeoutSeconds() * 1000L);
    } else if (identity == null || identity.expiresAt() == Identity.NEVER) {
      node.expiries().unwatch(this);
    } else {
      node.expiries().watch(this, renewal.watchAt(identity));
    }
  }

  /**
   * The socket's token expired: it is told ({@code {"op":"expired"}}), then closed (1008) or, by
   * default, dropped to anonymous: out of every room it was in (they may be for identities only),
   * until it sends a fresh {@code auth} and joins again.
   */
  @Override
  public void tokenExpired() {
    if (closed || closing) {
      return;
    }
    if (identity == null) { // anonymous sockets are off and it never authenticated
      close(POLICY_VIOLATION, "not authenticated within " + node.settings().authTimeoutSeconds() + " s (op 'auth')");
      return;
    }
    if (renewal.renew(this)) { // the backend is asked for a later expiry first
      return;
    }
    send(ServerFrames.expired());
    if (node.settings().closeOnExpiry() || !transport.hearsNotices()) {
      close(POLICY_VIOLATION, "token expired");
      return;
    }
    leaveRooms(List.copyOf(rooms.all())); // as the client it was: presence rooms see it leave
    if (primary != null) { // a companion acts for its primary only while it is that client
      node.companionLink().detach(primary, id);
      primary = null;
      channel = null;
    }
    identity(null);
  }

  /**
   * The server takes this socket out of {@code leaving} (token expired, an exclusive room joined,
   * a move): deliveries stop here at once, and one message tells the rooms.
   */
  public void leaveRooms(List<String> leaving) {
    rooms.leave(leaving);
  }

  @Override
  public String client() {
    return identity == null ? null : identity.client();
  }

  @Override
  public Set<String> rooms() {
    return rooms.all();
  }

  /** The companions attached to this socket. */
  public Companions companions() {
    return companions;
  }

  /** This socket became a companion of {@code primarySocket} on {@code companionChannel}. */
  public void attachedTo(String primarySocket, String companionChannel) {
    primary = primarySocket;
    channel = companionChannel;
  }

  /** The primary this socket is a control companion of, or {@code null}. */
  public String controlledPrimary() {
    return "control".equals(channel) ? primary : null;
  }

  @Override
  public RoomCommand command(String room, JsonObject rules) {
    return new RoomCommand(room, id, node.nodeId(), client(), identity == null ? List.of() : identity.roles(), rules,
        rooms.confinement().space(), address);
  }

  /** A join is on its way to the room's sequencer: deliveries that arrive meanwhile wait for its answer. */
  public void joining(String room) {
    rooms.joining(room);
  }

  @Override
  public boolean joined(String room, long seq, String epoch, long nodeBase) {
    if (closed) {
      return false;
    }
    rooms.joined(room, seq, epoch, nodeBase);
    return true;
  }

  /** The join failed. */
  public void joinFailed(String room) {
    rooms.joinFailed(room);
  }

  @Override
  public void roomClosed(String room) {
    left(room);
  }

  /** Where this socket may go: its owner's space, the exclusive room holding it. */
  public Confinement confinement() {
    return rooms.confinement();
  }

  /** Left a room: deliveries stop. */
  public void left(String room) {
    rooms.left(room);
  }

  @Override
  public long lastHeardNanos() {
    return heardNanos;
  }

  /** A keep-alive ping; a client that answers nothing for {@code session.idleTimeoutSeconds} is closed. */
  @Override
  public void ping() {
    if (closed) {
      return;
    }
    if (!transport.pings() && rooms.all().isEmpty() && primary == null
        && System.nanoTime() - heardNanos >= node.settings().idleTimeoutSeconds() * 1_000_000_000L) {
      // a connection without pings (TCP) that is in no room, hears no primary and says nothing only holds a place
      close(NORMAL, "idle: nothing sent for " + node.settings().idleTimeoutSeconds() + " s and in no room");
      return;
    }
    transport.ping();
  }

  @Override
  public void deliver(Delivery delivery) {
    outbound.deliver(delivery);
  }

  @Override
  public void control(String frame) {
    send(frame);
  }

  @Override
  public void flush() {
    outbound.flush();
  }

  /** Closes the connection once (later input is ignored while it closes). */
  public void close(short code, String reason) {
    if (!closed && !closing) {
      closing = true;
      node.meters().closed(code);
      transport.close(code, reason);
    }
  }

  @Override
  public Future<Void> shutdown() {
    leaveNode();
    return transport.close((short) 1001, "server shutting down");
  }

  // ---- inbound, from the transport ----

  /** Something (any frame, a pong included) came from the client: it is alive. */
  public void heard() {
    heardNanos = System.nanoTime();
  }

  /** One complete protocol frame (JSON text), answered on the connection. */
  public void text(Buffer message) {
    requests.text(message);
  }

  /**
   * One complete protocol frame answered to {@code replier}; with {@code token} (a bridge
   * message's {@code Authorization} header) the socket authenticates with it first, in order,
   * unless it already did with that token.
   */
  public void text(Buffer message, Replier replier, String token) {
    requests.text(message, replier, token);
  }

  /** Runs an already parsed frame (an op a control companion runs on this socket), answered to {@code replier}. */
  public void submit(ClientFrame frame, Replier replier) {
    requests.submit(frame, replier);
  }

  /** A binary message, which protocol v1 does not have. */
  public void binary() {
    requests.binary();
  }

  /** A message over {@code session.maxMessageBytes}, dropped by the transport as it arrived; {@code head}: its first bytes. */
  public void tooLarge(long bytes, Buffer head) {
    requests.tooLarge(bytes, head);
  }

  /** Whether the connection is closed. */
  public boolean isClosed() {
    return closed;
  }

  /** Whether the connection is closing or closed: later input is ignored. */
  boolean isClosing() {
    return closing || closed;
  }

  private void send(String frame) {
    outbound.send(frame);
  }

  /** The transport's connection closed (either side): the socket leaves the node and its rooms. */
  public void closed() {
    if (closed) {
      return;
    }
    leaveNode();
    rooms.tellClosed(); // a join still in flight is undone when its answer comes (JoinHandler)
  }

  private void leaveNode() {
    closed = true;
    node.gate().clientOut(client());
    node.expiries().unwatch(this);
    requests.clear();
    node.keepAlive().remove(this);
    rooms.leftNode();
    companions.closed();
    if (primary != null) {
      node.companionLink().detach(primary, id);
    }
  }
}
