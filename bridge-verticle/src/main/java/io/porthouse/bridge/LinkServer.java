package io.porthouse.bridge;

import io.porthouse.core.ops.ThrottledWarning;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The bridge's connections: peers dial in on {@code bridge.port} (TLS when {@code bridge.tlsKeyFile}
 * is set, mutual when {@code bridge.tlsTrustFile} is), at most {@link #MAX_CONNECTIONS_PER_ADDRESS}
 * from one address; links that dial are dialled from here. Each connection becomes a
 * {@link LinkSession}; refused handshakes are counted and logged at most once per 10 s.
 */
final class LinkServer {

  private static final Logger LOG = LoggerFactory.getLogger(LinkServer.class);
  static final int MAX_CONNECTIONS_PER_ADDRESS = 64;

  private final Vertx vertx;
  private final BridgeSettings settings;
  private final LinkSession.Host host;
  private final NetClient client;
  private NetServer server;
  /** Connections to the links port by remote address (a peer holds one per link). */
  private final Map<String, Integer> connectionsFrom = new HashMap<>();
  private final ThrottledWarning refusalWarnings = new ThrottledWarning(Duration.ofSeconds(10));
  private long refusals;

  LinkServer(Vertx vertx, BridgeSettings settings, LinkSession.Host host) {
    this.vertx = vertx;
    this.settings = settings;
    this.host = host;
    this.client = vertx.createNetClient(clientOptions(settings));
  }

  private static NetClientOptions clientOptions(BridgeSettings settings) {
    // a TLS peer must present a certificate for the host its link dials (HTTPS rules)
    NetClientOptions o = new NetClientOptions().setConnectTimeout(5_000).setTcpNoDelay(true)
        .setHostnameVerificationAlgorithm("HTTPS");
    if (settings.tlsTrustFile() != null) {
      o.setTrustOptions(new PemTrustOptions().addCertPath(settings.tlsTrustFile()));
    }
    if (settings.tls()) { // our own certificate, for peers that ask for one (mutual TLS)
      o.setKeyCertOptions(new PemKeyCertOptions().setKeyPath(settings.tlsKeyFile()).setCertPath(settings.tlsCertFile()));
    }
    return o;
  }

  /** Accepts links on {@code bridge.port}, if set. */
  Future<Void> listen() {
    if (settings.port() <= 0) {
      return Future.succeededFuture();
    }
    NetServerOptions o = new NetServerOptions().setHost(settings.host()).setPort(settings.port()).setTcpNoDelay(true);
    if (settings.tls()) {
      o.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setKeyPath(settings.tlsKeyFile())
          .setCertPath(settings.tlsCertFile()));
      if (settings.tlsTrustFile() != null) {
        o.setTrustOptions(new PemTrustOptions().addCertPath(settings.tlsTrustFile())).setClientAuth(ClientAuth.REQUIRED);
      }
    }
    server = vertx.createNetServer(o).connectHandler(this::accept);
    return server.listen().mapEmpty();
  }

  /** The port links are accepted on, or -1. */
  int port() {
    return server == null ? -1 : server.actualPort();
  }

  /** A connection to the links port: at most {@link #MAX_CONNECTIONS_PER_ADDRESS} per address, each closed unless its handshake is done within 5 s. */
  private void accept(NetSocket socket) {
    String from = socket.remoteAddress().hostAddress();
    if (connectionsFrom.merge(from, 1, Integer::sum) > MAX_CONNECTIONS_PER_ADDRESS) {
      connectionsFrom.merge(from, -1, Integer::sum);
      refused(String.valueOf(socket.remoteAddress()), null, "more than " + MAX_CONNECTIONS_PER_ADDRESS + " connections from one address");
      socket.close();
      return;
    }
    new LinkSession(vertx, socket, settings, host, null, () -> connectionsFrom.computeIfPresent(from, (k, n) -> n > 1 ? n - 1 : null));
  }

  /** Dials {@code link}'s peer; a failure is logged once after the link was up, and retried with backoff. */
  void dial(Link link) {
    LinkSpec spec = link.spec();
    ConnectOptions o = new ConnectOptions().setHost(spec.host()).setPort(spec.port()).setSsl(spec.tls());
    client.connect(o).onSuccess(socket -> new LinkSession(vertx, socket, settings, host, link, () -> { }))
        .onFailure(e -> {
          if (link.dialFailed()) { // the first failure after it was up (or at start) is worth a line; retries are not
            LOG.warn("bridge link {}: cannot reach {}:{}: {}; trying again with backoff", link.name(), spec.host(),
                spec.port(), e.getMessage());
          }
          link.reconnectLater();
        });
  }

  /** A peer failed the handshake, or one address held too many connections: counted, logged at a bounded rate. */
  void refused(String remote, Link link, String why) {
    refusals++;
    if (link != null) {
      link.authFailed();
    }
    long heldBack = refusalWarnings.occurred(System.nanoTime()); // at most one line per 10 s, whatever a prober does
    if (heldBack >= 0) {
      LOG.warn("bridge: refused a link from {}{}: {}{}", remote, link == null ? "" : " for link " + link.name(), why,
          heldBack == 0 ? "" : " (and " + heldBack + " more refusals since the last report)");
    }
  }

  /** Handshakes refused since start. */
  long refusals() {
    return refusals;
  }

  Future<Void> close() {
    return (server == null ? Future.<Void>succeededFuture() : server.close()).eventually(client::close);
  }
}
