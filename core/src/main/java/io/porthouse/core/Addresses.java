package io.porthouse.core;

/**
 * Every event-bus address Porthouse uses, defined once. The message shape on each address is
 * documented here and in {@code docs/architecture.md}; the Java types named are in {@code core}.
 *
 * <p>The router and room-command addresses are <b>local</b>: every JVM that runs an ingress runs a
 * router beside it, registered with {@code localConsumer}, so an ingress's first hop never leaves
 * its JVM. The router reaches a room's state through the room store (in-process when embedded,
 * the room's sequencer (its Hazelcast partition owner) when clustered), never through another verticle.
 */
public final class Addresses {

  /** Router entry point (local). Body: {@link io.porthouse.core.envelope.Envelope}; reply: {@link io.porthouse.core.bus.SendAck}. */
  public static final String ROUTER_ROUTE = "porthouse.router.route";

  /** Router entry point for posts (local). Body: {@link io.porthouse.core.bus.Post}; reply: {@link io.porthouse.core.bus.SendAck}. */
  public static final String ROUTER_POST = "porthouse.router.post";

  /**
   * A call to the application's backend (local; the hooks verticle beside the router answers).
   * Body: {@link io.porthouse.core.bus.HookCall}; reply: the backend's {@code result} object, checked
   * for the hook's shape, or a failure with the protocol code to tell the client
   * ({@code unavailable} when the backend is slow, down or refused by its circuit breaker).
   */
  public static final String HOOKS_CALL = "porthouse.hooks.call";

  /**
   * Room templates set through the admin API (local: the router beside the ingress answers).
   * Body: {@link io.porthouse.core.bus.TemplatesRequest}; reply: every template in force,
   * {@code {"templates":{…},"setBy":{…}}}.
   */
  public static final String TEMPLATES = "porthouse.templates";

  /** Published when a template was set or removed through the admin API: every router reads them again. Body: {@code {}}. */
  public static final String TEMPLATES_CHANGED = "porthouse.templates.changed";

  /**
   * A room has webhook events to deliver (local: from the router that applied the room operation
   * that made them, to the hooks verticle beside it). Body: the room's name (a string); no reply.
   */
  public static final String WEBHOOKS_DRAIN = "porthouse.webhooks.drain";

  /**
   * A room's webhook events wait and no deliverer holds them (clustered: from the rooms sweeper, to
   * one hooks verticle of the cluster). Body: the room's name (a string); no reply.
   */
  public static final String WEBHOOKS_ORPHANED = "porthouse.webhooks.orphaned";

  /** Create a room (local). Body: {@link io.porthouse.core.bus.RoomCommand} (with rules); reply: {@link io.porthouse.core.bus.RoomAnswer.Created}. */
  public static final String ROOMS_CREATE = "porthouse.rooms.create";
  /** Join a room (local). Body: {@link io.porthouse.core.bus.JoinRequest}; reply: {@link io.porthouse.core.bus.JoinAnswer}. */
  public static final String ROOMS_JOIN = "porthouse.rooms.join";
  /** Leave a room (local). Body: {@link io.porthouse.core.bus.RoomCommand}; reply: {@link io.porthouse.core.bus.RoomAnswer.Left}. */
  public static final String ROOMS_LEAVE = "porthouse.rooms.leave";
  /**
   * List rooms (local). Body: {@link io.porthouse.core.bus.RoomsList}; reply:
   * {@link io.porthouse.core.bus.RoomsPage}: the rooms the caller may see, sorted by name, at most
   * {@code rooms.listLimit}.
   */
  public static final String ROOMS_LIST = "porthouse.rooms.list";

  /** Published after a room was created: a {@link io.porthouse.core.bus.RoomCreated} (its effective rules, without a password). */
  public static final String ROOMS_CREATED = "porthouse.rooms.created";

  /**
   * Request (clustered; a bridge verticle answers, one of them if there are several): its links
   * and their counts, {@code {"cluster","node","port","rooms","refusals","links":[{…}]}}.
   */
  public static final String BRIDGE_STATUS = "porthouse.bridge.status";
  /**
   * Read a room's history (local), by a member ({@code history} op) or by a node repairing a gap.
   * Body: {@link io.porthouse.core.bus.HistoryRead}; reply: {@link io.porthouse.core.bus.HistoryPage}.
   */
  public static final String ROOMS_HISTORY = "porthouse.rooms.history";
  /**
   * List a presence room's members (local). Body: {@link io.porthouse.core.bus.MembersRead};
   * reply: {@link io.porthouse.core.bus.MembersPage} (or {@link io.porthouse.core.bus.MemberNodes}).
   */
  public static final String ROOMS_MEMBERS = "porthouse.rooms.members";
  /**
   * Read or change a room's rules (local). Body: {@link io.porthouse.core.bus.RoomCommand}
   * (without {@code rules}: a read by a member or its creator; with: changes by its creator or role owner, a key set
   * to {@code null} back to its default); reply: {@link io.porthouse.core.bus.RoomAnswer.Rules}, the effective rules
   * with a password shown as {@code true}.
   */
  public static final String ROOMS_RULES = "porthouse.rooms.rules";
  /**
   * Delete a room (local; the admin API). Body: {@link io.porthouse.core.bus.RoomCommand} (the room's
   * creator or role {@code owner}); reply: {@link io.porthouse.core.bus.RoomAnswer.Deleted}, the members it had, who
   * are told {@code closed}.
   */
  public static final String ROOMS_DELETE = "porthouse.rooms.delete";
  /**
   * Persistent rooms, on the rooms verticle (clustered: any rooms JVM): the only way to the
   * database. Body: a {@link io.porthouse.core.bus.PersistRoom} (create: reply {@link io.porthouse.core.bus.RoomAnswer.Created};
   * rules, delete: reply {@link io.porthouse.core.bus.RoomAnswer.Stored}).
   */
  public static final String ROOMS_PERSIST = "porthouse.rooms.persist";
  /**
   * Public endpoints, on the rooms verticle (request, clustered). Body: {@link io.porthouse.core.bus.EndpointsRequest};
   * reply: every {@link io.porthouse.core.bus.Endpoint}, after the change ({@link io.porthouse.core.bus.Endpoint#listToJson}).
   */
  public static final String ENDPOINTS = "porthouse.endpoints";
  /** Published after every endpoint change: every {@link io.porthouse.core.bus.Endpoint} ({@link io.porthouse.core.bus.Endpoint#listToJson}); every ingress takes it at once. */
  public static final String ENDPOINTS_CHANGED = "porthouse.endpoints.changed";

  /**
   * Log in with a built-in account (request, to the auth verticle). Body: {@link io.porthouse.core.bus.AccountRequest.Login};
   * reply: {@link io.porthouse.core.bus.AccountRequest.Token}, or {@code unauthorized} (slowed down after failures).
   */
  public static final String AUTH_LOGIN = "porthouse.auth.login";
  /** Enrol the account {@code client} for one-time codes. Body: {@link io.porthouse.core.bus.AccountRequest.Enrol}; reply: {@link io.porthouse.core.bus.AccountRequest.Enrolled}. */
  public static final String AUTH_OTP_ENROLL = "porthouse.auth.otp.enroll";
  /** Check a one-time code of {@code client}. Body: {@link io.porthouse.core.bus.OtpCheck}; reply: {@code {}}, or {@code forbidden}. */
  public static final String AUTH_OTP_VERIFY = "porthouse.auth.otp.verify";

  /**
   * The keeper verticle named {@code name} (rule {@code keeper}, clustered): gets every message sent
   * to its rooms, as a sequenced {@code Envelope} (its {@code socket} the sender), instead of the
   * members. It answers nothing; it acts, e.g. by moving the sender ({@link #ingressControl}, {@code move}).
   */
  public static String keeper(String name) {
    return "porthouse.keeper." + name;
  }

  /**
   * Moves a socket (clustered, to the ingress node holding it): the server-side way out of an
   * exclusive room. Body: {@link io.porthouse.core.bus.SocketMove}: the socket leaves the room that
   * holds it (or all its rooms) and, unless {@code to} is null (back to the lobby), joins {@code to}
   * under its own identity and that room's rules; it is told {@code {"op":"moved","from":…,"room":…}}.
   * Reply: the {@code joined} answer ({@code {"room","seq","epoch"}}), or {@code {"room":null}}.
   */
  public static String socketMove(String socketId) {
    int dot = socketId.lastIndexOf('.');
    return ingressMove(dot < 0 ? socketId : socketId.substring(0, dot));
  }

  /**
   * Request (clustered, one per ingress node): the node's counts, as its {@code /status} shows them,
   * {@code {"node","sockets","envelopesIn","framesOut","gapsSkipped","gapsRepaired",…}}.
   */
  public static String ingressStatus(String node) {
    return INGRESS_PREFIX + node + ".status";
  }

  /** Where ingress node {@code node} takes {@link #socketMove} requests for its sockets (a socket id is its node id, a dot, a number). */
  public static String ingressMove(String node) {
    return INGRESS_PREFIX + node + ".move";
  }
  /** A socket closed: it leaves the rooms it was in (local). Body: {@link io.porthouse.core.bus.Disconnect}; no reply. */
  public static final String ROOMS_DISCONNECT = "porthouse.rooms.disconnect";

  /** An ingress node stops: all its sockets leave their rooms (local). Body: {@link io.porthouse.core.bus.NodeLeave}; reply: {@link io.porthouse.core.bus.RoomAnswer.Dropped}. */
  public static final String ROOMS_NODE_LEAVE = "porthouse.rooms.node-leave";
  /**
   * Room state was lost somewhere in the cluster (a partition lost all its copies), or one node's
   * memberships were dropped while it was cut off; every ingress (or only {@code node}) restates
   * its sockets' memberships. Published cluster-wide by the oldest rooms JVM. Body:
   * {@link io.porthouse.core.bus.RoomsLost} (every ingress, repeated a few times, or one node); no reply.
   */
  public static final String ROOMS_LOST = "porthouse.rooms.lost";

  /** Verify a JWT. Body: {@link io.porthouse.core.bus.TokenCheck}; reply: {@link io.porthouse.core.bus.Identity}. */
  public static final String AUTH_VERIFY = "porthouse.auth.verify";

  private static final String INGRESS_PREFIX = "porthouse.ingress.";

  /**
   * The one clustered consumer of an ingress node: sequenced envelopes for its local sockets.
   * Body: {@link io.porthouse.core.envelope.Envelope} with seq, epoch and prevSeq; no reply.
   */
  public static String ingressDeliver(String node) {
    return INGRESS_PREFIX + node + ".deliver";
  }

  /**
   * An ingress node's companion-socket link (clustered, one per node): other nodes attach
   * companions to its sockets, run control ops on them and tell its companions of their primary's
   * events. Body: a {@link io.porthouse.core.bus.CompanionMessage} (see
   * {@code ingress.companion.CompanionLink}).
   */
  public static String ingressControl(String node) {
    return INGRESS_PREFIX + node + ".control";
  }

  /**
   * Where an ingress node's SockJS event-bus bridge hands the sends of its clients (node-local):
   * each {@link #SOCKJS_INBOUND} message, re-addressed here with the sending socket in its headers.
   */
  public static String sockjsSends(String node) {
    return INGRESS_PREFIX + node + ".sockjs";
  }

  /**
   * The one address SockJS event-bus bridge clients send to (public: {@code /eventbus}): each
   * message is a protocol v1 op, answered with its v1 reply. The bridge re-addresses it to the
   * node's own handler; clients never reach an internal address.
   */
  public static final String SOCKJS_INBOUND = "porthouse.in";
  /** Prefix of a SockJS client's push address, {@code porthouse.out.<socket id>}: the only address it may register. */
  public static final String SOCKJS_PUSH_PREFIX = "porthouse.out.";

  private Addresses() {
  }
}
