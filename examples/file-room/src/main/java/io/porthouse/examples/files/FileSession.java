package io.porthouse.examples.files;

import io.vertx.core.buffer.Buffer;

import java.util.Locale;
import java.util.Map;

/**
 * One connection to a file room, whatever carries it (a TCP line stream, a WebSocket): text
 * commands answered FTP-style with a code, files in and out as bytes. {@code PUT name size} is
 * followed by exactly {@code size} bytes (raw on TCP, binary frames on a WebSocket); {@code GET}
 * answers {@code 150 <size> bytes}, the bytes, then {@code 226}. Every command and transfer is
 * told to the connection's log companions. Bad input gets a code and the connection stays usable,
 * until ten errors in a row close it.
 */
final class FileSession {

  /** How the session's answers reach the client. */
  interface Peer {
    void line(String line);

    void bytes(Buffer bytes);

    /** Stops reading the client while a file is read or written: commands wait in the socket, in order. */
    void pause();

    void resume();

    void close();
  }

  private static final int MAX_ERRORS_IN_A_ROW = 10;

  private final FileRoomVerticle rooms;
  private final Peer peer;
  final String socket;
  /** The client of its token, or {@code null} (anonymous). */
  String client;
  /** The room it is in, and its files, once open. */
  String room;
  private RoomFiles files;
  /** A PUT under way: its name, its size, what came of it. */
  private String putName;
  private int putSize;
  private Buffer putBytes;
  private int errorsInARow;

  FileSession(FileRoomVerticle rooms, Peer peer, String socket) {
    this.rooms = rooms;
    this.peer = peer;
    this.socket = socket;
  }

  /** The room was joined: commands may come. */
  void opened(String room, String client, RoomFiles files) {
    this.room = room;
    this.client = client;
    this.files = files;
    peer.line("220 " + socket + " in file room " + room + (files.persistent() ? " (kept on disk)" : " (kept in memory)")
        + ": LIST, GET name, PUT name size, DEL name, QUIT");
  }

  /** How many raw bytes the session waits for ({@code PUT}), 0 when it waits for a command line. */
  int awaiting() {
    return putName == null ? 0 : putSize - putBytes.length();
  }

  /** One command line. */
  void line(String text) {
    String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    if (putName != null) {
      abortPut("451 transfer aborted: a command came before the " + putSize + " bytes");
    }
    if (line.isBlank()) {
      return;
    }
    String[] words = line.trim().split(" +");
    String verb = words[0].toUpperCase(Locale.ROOT);
    if (room == null) {
      answer(line, "530 not in a room: OPEN room [token], or LOG socket token");
      return;
    }
    switch (verb) {
      case "LIST" -> list(line);
      case "GET" -> get(line, words);
      case "PUT" -> put(line, words);
      case "DEL" -> delete(line, words);
      case "NOOP" -> answer(line, "200 ok");
      case "QUIT" -> {
        answer(line, "221 bye");
        peer.close();
      }
      default -> answer(line, "500 unknown command '" + verb + "'");
    }
  }

  /** Bytes of a PUT under way; bytes when none is are an error. */
  void bytes(Buffer chunk) {
    if (putName == null) {
      answer("(" + chunk.length() + " bytes)", "503 bytes without a PUT: send PUT name size first");
      return;
    }
    if (putBytes.length() + chunk.length() > putSize) {
      abortPut("451 transfer aborted: more than the " + putSize + " bytes announced");
      return;
    }
    putBytes.appendBuffer(chunk);
    if (putBytes.length() < putSize) {
      return;
    }
    String name = putName;
    Buffer content = putBytes;
    putName = null;
    putBytes = null;
    working();
    files.write(name, content).onComplete(ar -> {
      if (ar.succeeded()) {
        errorsInARow = 0;
        peer.line("226 stored " + name + " " + content.length());
        rooms.log(this, "PUT " + name + " stored " + content.length() + " bytes");
      } else {
        fail("451 not stored: " + ar.cause().getMessage());
      }
      done(); // after the answer: the commands that waited run now, in order
    });
  }

  private void list(String line) {
    Map<String, Long> all = files.list();
    peer.line("150 " + all.size() + " files");
    all.forEach((name, size) -> peer.line(name + " " + size));
    answer(line, "226 listed");
  }

  private void get(String line, String[] words) {
    if (words.length != 2) {
      answer(line, "501 usage: GET name");
      return;
    }
    String name = words[1];
    Long size = RoomFiles.validName(name) ? files.size(name) : null;
    if (size == null) {
      answer(line, "550 no file '" + name + "'");
      return;
    }
    working();
    files.read(name).onComplete(ar -> {
      if (ar.failed() || ar.result() == null) {
        answer(line, "550 no file '" + name + "'");
      } else {
        peer.line("150 " + ar.result().length() + " bytes");
        peer.bytes(ar.result());
        answer(line, "226 sent " + name);
        rooms.log(this, "GET " + name + " sent " + ar.result().length() + " bytes");
      }
      done();
    });
  }

  private void put(String line, String[] words) {
    int size;
    try {
      size = words.length == 3 ? Integer.parseInt(words[2]) : -1;
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 0) {
      answer(line, "501 usage: PUT name size (size in bytes)");
    } else if (!RoomFiles.validName(words[1])) {
      answer(line, "553 bad name: 1 to 128 of A-Z a-z 0-9 . _ -, not starting with a dot");
    } else if (size > rooms.limits().maxFileBytes()) {
      answer(line, "552 too large: at most " + rooms.limits().maxFileBytes() + " bytes a file");
    } else if (files.size(words[1]) == null && files.count() >= rooms.limits().maxFiles()) {
      answer(line, "552 the room holds " + rooms.limits().maxFiles() + " files: DEL one first");
    } else {
      putName = words[1];
      putSize = size;
      putBytes = Buffer.buffer(); // grows as bytes come: announcing a size reserves nothing
      answer(line, "150 send " + size + " bytes");
      if (size == 0) {
        bytes(Buffer.buffer());
      }
    }
  }

  private void delete(String line, String[] words) {
    if (words.length != 2 || !RoomFiles.validName(words[1]) || files.size(words[1]) == null) {
      answer(line, words.length != 2 ? "501 usage: DEL name" : "550 no file '" + words[1] + "'");
      return;
    }
    working();
    files.delete(words[1]).onComplete(ar -> {
      answer(line, ar.succeeded() ? "250 deleted " + words[1] : "450 not deleted: " + ar.cause().getMessage());
      done();
    });
  }

  private void working() {
    peer.pause();
  }

  private void done() {
    peer.resume();
  }

  private void abortPut(String why) {
    putName = null;
    putBytes = null;
    fail(why);
  }

  /** Answers a command and tells the log companions: the command as sent, then its answer. */
  private void answer(String command, String reply) {
    if (reply.charAt(0) >= '4') {
      fail(reply);
    } else {
      errorsInARow = 0;
      peer.line(reply);
    }
    if (room != null) {
      rooms.log(this, command + " -> " + reply);
    }
  }

  private void fail(String reply) {
    peer.line(reply);
    if (++errorsInARow >= MAX_ERRORS_IN_A_ROW) {
      peer.line("421 " + MAX_ERRORS_IN_A_ROW + " errors in a row: closing");
      peer.close();
    }
  }
}
