package io.porthouse.ingress;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The ingress's part of the config ({@code http} and {@code ws} sections), read once at start.
 *
 * @param host               address the HTTP server binds to
 * @param port               HTTP port (0 picks a free one)
 * @param path               WebSocket endpoint path
 * @param allowAnonymous     accept sockets without a token
 * @param maxMessageBytes    largest accepted text message; larger ones get {@code too_large}
 * @param maxErrors          bad frames a socket may send in a burst before it is closed (1008);
 *                           one more is allowed per second
 * @param ratePerSecond      frames per second a socket may send, sustained
 * @param rateBurst          frames a socket may send at once
 * @param writeQueueMaxBytes outgoing bytes queued for a socket before it counts as a slow consumer
 * @param maxRoomsPerSocket  rooms one socket may be in at once
 * @param maxInFlight        requests of one socket being answered at once (more wait, up to a bound)
 * @param pingSeconds        how often every socket is pinged
 * @param idleTimeoutSeconds a socket from which nothing (not even a pong) arrives this long is closed
 * @param gapWaitMillis      how long a delivery waits for a missing predecessor before it goes on
 * @param tcpPort            the TCP ingress's port (0: off)
 * @param tcpKeepAliveSeconds idle seconds before TCP keep-alive probes a quiet connection
 * @param udpPort            the UDP ingress's port (0: off)
 * @param sockjs             whether the SockJS event-bus bridge is mounted at {@code /eventbus}
 * @param gapRepairMillis    how long a delivery waits for a missing predecessor before the node fetches it from history
 * @param closeOnExpiry      when a socket's token expires: close it (true) or drop it to anonymous, out of its rooms (false)
 * @param compression        WebSocket permessage-deflate offered to clients (each frame inflated to at most
 *                           {@link #hardFrameLimit()}); off by default
 * @param authTimeoutSeconds with anonymous sockets off, a connection that has not authenticated within this is closed
 * @param maxConnectionsPerAddress connections (and SockJS sessions) one address may hold on this node, 0: no limit
 * @param maxConnectionsPerClient  sockets one client ({@code sub}) may hold on this node, 0: no limit
 * @param pageOrigins        the origins of the pages that may use the SockJS bridge and SSE besides the server's own ({@code *}: any)
 */
public record IngressSettings(String host, int port, String path, boolean allowAnonymous, int maxMessageBytes,
                              int maxErrors, int ratePerSecond, int rateBurst, int writeQueueMaxBytes,
                              int maxRoomsPerSocket, int maxInFlight, int pingSeconds, int idleTimeoutSeconds,
                              long gapWaitMillis, int tcpPort, int tcpKeepAliveSeconds, int udpPort, boolean sockjs,
                              long gapRepairMillis, boolean closeOnExpiry, boolean compression,
                              int authTimeoutSeconds, int maxConnectionsPerAddress, int maxConnectionsPerClient,
                              List<String> pageOrigins) {

  /** Frames above this are refused by the WebSocket codec itself (connection closed, 1009). */
  public int hardFrameLimit() {
    return (int) Math.min(Integer.MAX_VALUE / 2, 4L * maxMessageBytes);
  }

  public static IngressSettings from(JsonObject config) {
    JsonObject http = config.getJsonObject("http");
    JsonObject ws = config.getJsonObject("ws");
    JsonObject session = config.getJsonObject("session");
    JsonObject tcp = config.getJsonObject("tcp");
    JsonObject history = config.getJsonObject("history");
    return new IngressSettings(http.getString("host"), http.getInteger("port"), ws.getString("path"),
        session.getBoolean("allowAnonymous"), session.getInteger("maxMessageBytes"), session.getInteger("maxErrors"),
        session.getInteger("ratePerSecond"), session.getInteger("rateBurst"), session.getInteger("writeQueueMaxBytes"),
        session.getInteger("maxRoomsPerSocket"), Math.max(1, session.getInteger("maxInFlight")),
        session.getInteger("pingSeconds"), session.getInteger("idleTimeoutSeconds"), history.getLong("gapWaitMillis"),
        tcp.getInteger("port"), Math.max(1, tcp.getInteger("keepAliveSeconds")), config.getJsonObject("udp").getInteger("port"),
        config.getJsonObject("sockjs").getBoolean("enabled"), history.getLong("repairAfterMillis"),
        "close".equals(session.getString("onTokenExpiry")), ws.getBoolean("compression"),
        session.getInteger("authTimeoutSeconds"), session.getInteger("maxConnectionsPerAddress"),
        session.getInteger("maxConnectionsPerClient"),
        http.getJsonArray("origins").stream().map(String::valueOf).toList());
  }
}
