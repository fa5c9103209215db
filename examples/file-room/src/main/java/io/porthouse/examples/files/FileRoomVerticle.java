package io.porthouse.examples.files;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Disconnect;
import io.porthouse.core.bus.Identity;
import io.porthouse.core.bus.JoinRequest;
import io.porthouse.core.bus.NodeLeave;
import io.porthouse.core.bus.RoomAnswer;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.bus.TokenCheck;
import io.porthouse.core.cluster.NodeIds;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.porthouse.core.protocol.RoomNames;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An FTP-style room, written as a user would extend Porthouse (docs/extending.md): a verticle on
 * {@code core} alone that talks to the rest only over the event bus. A connection to it is a
 * socket of its own node, a member of a Porthouse room (joined with the room's rules, as the
 * token's client); what it sends are text commands ({@code LIST}, {@code GET name},
 * {@code PUT name size} and the bytes, {@code DEL name}, {@code QUIT}) answered with FTP's codes,
 * against the room's files ({@link RoomFiles}: in memory for a transient room, in the data
 * directory for a persistent one). A second connection of the same client attached as the
 * first's {@code log} companion hears a line per command and transfer of it.
 *
 * <ul>
 *   <li>TCP ({@code tcpPort}), e.g. {@code nc}: first line {@code OPEN room [token]} (or
 *       {@code LOG socket token}), then commands; a {@code PUT}'s bytes follow its line raw.</li>
 *   <li>WebSocket ({@code httpPort}) {@code /files/{room}?token=…} (or
 *       {@code /files/{room}/log?socket=…&token=…}): commands in text frames, files in binary
 *       frames.</li>
 * </ul>
 *
 * <p>Config: {@code host} (127.0.0.1), {@code tcpPort} and {@code httpPort} (absent: off; 0: any free port),
 * {@code dataDir} (where persistent rooms keep their files), {@code maxFileBytes} (1 MiB),
 * {@code maxFiles} (100 a room).
 */
public final class FileRoomVerticle extends VerticleBase {

  /** Bounds of a room's files. */
  record Limits(int maxFileBytes, int maxFiles) {
  }

  /** What a WebSocket message may hold besides a file. */
  private static final int MAX_LINE = 4096;
  /** A connection silent this long is closed (a transfer counts as talk). */
  private static final int IDLE_SECONDS = 300;

  private String node;
  private long counter;
  private Limits limits;
  private Path dataDir;
  private final Map<String, FileSession> sessions = new HashMap<>();
  /** Each open room's files (persistent ones stay; a transient room's go with its last member). */
  private final Map<String, Future<RoomFiles>> files = new HashMap<>();
  private final Map<String, Integer> members = new HashMap<>();
  /** How each socket's answers reach it. */
  private final Map<String, FileSession.Peer> peers = new HashMap<>();
  /** The log companions of each socket. */
  private final Map<String, List<FileSession.Peer>> logs = new HashMap<>();
  /** The sockets that are log companions. */
  private final Set<String> companions = new HashSet<>();
  private final FileConnections connections = new FileConnections(this);
  private MessageConsumer<Object> deliveries;
  private NetServer tcp;
  private HttpServer http;

  @Override
  public Future<?> start() {
    EnvelopeCodec.ensureRegistered(vertx);
    JsonObject c = config();
    limits = new Limits(c.getInteger("maxFileBytes", 1 << 20), c.getInteger("maxFiles", 100));
    dataDir = Path.of(c.getString("dataDir", "data"));
    node = vertx.isClustered()
        ? NodeIds.extension(NodeIds.ofClusterNode(((VertxInternal) vertx).clusterManager().getNodeId()), "files")
        : NodeIds.random();
    // its sockets are members of rooms: what is said in them is not shown here (a file room is for files)
    deliveries = vertx.eventBus().consumer(Addresses.ingressDeliver(node), msg -> { });
    String host = c.getString("host", "127.0.0.1");
    Integer tcpPort = c.getInteger("tcpPort");
    Integer httpPort = c.getInteger("httpPort");
    Future<?> tcpListening = tcpPort == null ? Future.succeededFuture()
        : (tcp = vertx.createNetServer(new NetServerOptions().setIdleTimeout(IDLE_SECONDS)).connectHandler(connections::tcp))
            .listen(tcpPort, host);
    Future<?> httpListening = httpPort == null ? Future.succeededFuture()
        : (http = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(IDLE_SECONDS)
            .setMaxWebSocketMessageSize(limits.maxFileBytes() + MAX_LINE)).webSocketHandler(connections::webSocket))
            .listen(httpPort, host);
    return Future.all(deliveries.completion(), tcpListening, httpListening);
  }

  /** The TCP port it listens on, or -1. */
  public int tcpPort() {
    return tcp == null ? -1 : tcp.actualPort();
  }

  /** The HTTP port of its WebSockets, or -1. */
  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  Limits limits() {
    return limits;
  }

  @Override
  public Future<?> stop() {
    return vertx.eventBus().request(Addresses.ROOMS_NODE_LEAVE, new NodeLeave(node).toJson())
        .recover(e -> Future.succeededFuture())
        .eventually(() -> deliveries.unregister())
        .eventually(() -> tcp == null ? Future.succeededFuture() : tcp.close())
        .eventually(() -> http == null ? Future.succeededFuture() : http.close());
  }

  // ---- rooms, files and logs ----

  private Future<Identity> identity(String token) {
    return token == null ? Future.succeededFuture()
        : vertx.eventBus().<JsonObject>request(Addresses.AUTH_VERIFY, new TokenCheck(token).toJson())
            .map(r -> Identity.fromJson(r.body()));
  }

  /** Joins the room as the token's client (its rules decide), then opens its files where its rules say. */
  /** A new connection's session, known by its socket id until it closes. */
  FileSession session(FileSession.Peer peer) {
    FileSession session = new FileSession(this, peer, node + "." + (++counter));
    sessions.put(session.socket, session);
    peers.put(session.socket, peer);
    return session;
  }

  /** Whether {@code session} is a log companion (it opens no room). */
  boolean isCompanion(FileSession session) {
    return companions.contains(session.socket);
  }

  Future<Void> open(FileSession session, String room, String token) {
    try {
      RoomNames.check(room);
    } catch (RuntimeException bad) {
      return Future.failedFuture(bad.getMessage());
    }
    return identity(token).compose(who -> {
      RoomCommand join = new RoomCommand(room, session.socket, node, who == null ? null : who.client(),
          who == null ? List.of() : who.roles(), null);
      return vertx.eventBus().<JsonObject>request(Addresses.ROOMS_JOIN, JoinRequest.of(join).toJson())
          .compose(joined -> vertx.eventBus().<JsonObject>request(Addresses.ROOMS_RULES, join.toJson()))
          .compose(rules -> {
            if (!sessions.containsKey(session.socket)) { // closed meanwhile: undo the join
              vertx.eventBus().send(Addresses.ROOMS_DISCONNECT, Disconnect.of(session.socket, join.client(), room).toJson());
              return Future.failedFuture("closed");
            }
            boolean persistent = RoomAnswer.Rules.fromJson(rules.body()).rules().getBoolean("persistent", false);
            members.merge(room, 1, Integer::sum);
            Future<RoomFiles> roomFiles = files.computeIfAbsent(room, r -> persistent
                ? RoomFiles.inDirectory(vertx, dataDir, r) : Future.succeededFuture(RoomFiles.inMemory(vertx)));
            return roomFiles.map(f -> {
              session.opened(room, join.client(), f);
              return (Void) null;
            });
          })
          .recover(e -> Future.failedFuture(BusErrors.toPorthouse(e).getMessage()));
    });
  }

  /** Attaches {@code session} as the log companion of {@code primary}: the same client, never anonymous. */
  Future<Void> attachLog(FileSession session, FileSession.Peer peer, String primary, String token) {
    if (token == null || primary == null) {
      return Future.failedFuture("a log companion gives the primary's socket and a token");
    }
    return identity(token).compose(who -> {
      FileSession target = sessions.get(primary);
      if (target == null || target.client == null || !target.client.equals(who.client())) {
        return Future.failedFuture("no socket '" + primary + "' of client '" + who.client() + "' here");
      }
      logs.computeIfAbsent(primary, p -> new ArrayList<>()).add(peer);
      companions.add(session.socket);
      peer.line("220 logging " + primary + " in " + target.room);
      return Future.succeededFuture();
    });
  }

  /** A line to the log companions of {@code session}. */
  void log(FileSession session, String text) {
    List<FileSession.Peer> companions = logs.get(session.socket);
    if (companions != null) {
      String line = Instant.now() + " " + session.socket + " " + text;
      for (FileSession.Peer companion : companions) {
        companion.line(line);
      }
    }
  }

  void closed(FileSession session) {
    sessions.remove(session.socket);
    FileSession.Peer peer = peers.remove(session.socket);
    if (companions.remove(session.socket)) {
      logs.values().forEach(list -> list.remove(peer));
    }
    List<FileSession.Peer> listening = logs.remove(session.socket);
    if (listening != null) {
      listening.forEach(c -> {
        c.line("221 " + session.socket + " closed");
        c.close();
      });
    }
    if (session.room != null) {
      vertx.eventBus().send(Addresses.ROOMS_DISCONNECT, Disconnect.of(session.socket, session.client, session.room).toJson());
      if (members.merge(session.room, -1, Integer::sum) <= 0) {
        members.remove(session.room);
        Future<RoomFiles> f = files.get(session.room);
        if (f != null && f.succeeded() && !f.result().persistent()) {
          files.remove(session.room); // a transient room's files go with its last member, as the room does
        }
      }
    }
  }
}
