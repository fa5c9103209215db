package io.porthouse.bridge;

import io.porthouse.core.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;

import java.util.List;

/**
 * The {@code bridge} section of the configuration (docs/configuration.md, docs/bridge.md).
 *
 * @param cluster         this cluster's name on its links (default {@code cluster.name})
 * @param host            where to accept links
 * @param port            the port to accept links on, 0: accept none (dial only)
 * @param secret          the shared secret of every link (HMAC challenge-response)
 * @param linksFile       the links file, read again whenever it changes
 * @param tlsKeyFile      PEM private key: links are accepted over TLS when set
 * @param tlsCertFile     PEM certificate chain for it
 * @param tlsTrustFile    PEM certificates: dialled peers must present one signed by them; when
 *                        accepting, so must dialling peers (mutual TLS)
 * @param maxFrameBytes   the largest frame a peer may send; a larger one closes the link
 * @param bufferMessages  per link, messages held for a peer that has not acknowledged them (the bound)
 * @param heartbeatMillis a ping after this long without sending
 * @param deadAfterMillis a link silent this long is closed (and dialled again)
 * @param reconnectMinMillis first reconnect delay; doubles per failed attempt, with jitter
 * @param reconnectMaxMillis the longest reconnect delay
 * @param roles           roles of the bridge's sockets in the rooms it carries
 */
public record BridgeSettings(String cluster, String host, int port, String secret, String linksFile,
                             String tlsKeyFile, String tlsCertFile, String tlsTrustFile, int maxFrameBytes,
                             int bufferMessages, long heartbeatMillis, long deadAfterMillis,
                             long reconnectMinMillis, long reconnectMaxMillis, List<String> roles) {

  @SuppressWarnings("unchecked")
  public static BridgeSettings from(JsonObject config) {
    JsonObject b = config.getJsonObject("bridge");
    String cluster = b.getString("name") != null ? b.getString("name") : config.getJsonObject("cluster").getString("name");
    if (!cluster.matches(LinkSpec.NAME)) {
      throw new ConfigException("bridge.name '" + cluster + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    String secret = b.getString("secret");
    if (secret != null && secret.length() < 16) {
      throw new ConfigException("bridge.secret (PORTHOUSE_BRIDGE_SECRET) must be at least 16 characters");
    }
    BridgeSettings s = new BridgeSettings(cluster, b.getString("host"), b.getInteger("port"), secret,
        b.getString("links"), b.getString("tlsKeyFile"), b.getString("tlsCertFile"), b.getString("tlsTrustFile"),
        b.getInteger("maxFrameBytes"), b.getInteger("bufferMessages"), b.getLong("heartbeatMillis"),
        b.getLong("deadAfterMillis"), b.getLong("reconnectMinMillis"), b.getLong("reconnectMaxMillis"),
        List.copyOf(b.getJsonArray("roles").getList()));
    if ((s.tlsKeyFile == null) != (s.tlsCertFile == null)) {
      throw new ConfigException("bridge.tlsKeyFile and bridge.tlsCertFile are set together");
    }
    if (s.deadAfterMillis <= s.heartbeatMillis) {
      throw new ConfigException("bridge.deadAfterMillis must be above bridge.heartbeatMillis");
    }
    return s;
  }

  /** The wait before dial number {@code attempt} + 1: min × 2^attempt, at most max, drawn between half and all of it (jitter). */
  public long reconnectDelay(int attempt) {
    long base = Math.min(reconnectMaxMillis, reconnectMinMillis << Math.min(attempt, 20));
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  public boolean tls() {
    return tlsKeyFile != null;
  }
}
