package io.porthouse.ingress;

import io.netty.util.NetUtil;
import io.porthouse.core.ops.ThrottledWarning;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How much of this node one address, and one client, may hold: {@code session.maxConnectionsPerAddress}
 * TCP connections (to the HTTP and TCP ports together), as many SockJS sessions (which outlive
 * their polling connections, so they are counted apart), and {@code session.maxConnectionsPerClient}
 * sockets authenticated as one {@code sub}. An IPv6 address counts by its /64 network, which one host commonly holds whole.
 * A limit of 0 is none. Refusals are counted and logged at most once per 10 s. Touched only on the
 * ingress event loop.
 */
public final class ConnectionGate {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

  private final int perAddress;
  private final int perClient;
  private final IngressMeters meters;
  private final Map<String, Integer> byAddress = new HashMap<>();
  private final Map<String, Integer> byClient = new HashMap<>();
  private final ThrottledWarning warnings = new ThrottledWarning(Duration.ofSeconds(10));

  public ConnectionGate(int perAddress, int perClient, IngressMeters meters) {
    this.perAddress = perAddress;
    this.perClient = perClient;
    this.meters = meters;
  }

  /** Counts a connection from {@code remote}; false (and nothing counted) when that address holds its limit already. */
  public boolean open(SocketAddress remote) {
    return take(addressKey(remote));
  }

  /** A connection counted by {@link #open} ended. */
  public void closed(SocketAddress remote) {
    release(addressKey(remote));
  }

  /** Counts a SockJS session from {@code remote}; false when that address holds its limit of sessions already. */
  public boolean openSession(SocketAddress remote) {
    return take("sockjs " + addressKey(remote));
  }

  public void closedSession(SocketAddress remote) {
    release("sockjs " + addressKey(remote));
  }

  private boolean take(String key) {
    int held = byAddress.getOrDefault(key, 0);
    if (perAddress > 0 && held >= perAddress) {
      refused("address", key, perAddress);
      return false;
    }
    byAddress.put(key, held + 1);
    return true;
  }

  private void release(String key) {
    byAddress.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
  }

  /** Whether {@code client} holds its limit of sockets already (then a new socket as it is refused). */
  public boolean clientFull(String client) {
    boolean full = client != null && perClient > 0 && byClient.getOrDefault(client, 0) >= perClient;
    if (full) {
      refused("client", client, perClient);
    }
    return full;
  }

  /** A socket is now authenticated as {@code client} (null: anonymous, not counted). */
  public void clientIn(String client) {
    if (client != null) {
      byClient.merge(client, 1, Integer::sum);
    }
  }

  /** A socket authenticated as {@code client} closed or lost that identity. */
  public void clientOut(String client) {
    if (client != null) {
      byClient.computeIfPresent(client, (k, n) -> n > 1 ? n - 1 : null);
    }
  }

  /** Why a connection or socket was refused, as a client is told it. */
  public String addressRefusal() {
    return "too many connections from your address (" + perAddress + " at most)";
  }

  public String clientRefusal(String client) {
    return "too many connections for client '" + client + "' (" + perClient + " at most)";
  }

  private void refused(String by, String key, int limit) {
    meters.refusedConnection(by);
    long held = warnings.occurred(System.nanoTime());
    if (held >= 0) {
      LOG.warn("refused a connection: {} {} holds its {} already ({} more refused since the last line)", by, key, limit, held);
    }
  }

  /** The address an address limit counts by: the host, or for IPv6 its /64 network. */
  public static String addressKey(SocketAddress remote) {
    String host = remote == null ? null : remote.hostAddress();
    if (host == null) {
      return "?";
    }
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
    if (ip == null || ip.length == 4) {
      return host;
    }
    if (ipv4Mapped(ip)) {
      return (ip[12] & 0xff) + "." + (ip[13] & 0xff) + "." + (ip[14] & 0xff) + "." + (ip[15] & 0xff);
    }
    StringBuilder net = new StringBuilder();
    for (int i = 0; i < 8; i += 2) {
      net.append(Integer.toHexString(((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff))).append(':');
    }
    return net.append(":/64").toString();
  }

  private static boolean ipv4Mapped(byte[] ip) {
    for (int i = 0; i < 10; i++) {
      if (ip[i] != 0) {
        return false;
      }
    }
    return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
  }
}
