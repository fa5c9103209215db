package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.RawBytes;
import io.porthouse.testing.TcpTestClient;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.parsetools.RecordParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.porthouse.testing.WsTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One port for every protocol: the HTTP port recognises each connection from its first bytes
 * (HTTP and WebSocket, newline-delimited JSON, MQTT through Debian's mosquitto clients, and each
 * of them again inside TLS), with real clients of each in one room; and bad or slow first bytes
 * cost a bounded wait and a closed connection.
 */
class SharedPortTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static EmbeddedFixture porthouse;
  private static SelfSignedCertificate certificate;

  @BeforeAll
  static void start() {
    certificate = SelfSignedCertificate.create("localhost");
    porthouse = EmbeddedFixture.start(new JsonObject()
        .put("http", new JsonObject().put("tlsCertFile", certificate.certificatePath())
            .put("tlsKeyFile", certificate.privateKeyPath()))
        .put("session", new JsonObject().put("idleTimeoutSeconds", 3).put("pingSeconds", 1)));
  }

  @AfterAll
  static void stop() {
    if (porthouse != null) {
      porthouse.close();
    }
    if (certificate != null) {
      certificate.delete();
    }
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  private static String room(WsTestClient alice) {
    String room = "shared-" + UUID.randomUUID();
    assertThat(alice.request(op("create", room), "c").getString("op")).isEqualTo("created");
    assertThat(alice.request(op("join", room), "j").getString("op")).isEqualTo("joined");
    return room;
  }

  @Test
  void webSocketTcpMqttAndHttpMeetInOneRoomOnOnePort() {
    try (WsTestClient alice = porthouse.as("alice", "primary");
         // on the shared port the client speaks first: its first bytes say what it speaks
         TcpTestClient tcp = TcpTestClient.connectSpeakingFirst(porthouse.clientVertx(), porthouse.port(),
             new JsonObject().put("op", "auth").put("token", porthouse.tokens().token("bob")).put("ref", 1).encode())) {
      assertThat(tcp.next("authed").getString("client")).isEqualTo("bob");
      String room = room(alice);
      assertThat(tcp.request(op("join", room), 2).getString("op")).isEqualTo("joined");
      try (Mosquitto sub = Mosquitto.sub(porthouse.port(), false, porthouse.tokens().token("carol"), room)) {
        alice.request(op("send", room).put("data", "from ws"), "s");
        assertThat(tcp.next("msg").getString("data")).isEqualTo("from ws");
        assertThat(sub.nextPayload()).isEqualTo("from ws");

        Mosquitto.pub(porthouse.port(), false, porthouse.tokens().token("carol"), room, "from mqtt");
        assertThat(alice.next("msg").getString("data")).isEqualTo("from mqtt");
        assertThat(tcp.next("msg").getString("data")).isEqualTo("from mqtt");
        assertThat(sub.nextPayload()).isEqualTo("from mqtt");

        tcp.request(op("send", room).put("data", "from tcp"), 3);
        assertThat(alice.next("msg").getString("data")).isEqualTo("from tcp");
        assertThat(sub.nextPayload()).isEqualTo("from tcp");
      }
      assertThat(porthouse.getJson("/health").getString("status")).isEqualTo("UP");
    }
  }

  @Test
  void insideTlsTheSameRecognitionHttpsWebSocketTcpAndMqtt() {
    var vertx = porthouse.clientVertx();
    int port = porthouse.port();
    // HTTPS
    var https = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    String health = await(https.request(HttpMethod.GET, port, "localhost", "/health")
        .compose(r -> r.send()).compose(r -> r.body())).toString();
    assertThat(new JsonObject(health).getString("status")).isEqualTo("UP");
    // WebSocket over TLS: the welcome frame
    var wss = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    Promise<String> welcome = Promise.promise();
    // the handler set as the connection completes, on its event loop: before the welcome can arrive
    await(wss.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI("/ws").setSsl(true))
        .onSuccess(ws -> ws.textMessageHandler(welcome::tryComplete)));
    assertThat(new JsonObject(await(welcome.future())).getString("op")).isEqualTo("welcome");
    // newline JSON over TLS: the welcome line, then an answer
    var tls = vertx.createNetClient(new NetClientOptions().setSsl(true).setTrustAll(true).setHostnameVerificationAlgorithm(""));
    var socket = await(tls.connect(port, "localhost"));
    List<String> lines = new ArrayList<>();
    Promise<Void> two = Promise.promise();
    socket.handler(RecordParser.newDelimited("\n", line -> {
      lines.add(line.toString());
      if (lines.size() == 2) {
        two.tryComplete();
      }
    }));
    await(socket.write(Buffer.buffer("{\"op\":\"ping\",\"ref\":7}\n")));
    await(two.future());
    assertThat(new JsonObject(lines.get(0)).getString("op")).isEqualTo("welcome");
    assertThat(new JsonObject(lines.get(1)).getInteger("ref")).isEqualTo(7);
    socket.close();
    // MQTT over TLS with mosquitto, beside a WebSocket member
    try (WsTestClient alice = porthouse.as("alice", "primary")) {
      String room = room(alice);
      Mosquitto.pub(port, true, porthouse.tokens().token("dora"), room, "over tls");
      assertThat(alice.next("msg").getString("data")).isEqualTo("over tls");
    }
    await(Future.all(https.close(), wss.close(), tls.close()));
  }

  @Test
  void slowGarbageAndUnwantedFirstBytesAreClosedAndOthersUndisturbed() {
    try (WsTestClient alice = porthouse.as("alice", "primary")) {
      assertClosedAfter(new byte[0]); // silence: the read timeout (session.idleTimeoutSeconds here) or the 10 s to decide
      assertClosedAfter(new byte[] {'G', 'E'}); // half a method, then nothing
      assertClosedAfter(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5}); // a TLS record that is no handshake
      assertClosedAfter(new byte[] {0x10, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}); // an MQTT CONNECT of 256 MB
      assertThat(alice.request(new JsonObject().put("op", "ping"), "p").getString("op")).isEqualTo("pong");
    }
  }

  private static void assertClosedAfter(byte[] sent) {
    RawBytes.assertClosedAfter(porthouse.port(), sent, WAIT);
  }


  /** Debian's mosquitto clients against the shared port, plain or over TLS (the test's self-signed certificate). */
  private static final class Mosquitto implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private String topic;

    private Mosquitto(Process process) {
      this.process = process;
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static List<String> args(String tool, int port, boolean tls, String token, String topic) {
      // ended by timeout if the server never answers; a line at a time (stdbuf), read as it comes
      List<String> args = new ArrayList<>(List.of("timeout", Long.toString(WAIT.toSeconds()), "stdbuf", "-oL", tool, "-h", "localhost", "-p", Integer.toString(port),
          "-u", "any", "-P", token, "-t", topic, "-q", "1"));
      if (tls) {
        args.addAll(List.of("--cafile", certificate.certificatePath(), "--insecure"));
      }
      return args;
    }

    /** A subscriber, back once its subscription is acknowledged ({@code -d} prints the SUBACK). */
    static Mosquitto sub(int port, boolean tls, String token, String topic) {
      List<String> args = args("mosquitto_sub", port, tls, token, topic);
      args.addAll(List.of("-d", "-v")); // -v: a message is its topic, a space and its payload
      Mosquitto m = start(args);
      m.topic = topic;
      for (String line = m.line(); !line.contains("SUBACK"); line = m.line()) {
        // connect and subscribe lines
      }
      return m;
    }

    /** Publishes one QoS 1 message and waits for mosquitto_pub to end (after the PUBACK). */
    static void pub(int port, boolean tls, String token, String topic, String payload) {
      List<String> args = args("mosquitto_pub", port, tls, token, topic);
      args.addAll(List.of("-m", payload));
      Mosquitto m = start(args);
      try {
        String printed = new String(m.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(m.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(m.process.exitValue()).as(printed).isZero();
      } catch (IOException | InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    private static Mosquitto start(List<String> args) {
      try {
        return new Mosquitto(new ProcessBuilder(args).redirectErrorStream(true).start());
      } catch (IOException e) {
        throw new AssertionError("cannot start " + args.get(4) + " (Debian's mosquitto-clients; .ci/run installs it)", e);
      }
    }

    String nextPayload() {
      for (String line = line(); ; line = line()) {
        if (line.startsWith(topic + " ")) {
          return line.substring(topic.length() + 1);
        }
      }
    }

    /** The next line it prints (the process ends at the latest when the test's timeout kills it). */
    private String line() {
      try {
        String line = out.readLine();
        if (line == null) {
          throw new AssertionError("mosquitto ended");
        }
        return line;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() {
      process.destroy();
    }
  }
}
