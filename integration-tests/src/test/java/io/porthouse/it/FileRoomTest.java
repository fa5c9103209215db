package io.porthouse.it;

import io.porthouse.examples.files.FileRoomVerticle;
import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.porthouse.testing.WsTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FTP-style file room of {@code examples/file-room}, deployed beside an embedded Porthouse as
 * an outside developer would: WebSocket and nc-style TCP members of one room put, list, get and
 * delete files; a log companion hears each step; the room's rules decide who is in and where the
 * files are kept; bad commands and bytes are answered and bounded.
 */
class FileRoomTest {

  private static EmbeddedFixture porthouse;
  private static FileRoomVerticle files;
  private static Path dataDir;
  private static WebSocketClient wsClient;

  @BeforeAll
  static void start() throws IOException {
    dataDir = Files.createTempDirectory("file-room");
    porthouse = EmbeddedFixture.start(new JsonObject());
    files = new FileRoomVerticle();
    await(porthouse.porthouse().vertx().deployVerticle(files, new DeploymentOptions().setConfig(new JsonObject()
        .put("tcpPort", 0).put("httpPort", 0).put("dataDir", dataDir.toString()).put("maxFileBytes", 1024)
        .put("maxFiles", 3))));
    wsClient = porthouse.clientVertx().createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    if (porthouse != null) {
      porthouse.close();
    }
  }

  /** A room created by alice (role primary, or owner for persistent rules), with {@code rules}. */
  private static String room(JsonObject rules, String... roles) {
    String room = "files-" + UUID.randomUUID();
    try (WsTestClient alice = porthouse.as("alice", roles.length == 0 ? new String[] {"primary"} : roles)) {
      JsonObject create = new JsonObject().put("op", "create").put("room", room);
      if (rules != null) {
        create.put("rules", rules);
      }
      assertThat(alice.request(create, "c").getString("op")).isEqualTo("created");
    }
    return room;
  }

  /** A WebSocket to the file room: text answers and binary files, in the order they came. */
  private static final class FileWs implements AutoCloseable {
    final BlockingQueue<Object> in = new LinkedBlockingQueue<>();
    final WebSocket ws;

    FileWs(String uri) {
      ws = await(wsClient.connect(new WebSocketConnectOptions().setPort(files.httpPort()).setHost("127.0.0.1").setURI(uri))
          .onSuccess(w -> {
            w.textMessageHandler(in::add);
            w.binaryMessageHandler(in::add);
            w.closeHandler(v -> in.add("(closed)"));
          }));
    }

    Object next() {
      try {
        Object o = in.poll(10, TimeUnit.SECONDS);
        if (o == null) {
          throw new AssertionError("nothing within 10 s");
        }
        return o;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    String line() {
      Object o = next();
      assertThat(o).isInstanceOf(String.class);
      return (String) o;
    }

    String command(String line) {
      await(ws.writeTextMessage(line));
      return line();
    }

    @Override
    public void close() {
      ws.close();
    }
  }

  @Test
  void aWebSocketMemberPutsListsGetsAndDeletesAndItsLogCompanionHearsEachStep() {
    String room = room(null);
    String token = porthouse.tokens().token("bob");
    try (FileWs bob = new FileWs("/files/" + room + "?token=" + token)) {
      String hello = bob.line();
      assertThat(hello).startsWith("220 ").contains(room).contains("memory");
      String socket = hello.split(" ")[1];
      try (FileWs log = new FileWs("/files/" + room + "/log?socket=" + socket + "&token=" + token)) {
        assertThat(log.line()).isEqualTo("220 logging " + socket + " in " + room);

        assertThat(bob.command("PUT hello.txt 5")).isEqualTo("150 send 5 bytes");
        await(bob.ws.writeBinaryMessage(Buffer.buffer("hel")));
        await(bob.ws.writeBinaryMessage(Buffer.buffer("lo")));
        assertThat(bob.line()).isEqualTo("226 stored hello.txt 5");
        assertThat(bob.command("LIST")).isEqualTo("150 1 files");
        assertThat(bob.line()).isEqualTo("hello.txt 5");
        assertThat(bob.line()).isEqualTo("226 listed");
        assertThat(bob.command("GET hello.txt")).isEqualTo("150 5 bytes");
        assertThat(bob.next()).isEqualTo(Buffer.buffer("hello"));
        assertThat(bob.line()).isEqualTo("226 sent hello.txt");
        assertThat(bob.command("DEL hello.txt")).isEqualTo("250 deleted hello.txt");
        assertThat(bob.command("GET hello.txt")).startsWith("550 ");

        assertThat(log.line()).endsWith(socket + " PUT hello.txt 5 -> 150 send 5 bytes");
        assertThat(log.line()).endsWith(socket + " PUT hello.txt stored 5 bytes");
        assertThat(log.line()).endsWith(socket + " LIST -> 226 listed");
        assertThat(log.line()).endsWith(socket + " GET hello.txt -> 226 sent hello.txt");
        assertThat(log.line()).endsWith(socket + " GET hello.txt sent 5 bytes");
        assertThat(log.line()).endsWith(socket + " DEL hello.txt -> 250 deleted hello.txt");
        assertThat(log.line()).contains(socket + " GET hello.txt -> 550 ");
      }
      // another client cannot listen in
      try (FileWs eve = new FileWs("/files/" + room + "/log?socket=" + socket + "&token=" + porthouse.tokens().token("eve"))) {
        assertThat(eve.line()).startsWith("530 ");
      }
    }
  }

  @Test
  void anNcStyleTcpMemberPutsRawBytesThatAWebSocketMemberGets() throws IOException {
    String room = room(null);
    String token = porthouse.tokens().token("carol");
    byte[] content = {'a', '\n', (byte) 0xff, 0, '\r', '\n', 'z'}; // newlines and non-UTF-8 inside: raw
    try (Socket tcp = new Socket("127.0.0.1", files.tcpPort()); FileWs ws = new FileWs("/files/" + room + "?token=" + token)) {
      tcp.setSoTimeout(10_000);
      InputStream in = tcp.getInputStream();
      OutputStream out = tcp.getOutputStream();
      assertThat(line(in)).startsWith("220 ").contains("OPEN room");
      out.write(("OPEN " + room + " " + token + "\n").getBytes(StandardCharsets.UTF_8));
      assertThat(line(in)).startsWith("220 ").contains(room);
      out.write(("PUT raw.bin " + content.length + "\n").getBytes(StandardCharsets.UTF_8));
      out.write(content);
      out.write("NOOP\n".getBytes(StandardCharsets.UTF_8));
      assertThat(line(in)).isEqualTo("150 send 7 bytes");
      assertThat(line(in)).isEqualTo("226 stored raw.bin 7");
      assertThat(line(in)).isEqualTo("200 ok");

      assertThat(ws.line()).startsWith("220 ");
      assertThat(ws.command("GET raw.bin")).isEqualTo("150 7 bytes");
      assertThat(ws.next()).isEqualTo(Buffer.buffer(content));
      assertThat(ws.line()).isEqualTo("226 sent raw.bin");

      out.write("GET raw.bin\n".getBytes(StandardCharsets.UTF_8));
      assertThat(line(in)).isEqualTo("150 7 bytes");
      assertThat(in.readNBytes(content.length)).isEqualTo(content);
      assertThat(line(in)).isEqualTo("226 sent raw.bin");
      out.write("QUIT\n".getBytes(StandardCharsets.UTF_8));
      assertThat(line(in)).isEqualTo("221 bye");
    }
  }

  /** A script piped into nc: every line written at once, behind an OPEN and a PUT that take their time (disk). */
  @Test
  void commandsWrittenAllAtOnceAreAnsweredInOrder() throws IOException {
    String room = room(new JsonObject().put("persistent", true), "owner");
    String token = porthouse.tokens().token("gina");
    try (Socket tcp = new Socket("127.0.0.1", files.tcpPort())) {
      tcp.setSoTimeout(10_000);
      InputStream in = tcp.getInputStream();
      tcp.getOutputStream().write(("OPEN " + room + " " + token + "\nPUT todo.txt 12\nhello there\nLIST\nGET todo.txt\n"
          + "DEL todo.txt\nQUIT\n").getBytes(StandardCharsets.UTF_8));
      assertThat(line(in)).startsWith("220 ").contains("OPEN room");
      assertThat(line(in)).startsWith("220 ").contains("disk");
      assertThat(line(in)).isEqualTo("150 send 12 bytes");
      assertThat(line(in)).isEqualTo("226 stored todo.txt 12");
      assertThat(line(in)).isEqualTo("150 1 files");
      assertThat(line(in)).isEqualTo("todo.txt 12");
      assertThat(line(in)).isEqualTo("226 listed");
      assertThat(line(in)).isEqualTo("150 12 bytes");
      assertThat(line(in)).isEqualTo("hello there");
      assertThat(line(in)).isEqualTo("226 sent todo.txt");
      assertThat(line(in)).isEqualTo("250 deleted todo.txt");
      assertThat(line(in)).isEqualTo("221 bye");
    }
  }

  @Test
  void boundsAreAnsweredAndTheConnectionStaysUsableUntilTooManyErrors() {
    String room = room(null);
    try (FileWs ws = new FileWs("/files/" + room + "?token=" + porthouse.tokens().token("dan"))) {
      assertThat(ws.line()).startsWith("220 ");
      assertThat(ws.command("PUT big.bin 1025")).startsWith("552 too large");
      assertThat(ws.command("PUT ../etc/passwd 3")).startsWith("553 bad name");
      assertThat(ws.command("PUT .hidden 3")).startsWith("553 bad name");
      await(ws.ws.writeBinaryMessage(Buffer.buffer("stray")));
      assertThat(ws.line()).startsWith("503 ");
      assertThat(ws.command("PUT a 2")).isEqualTo("150 send 2 bytes");
      await(ws.ws.writeBinaryMessage(Buffer.buffer("abc")));
      assertThat(ws.line()).startsWith("451 transfer aborted: more than");
      assertThat(ws.command("LIST")).isEqualTo("150 0 files"); // nothing half-stored
      ws.line();
      for (String name : new String[] {"a", "b", "c"}) {
        ws.command("PUT " + name + " 1");
        await(ws.ws.writeBinaryMessage(Buffer.buffer("x")));
        assertThat(ws.line()).isEqualTo("226 stored " + name + " 1");
      }
      assertThat(ws.command("PUT d 1")).startsWith("552 the room holds 3 files");
      assertThat(ws.command("NOOP")).isEqualTo("200 ok");
      for (int i = 0; i < 9; i++) {
        assertThat(ws.command("FROB " + i)).startsWith("500 ");
      }
      assertThat(ws.command("FROB 9")).startsWith("500 ");
      assertThat(ws.line()).startsWith("421 ");
      assertThat(ws.next()).isEqualTo("(closed)");
    }
  }

  @Test
  void theRoomsRulesDecideWhoIsInAndWhereTheFilesAreKept() throws IOException {
    String staffOnly = room(new JsonObject().put("roles", new JsonArray().add("staff")));
    try (FileWs outsider = new FileWs("/files/" + staffOnly + "?token=" + porthouse.tokens().token("eve"))) {
      assertThat(outsider.line()).startsWith("530 ");
      assertThat(outsider.next()).isEqualTo("(closed)");
    }
    String kept = room(new JsonObject().put("persistent", true), "owner");
    try (FileWs ws = new FileWs("/files/" + kept + "?token=" + porthouse.tokens().token("frank"))) {
      assertThat(ws.line()).startsWith("220 ").contains("disk");
      ws.command("PUT notes.txt 4");
      await(ws.ws.writeBinaryMessage(Buffer.buffer("keep")));
      assertThat(ws.line()).isEqualTo("226 stored notes.txt 4");
    }
    Path file = dataDir.resolve("files").resolve(HexFormat.of().formatHex(kept.getBytes(StandardCharsets.UTF_8)))
        .resolve("notes.txt");
    assertThat(Files.readString(file)).isEqualTo("keep");
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new AssertionError("closed after '" + line + "'");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
