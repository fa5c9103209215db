package io.porthouse.client;

import io.vertx.core.Future;
import io.vertx.core.net.HostAndPort;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a {@link PorthouseClient} connects, with defaults: the servers to try (in turn, after a
 * drop: the ingress nodes of a cluster), the token (or a supplier asked at each connect), the
 * reconnect backoff, how long an answer is waited for, and how many requests may be in flight.
 */
public final class PorthouseClientOptions {

  private final List<HostAndPort> servers = new ArrayList<>();
  private String path = "/ws";
  private boolean ssl;
  private Supplier<Future<String>> token = () -> Future.succeededFuture(null);
  private long reconnectDelayMinMillis = 500;
  private long reconnectDelayMaxMillis = 5000;
  private boolean reconnect = true;
  private long requestTimeoutMillis = 10_000;
  private int maxInFlight = 256;
  private int maxQueued = 10_000;

  /** A server to connect to; several: tried in turn after a drop. Default: 127.0.0.1:8080. */
  public PorthouseClientOptions addServer(String host, int port) {
    servers.add(HostAndPort.create(host, port));
    return this;
  }

  public List<HostAndPort> servers() {
    return servers.isEmpty() ? List.of(HostAndPort.create("127.0.0.1", 8080)) : List.copyOf(servers);
  }

  /** The protocol socket's path (default {@code /ws}). */
  public PorthouseClientOptions setPath(String path) {
    this.path = path;
    return this;
  }

  public String path() {
    return path;
  }

  public PorthouseClientOptions setSsl(boolean ssl) {
    this.ssl = ssl;
    return this;
  }

  public boolean ssl() {
    return ssl;
  }

  /** A fixed token (JWT); {@code null}: anonymous. */
  public PorthouseClientOptions setToken(String token) {
    this.token = () -> Future.succeededFuture(token);
    return this;
  }

  /** Asked for a token at each connect and, before the current one's {@code exp}, for its successor. */
  public PorthouseClientOptions setTokenSupplier(Supplier<Future<String>> supplier) {
    this.token = supplier;
    return this;
  }

  public Supplier<Future<String>> token() {
    return token;
  }

  /** Whether to reconnect after a drop and resume every room (default true). */
  public PorthouseClientOptions setReconnect(boolean reconnect) {
    this.reconnect = reconnect;
    return this;
  }

  public boolean reconnect() {
    return reconnect;
  }

  /** The first reconnect delay, doubled each failed attempt up to the max, each with ±50% jitter (500 ms, 5 s). */
  public PorthouseClientOptions setReconnectDelayMillis(long min, long max) {
    this.reconnectDelayMinMillis = min;
    this.reconnectDelayMaxMillis = max;
    return this;
  }

  public long reconnectDelayMinMillis() {
    return reconnectDelayMinMillis;
  }

  public long reconnectDelayMaxMillis() {
    return reconnectDelayMaxMillis;
  }

  /** A request not answered within this fails {@code outcome_unknown} (default 10 s). */
  public PorthouseClientOptions setRequestTimeoutMillis(long millis) {
    this.requestTimeoutMillis = millis;
    return this;
  }

  public long requestTimeoutMillis() {
    return requestTimeoutMillis;
  }

  /**
   * Requests sent and not yet answered (default 256, the server's own bound); more wait, up to
   * {@code maxQueued} (default 10,000), beyond which a request fails {@code rate_limited} at once.
   */
  public PorthouseClientOptions setMaxInFlight(int maxInFlight, int maxQueued) {
    this.maxInFlight = maxInFlight;
    this.maxQueued = maxQueued;
    return this;
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  public int maxQueued() {
    return maxQueued;
  }
}
