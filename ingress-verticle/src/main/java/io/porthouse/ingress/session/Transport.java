package io.porthouse.ingress.session;

import io.porthouse.hub.Delivery;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;

/**
 * How one connection's bytes move, as its {@link Session} sees it: a transport turns what the
 * client sends into calls on the session ({@code text}, {@code binary}, {@code tooLarge},
 * {@code heard}, {@code closed}) and the session's frames into bytes. Replies, errors, pongs and
 * deliveries all go to the same outbound buffer, so {@link #backedUp()} bounds them together.
 * Called on the connection's event loop.
 */
public interface Transport {

  /** Its name as metrics label it: {@code websocket}, {@code tcp}, {@code sockjs}, {@code sse} or {@code mqtt}. */
  String name();

  /** Where the client connects from. */
  SocketAddress remoteAddress();

  /** Writes a protocol frame (reply, error, welcome, reset, event) and sends it now. */
  void send(String frame);

  /** Queues a room message in this transport's shape, unsent until {@link #flush()}. */
  void write(Delivery delivery);

  /** Sends what {@link #write} queued. */
  void flush();

  /** True while more than the configured outbound bound waits to be sent: the client is not reading. */
  boolean backedUp();

  /** Stops reading from the client (backpressure) until {@link #resume()}. */
  void pause();

  void resume();

  /** A keep-alive probe the client answers without the protocol (WebSocket ping), or nothing. */
  void ping();

  /** Whether {@link #ping()} probes the client (else a silent connection that is in no room is closed as idle). */
  default boolean pings() {
    return true;
  }

  /** Closes the connection, with a code and reason where the transport can carry them. */
  Future<Void> close(short code, String reason);

  /**
   * Whether the client hears the server's own notices ({@code expired}, presence, {@code reset}):
   * where it does not (MQTT), a socket whose token expires is closed rather than quietly dropped
   * out of its rooms.
   */
  default boolean hearsNotices() {
    return true;
  }

  /** Whether the session greets the client with {@code welcome} as it starts (else {@code hello} answers it). */
  default boolean greets() {
    return true;
  }

  /** Where this transport pushes frames, if the client must name it (the event-bus bridge), else {@code null}. */
  default String pushAddress() {
    return null;
  }
}
