package io.porthouse.ingress;

import io.porthouse.hub.LocalHub;
import io.porthouse.ingress.companion.CompanionLink;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;

/**
 * What every session and op of one ingress node shares: the node id, the event bus, the local
 * hub, the keep-alive, the companion link, token verification, and the counters that make socket and envelope ids unique in the cluster.
 */
public final class NodeContext {

  /** How often {@link #keepAlive()} is ticked. */
  public static final long KEEP_ALIVE_TICK_MILLIS = 100;

  private final String nodeId;
  private final EventBus bus;
  private final LocalHub hub;
  private final IngressSettings settings;
  private final KeepAlive keepAlive;
  private final CompanionLink companionLink;
  private final Authenticator auth;
  private final BackendHooks hooks;
  private final TokenExpiries expiries = new TokenExpiries();
  private final Endpoints endpoints = new Endpoints();
  private final IngressMeters meters;
  private final ConnectionGate gate;
  private final MembershipRestater restater;
  private long nextSocket;
  private long nextEnvelope;

  public NodeContext(String nodeId, Vertx vertx, LocalHub hub, IngressSettings settings, BackendHooks.Settings hookSettings) {
    this.nodeId = nodeId;
    this.bus = vertx.eventBus();
    this.restater = new MembershipRestater(this, vertx);
    this.hub = hub;
    this.settings = settings;
    this.keepAlive = new KeepAlive(settings.pingSeconds() * 1000L, KEEP_ALIVE_TICK_MILLIS);
    this.companionLink = new CompanionLink(this);
    this.hooks = new BackendHooks(bus, hookSettings);
    this.auth = new Authenticator(bus, hooks);
    this.meters = new IngressMeters(nodeId, hub);
    this.gate = new ConnectionGate(settings.maxConnectionsPerAddress(), settings.maxConnectionsPerClient(), meters);
  }

  /** Restates this node's memberships at the rooms' sequencers. */
  public MembershipRestater restater() {
    return restater;
  }

  /** What one address and one client may hold of this node. */
  public ConnectionGate gate() {
    return gate;
  }

  /** This node's meters. */
  public IngressMeters meters() {
    return meters;
  }

  /** The public endpoints in force. */
  public Endpoints endpoints() {
    return endpoints;
  }

  /** When this node's sockets' tokens expire. */
  public TokenExpiries expiries() {
    return expiries;
  }

  /** What this node asks the application's backend. */
  public BackendHooks hooks() {
    return hooks;
  }

  /** Finds and verifies clients' tokens. */
  public Authenticator auth() {
    return auth;
  }

  /** The node's link to companion sockets on any node. */
  public CompanionLink companionLink() {
    return companionLink;
  }

  /** The node a socket id belongs to (socket ids are {@code <node>.<n>}). */
  public static String nodeOf(String socketId) {
    int dot = socketId.lastIndexOf('.');
    return dot < 0 ? socketId : socketId.substring(0, dot);
  }

  public String nodeId() {
    return nodeId;
  }

  public EventBus bus() {
    return bus;
  }

  public LocalHub hub() {
    return hub;
  }

  /** The node's server pings (sockets add and remove themselves). */
  public KeepAlive keepAlive() {
    return keepAlive;
  }

  public IngressSettings settings() {
    return settings;
  }

  /** A new socket id: {@code <node>.<n>}. */
  public String newSocketId() {
    return nodeId + "." + (++nextSocket);
  }

  /** A new envelope id: {@code <node>-<n>}. */
  public String newEnvelopeId() {
    return nodeId + "-" + (++nextEnvelope);
  }
}
