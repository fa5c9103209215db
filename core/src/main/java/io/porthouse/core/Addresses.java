package io.porthouse.core;

/**
 * Every event-bus address Porthouse uses, defined once. The message shape on each address is
 * documented here and in {@code docs/architecture.md}; the Java types named are in {@code core}.
 */
public final class Addresses {

  /** Router entry point. Body: {@link io.porthouse.core.envelope.Envelope}; reply: {@code {"seq":n}}. */
  public static final String ROUTER_ROUTE = "porthouse.router.route";

  /** Create a room. Body: {@link io.porthouse.core.bus.RoomCommand} (with rules); reply: {@code {"room":r}}. */
  public static final String ROOMS_CREATE = "porthouse.rooms.create";
  /** Join a room. Body: {@link io.porthouse.core.bus.RoomCommand}; reply: {@code {"room":r,"seq":n}}. */
  public static final String ROOMS_JOIN = "porthouse.rooms.join";
  /** Leave a room. Body: {@link io.porthouse.core.bus.RoomCommand}; reply: {@code {"room":r}}. */
  public static final String ROOMS_LEAVE = "porthouse.rooms.leave";
  /** List rooms. Body: {@code {}}; reply: {@code {"rooms":[{"name","type","members"}]}}. */
  public static final String ROOMS_LIST = "porthouse.rooms.list";
  /** May this socket send to this room? Body: {@link io.porthouse.core.bus.RoomCommand}; reply: {@code {}} or failure. */
  public static final String ROOMS_ADMIT = "porthouse.rooms.admit";
  /**
   * Sequence and fan out. Body: {@link io.porthouse.core.envelope.Envelope}; the rooms owner assigns
   * the room's next seq and sends the envelope (with seq) once to each ingress node that has members;
   * reply: {@code {"seq":n}}.
   */
  public static final String ROOMS_PUBLISH = "porthouse.rooms.publish";
  /** A socket closed: drop it from every room. Body: {@code {"socket":s}}; no reply. */
  public static final String ROOMS_DISCONNECT = "porthouse.rooms.disconnect";
  /** An ingress node is alive. Body: {@code {"node":n}}; reply: {@code {"known":bool}}. */
  public static final String ROOMS_HEARTBEAT = "porthouse.rooms.heartbeat";
  /** An ingress node stops: drop all its sockets. Body: {@code {"node":n}}; no reply. */
  public static final String ROOMS_NODE_LEAVE = "porthouse.rooms.node-leave";
  /**
   * An ingress node restates its memberships after the rooms owner forgot it (restart or failover).
   * Body: {@code {"node":n,"members":[{"room","socket","client"}]}}; reply: {@code {"rooms":k}}, the number of rooms it made again.
   */
  public static final String ROOMS_RESYNC = "porthouse.rooms.resync";

  /** Verify a JWT. Body: {@code {"token":t}}; reply: {@link io.porthouse.core.bus.Identity}. */
  public static final String AUTH_VERIFY = "porthouse.auth.verify";

  /** Cluster-wide lock held by the one active rooms verticle (others wait as standby). */
  public static final String LOCK_ROOMS = "porthouse.lock.rooms";
  /** Cluster-wide lock held by the one active router verticle (others wait as standby). */
  public static final String LOCK_ROUTER = "porthouse.lock.router";

  private static final String INGRESS_PREFIX = "porthouse.ingress.";

  /**
   * The one clustered consumer of an ingress node: sequenced envelopes for its local sockets.
   * Body: {@link io.porthouse.core.envelope.Envelope} with seq; no reply.
   */
  public static String ingressDeliver(String node) {
    return INGRESS_PREFIX + node + ".deliver";
  }

  private Addresses() {
  }
}
