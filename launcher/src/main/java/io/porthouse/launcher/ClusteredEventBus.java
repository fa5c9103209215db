package io.porthouse.launcher;

import io.netty.util.NetUtil;
import io.porthouse.core.config.ConfigException;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How a clustered JVM's event bus listens: where, and with or without TLS (config {@code cluster.tls*}). */
final class ClusteredEventBus {

  private ClusteredEventBus() {
  }

  /**
   * The clustered event bus: TLS with a client certificate required both ways when
   * {@code cluster.tlsKeyFile}/{@code tlsCertFile}/{@code tlsTrustFile} are set (every JVM of the
   * cluster presents a certificate signed by the trusted ones), plain TCP otherwise.
   */
  static EventBusOptions options(String host, JsonObject cluster) {
    EventBusOptions bus = new EventBusOptions().setHost(host).setPort(0).setClusterPublicHost(host);
    String key = cluster.getString("tlsKeyFile");
    String cert = cluster.getString("tlsCertFile");
    String trust = cluster.getString("tlsTrustFile");
    if (key == null && cert == null && trust == null) {
      // the plain event bus takes frames from whoever reaches its port (the cluster secret guards
      // Hazelcast's join, not this port): only on loopback, unless the operator says so outright
      if (!loopback(host) && !cluster.getBoolean("allowPlaintextEventBus", false)) {
        throw new ConfigException("the clustered event bus would listen on " + host
            + " without TLS: any host that reaches its port could send it messages. Set cluster.tlsKeyFile, "
            + "cluster.tlsCertFile and cluster.tlsTrustFile, or, on a network only your JVMs reach, "
            + "cluster.allowPlaintextEventBus=true (PORTHOUSE_CLUSTER_ALLOW_PLAINTEXT_EVENT_BUS)");
      }
      return bus;
    }
    if (key == null || cert == null || trust == null) {
      throw new ConfigException(
          "cluster.tlsKeyFile, cluster.tlsCertFile and cluster.tlsTrustFile are set together (event-bus TLS)");
    }
    return bus.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setKeyPath(key).setCertPath(cert))
        .setTrustOptions(new PemTrustOptions().addCertPath(trust)).setClientAuth(ClientAuth.REQUIRED);
  }

  /** Whether {@code host} is a loopback address or name (a literal address is never looked up). */
  static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
    try {
      return ip != null && InetAddress.getByAddress(ip).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
