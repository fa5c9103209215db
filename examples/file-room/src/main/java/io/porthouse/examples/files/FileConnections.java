package io.porthouse.examples.files;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How connections reach a file room: a TCP line stream (nc: {@code OPEN room [token]} or
 * {@code LOG socket token} first, a {@code PUT}'s bytes raw after its line, counted exactly) or a
 * WebSocket ({@code /files/{room}}, {@code /files/{room}/log?socket=…}: commands in text frames,
 * files in binary frames). Either is read no further while the session waits for the room or for
 * a file, so commands written ahead run in order.
 */
final class FileConnections {

  private static final int MAX_LINE = 4096;

  private final FileRoomVerticle rooms;

  FileConnections(FileRoomVerticle rooms) {
    this.rooms = rooms;
  }

  void tcp(NetSocket socket) {
    RecordParser parser = RecordParser.newDelimited("\n").maxRecordSize(MAX_LINE);
    FileSession.Peer peer = new FileSession.Peer() {
      @Override
      public void line(String line) {
        socket.write(line + "\r\n");
      }

      @Override
      public void bytes(Buffer bytes) {
        socket.write(bytes);
      }

      @Override
      public void pause() { // the lines already read wait in the parser, the rest in the socket
        parser.pause();
        socket.pause();
      }

      @Override
      public void resume() {
        socket.resume();
        parser.resume();
      }

      @Override
      public void close() {
        socket.close();
      }
    };
    FileSession session = rooms.session(peer);
    parser.handler(record -> {
      if (session.awaiting() > 0) { // the bytes of a PUT, counted exactly
        session.bytes(record);
        parser.delimitedMode("\n");
        return;
      }
      String line = record.toString();
      if (session.room == null && !rooms.isCompanion(session) && firstLine(session, peer, line)) {
        return;
      }
      session.line(line);
      if (session.awaiting() > 0) {
        parser.fixedSizeMode(session.awaiting());
      }
    });
    parser.exceptionHandler(e -> {
      socket.write("500 line over " + MAX_LINE + " bytes: closing\r\n");
      socket.close();
    });
    socket.handler(parser);
    socket.closeHandler(v -> rooms.closed(session));
    socket.write("220 " + session.socket + " file room: OPEN room [token], or LOG socket token\r\n");
  }

  /** {@code OPEN room [token]} or {@code LOG socket token}, as a TCP connection's first line; false if it is neither. */
  private boolean firstLine(FileSession session, FileSession.Peer peer, String line) {
    String[] w = line.trim().split(" +");
    String verb = w[0].toUpperCase(Locale.ROOT);
    Future<Void> opening;
    if (verb.equals("OPEN") && (w.length == 2 || w.length == 3)) {
      opening = rooms.open(session, w[1], w.length == 3 ? w[2] : null);
    } else if (verb.equals("LOG") && w.length == 3) {
      opening = rooms.attachLog(session, peer, w[1], w[2]);
    } else {
      return false;
    }
    peer.pause(); // what follows waits in the socket until the room is open (or refused)
    opening.onComplete(ar -> {
      if (ar.failed()) {
        peer.line("530 " + ar.cause().getMessage());
      }
      peer.resume();
    });
    return true;
  }

  void webSocket(ServerWebSocket ws) {
    String[] parts = ws.path().split("/");
    if (parts.length < 3 || !"files".equals(parts[1]) || parts.length > 4 || (parts.length == 4 && !"log".equals(parts[3]))) {
      ws.close((short) 1008, "paths: /files/{room}, /files/{room}/log?socket=…");
      return;
    }
    String token = param(ws, "token");
    FileSession.Peer peer = new FileSession.Peer() {
      @Override
      public void line(String line) {
        ws.writeTextMessage(line);
      }

      @Override
      public void bytes(Buffer bytes) {
        ws.writeBinaryMessage(bytes);
      }

      @Override
      public void pause() {
        ws.pause();
      }

      @Override
      public void resume() {
        ws.resume();
      }

      @Override
      public void close() {
        ws.close();
      }
    };
    FileSession session = rooms.session(peer);
    ws.pause(); // nothing is read before the room is open
    ws.closeHandler(v -> rooms.closed(session));
    ws.textMessageHandler(session::line);
    ws.binaryMessageHandler(session::bytes);
    Future<?> ready = parts.length == 4 ? rooms.attachLog(session, peer, param(ws, "socket"), token)
        : rooms.open(session, URLDecoder.decode(parts[2], StandardCharsets.UTF_8), token);
    ready.onComplete(ar -> {
      if (ar.failed()) {
        peer.line("530 " + ar.cause().getMessage());
        ws.close((short) 1008, "refused");
      } else {
        ws.resume();
      }
    });
  }

  private static String param(ServerWebSocket ws, String name) {
    String query = ws.query();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
