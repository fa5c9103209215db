package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.Ports;
import io.porthouse.testing.RawBytes;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 and 5 with Debian's {@code mosquitto-clients} as the real clients ({@code .ci/run}
 * installs them when missing), beside WebSocket members of the same rooms: topics are rooms, the
 * CONNECT password is the token, and what Porthouse does not do is refused, never pretended.
 */
class MqttIngressTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    requireMosquitto();
    porthouse = EmbeddedFixture.start(new JsonObject()
        .put("mqtt", new JsonObject().put("port", Ports.freePort()).put("connectTimeoutSeconds", 2))
        .put("session", new JsonObject().put("maxMessageBytes", 4096).put("ratePerSecond", 200).put("rateBurst", 200)));
  }

  @AfterAll
  static void stop() {
    if (porthouse != null) {
      porthouse.close();
    }
  }

  private static void requireMosquitto() {
    for (String tool : List.of("mosquitto_pub", "mosquitto_sub")) {
      boolean found = List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
      if (!found) {
        throw new AssertionError(tool + " is not on the PATH: install Debian's mosquitto-clients (.ci/run does)");
      }
    }
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  /** A room alice created and joined over WebSocket, with {@code rules}. */
  private static String room(WsTestClient alice, JsonObject rules) {
    String room = "mqtt/" + UUID.randomUUID();
    JsonObject create = op("create", room);
    if (rules != null) {
      create.put("rules", rules);
    }
    assertThat(alice.request(create, "c").getString("op")).isEqualTo("created");
    assertThat(alice.request(op("join", room), "j").getString("op")).isEqualTo("joined");
    return room;
  }

  private static List<String> connectArgs(String tool, String version, String token) {
    List<String> args = new ArrayList<>(List.of(tool, "-h", "127.0.0.1", "-p", Integer.toString(porthouse.mqttPort()),
        "-V", version));
    if (token != null) {
      args.addAll(List.of("-u", "mqtt-user", "-P", token));
    }
    return args;
  }

  /** Runs {@code mosquitto_pub} to its end: its exit code and everything it printed. */
  private static Result pub(String version, String token, String topic, String... more) {
    List<String> args = new ArrayList<>(List.of("timeout", Long.toString(WAIT.toSeconds()))); // if never answered
    args.addAll(connectArgs("mosquitto_pub", version, token));
    args.addAll(List.of("-t", topic, "-d"));
    args.addAll(List.of(more));
    try {
      Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("mosquitto_pub ended").isTrue();
      return new Result(p.exitValue(), out);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private record Result(int exit, String output) {
  }

  /** A running {@code mosquitto_sub}: its payload lines ({@code -v}: topic, space, payload) and its debug lines. */
  private static final class Sub implements AutoCloseable {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Sub(String version, String token, String... topics) {
      List<String> args = new ArrayList<>(List.of("stdbuf", "-oL")); // a line at a time, not a block: it is read as it comes
      args.addAll(connectArgs("mosquitto_sub", version, token));
      for (String t : topics) {
        args.addAll(List.of("-t", t));
      }
      args.addAll(List.of("-v", "-d"));
      try {
        process = new ProcessBuilder(args).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException ended) {
          // the process ended
        }
      }, "mosquitto_sub reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** The next line that starts with {@code prefix}. */
    String next(String prefix) {
      long end = System.nanoTime() + WAIT.toNanos();
      try {
        for (String line; (line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
          if (line.startsWith(prefix)) {
            return line;
          }
        }
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      throw new AssertionError("mosquitto_sub printed no line starting '" + prefix + "' within " + WAIT);
    }

    Sub subscribed() {
      next("Client ");
      String line;
      do {
        line = next("Client ");
      } while (!line.contains("SUBACK"));
      return this;
    }

    @Override
    public void close() {
      process.destroy();
    }
  }

  @Test
  void mosquittoClientsOfBothVersionsAndAWebSocketMemberShareARoom() {
    try (WsTestClient alice = porthouse.as("alice", "primary")) {
      String room = room(alice, null);
      String bob = porthouse.tokens().token("bob");
      try (Sub v311 = new Sub("mqttv311", bob, room).subscribed(); Sub v5 = new Sub("mqttv5", bob, room).subscribed()) {
        assertThat(pub("mqttv311", bob, room, "-m", "hello").exit()).isZero();
        Result q1 = pub("mqttv5", bob, room, "-q", "1", "-m", "{\"t\":1}");
        assertThat(q1.exit()).isZero();
        assertThat(q1.output()).contains("received PUBACK (Mid: 1, RC:0)");

        // text that is not JSON reaches WebSocket members as a JSON string, JSON as itself; posted as bob
        JsonObject first = alice.next("msg");
        assertThat(first.getString("data")).isEqualTo("hello");
        assertThat(first.getString("client")).isEqualTo("bob");
        assertThat(first.getString("from")).isNull();
        JsonObject second = alice.next("msg");
        assertThat(second.getJsonObject("data")).isEqualTo(new JsonObject().put("t", 1));
        assertThat(second.getLong("seq")).isEqualTo(first.getLong("seq") + 1);

        alice.request(op("send", room).put("data", "from ws"), "s");
        alice.request(op("send", room).put("data", new JsonObject().put("n", 2)), "s2");
        for (Sub sub : List.of(v311, v5)) {
          assertThat(sub.next(room)).isEqualTo(room + " hello");
          assertThat(sub.next(room)).isEqualTo(room + " {\"t\":1}");
          assertThat(sub.next(room)).isEqualTo(room + " from ws");
          assertThat(sub.next(room)).isEqualTo(room + " {\"n\":2}");
        }
      }
    }
  }

  @Test
  void aPublisherTheRoomRefusesHearsSoAndNothingIsSent() {
    try (WsTestClient alice = porthouse.as("alice", "primary")) {
      String room = room(alice, new JsonObject().put("send", "owner"));
      String bob = porthouse.tokens().token("bob");
      Result v5 = pub("mqttv5", bob, room, "-q", "1", "-m", "not allowed");
      assertThat(v5.output()).contains("Not authorized");
      Result v311 = pub("mqttv311", bob, room, "-q", "1", "-m", "not allowed either");
      assertThat(v311.exit()).isNotZero(); // 3.1.1 has no refusal in PUBACK: the connection is closed
      assertThat(v311.output()).doesNotContain("received PUBACK");
      pub("mqttv311", bob, room, "-m", "nor at QoS 0");
      pub("mqttv311", null, room, "-q", "1", "-m", "anonymous");

      JsonObject fence = alice.request(op("send", room).put("data", "fence"), "f");
      assertThat(fence.getLong("seq")).isEqualTo(1); // none of them was sequenced
      assertThat(alice.pending()).noneMatch(f -> "msg".equals(f.getString("op")) && !"fence".equals(f.getString("data")));
    }
  }

  @Test
  void aBadTokenIsRefusedAtConnect() {
    Result v5 = pub("mqttv5", "not.a.token", "anything", "-m", "x");
    assertThat(v5.exit()).isNotZero();
    assertThat(v5.output()).contains("Not authorized").doesNotContain("sending PUBLISH");
    Result v311 = pub("mqttv311", "not.a.token", "anything", "-m", "x");
    assertThat(v311.output()).contains("bad user name or password");
  }

  @Test
  void whatPorthouseDoesNotDoIsRefusedNotPretended() {
    try (WsTestClient alice = porthouse.as("alice", "primary")) {
      String room = room(alice, null);
      String bob = porthouse.tokens().token("bob");
      for (String version : List.of("mqttv5", "mqttv311")) {
        try (Sub wildcard = new Sub(version, bob, "mqtt/#")) {
          assertThat(wildcard.next("All subscription requests were denied")).isNotNull();
        }
      }
      assertThat(pub("mqttv5", bob, room, "-q", "2", "-m", "exactly once").output()).doesNotContain("PUBREC");
      assertThat(pub("mqttv311", bob, room, "-r", "-q", "1", "-m", "retained").output()).doesNotContain("received PUBACK");
      JsonObject fence = alice.request(op("send", room).put("data", "fence"), "f");
      assertThat(fence.getLong("seq")).as(alice.pending().toString()).isEqualTo(1);

      // an MQTT 5 client reads CONNACK's "retain available: 0" and publishes without the flag
      Result v5 = pub("mqttv5", bob, room, "-r", "-m", "was retained");
      assertThat(v5.output()).contains("sending PUBLISH (d0, q0, r0");
      assertThat(alice.next("msg").getString("data")).isEqualTo("was retained");
    }
  }

  @Test
  void binaryPayloadsReachWebSocketMembersAsBase64() {
    try (WsTestClient alice = porthouse.as("alice", "primary")) {
      String room = room(alice, null);
      byte[] bytes = {(byte) 0xff, 0, (byte) 0xfe, 1};
      Path file;
      try {
        file = Files.createTempFile("mqtt", ".bin");
        Files.write(file, bytes);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      Result r = pub("mqttv5", porthouse.tokens().token("bob"), room, "-q", "1", "-f", file.toString());
      assertThat(r.output()).contains("RC:0");
      JsonObject msg = alice.next("msg");
      assertThat(Base64.getDecoder().decode(msg.getString("binary"))).isEqualTo(bytes);
    }
  }

  /** What a hostile client's raw bytes get: the connection closed, soon, and nobody else disturbed. */
  @Test
  void silenceGarbageAndOversizedPacketsCloseTheirConnectionOnly() {
    try (WsTestClient alice = porthouse.as("alice", "primary")) {
      String room = room(alice, null);
      String bob = porthouse.tokens().token("bob");
      try (Sub watcher = new Sub("mqttv311", bob, room).subscribed()) {
        assertClosedAfter(new byte[0]); // no CONNECT: closed after mqtt.connectTimeoutSeconds
        assertClosedAfter("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        // a PUBLISH before any CONNECT
        assertClosedAfter(new byte[] {0x30, 0x05, 0x00, 0x01, 'a', 'h', 'i'});
        // a CONNECT announcing 200 MB
        assertClosedAfter(new byte[] {0x10, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x60});
        // a PUBLISH over the size limit from a connected client
        Result big = pub("mqttv311", bob, room, "-q", "1", "-m", "x".repeat(20_000));
        assertThat(big.output()).doesNotContain("received PUBACK");

        assertThat(pub("mqttv311", bob, room, "-m", "still here").exit()).isZero();
        assertThat(watcher.next(room)).isEqualTo(room + " still here");
      }
    }
  }

  private static void assertClosedAfter(byte[] sent) {
    RawBytes.assertClosedAfter(porthouse.mqttPort(), sent, WAIT);
  }


  /**
   * A hostile MQTT 5 client writes 3,000 QoS 1 publishes at once, over its rate: the server reads
   * them as fast as it answers them (at most {@code session.maxInFlight} in flight), answers every
   * one, in the order sent, and each answer is true: the room has exactly the acknowledged ones.
   */
  @Test
  void aFloodOfQos1PublishesIsAnsweredEveryOneInOrderAndEachAnswerIsTrue() throws IOException {
    try (WsTestClient alice = porthouse.as("alice", "primary")) {
      String room = room(alice, null);
      int n = 3000;
      try (Socket s = new Socket("127.0.0.1", porthouse.mqttPort())) {
        s.setSoTimeout((int) WAIT.toMillis());
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        out.write(RawMqtt.connectV5(porthouse.tokens().token("bob")));
        assertThat(in.readUnsignedByte()).as("CONNACK").isEqualTo(0x20);
        byte[] connack = in.readNBytes(RawMqtt.remainingLength(in));
        assertThat(connack[1]).as("CONNACK reason").isEqualTo((byte) 0);
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int id = 1; id <= n; id++) {
          flood.write(RawMqtt.publishQos1V5(room, id, "{\"n\":" + id + "}"));
        }
        out.write(flood.toByteArray());
        out.flush();
        int accepted = 0;
        int refused = 0;
        for (int expected = 1; expected <= n; expected++) {
          assertThat(in.readUnsignedByte()).as("PUBACK").isEqualTo(0x40);
          byte[] ack = in.readNBytes(RawMqtt.remainingLength(in));
          assertThat(((ack[0] & 0xff) << 8) | (ack[1] & 0xff)).as("answered in the order sent").isEqualTo(expected);
          int reason = ack.length > 2 ? ack[2] & 0xff : 0;
          if (reason == 0) {
            accepted++;
          } else {
            assertThat(reason).as("refused over the rate: quota exceeded").isEqualTo(0x97);
            refused++;
          }
        }
        assertThat(accepted).isPositive();
        assertThat(refused).as("3,000 at once is over 200/s").isPositive();
        assertThat(alice.request(new JsonObject().put("op", "ping"), "p").getString("op")).isEqualTo("pong");
        JsonObject fence = alice.request(op("send", room).put("data", "fence"), "f");
        assertThat(fence.getLong("seq")).as("the room has exactly the acknowledged ones").isEqualTo(accepted + 1L);
      }
    }
  }

  /** MQTT 5 packets written by hand, as a hostile client would write them. */
  private static final class RawMqtt {
    static byte[] connectV5(String token) throws IOException {
      ByteArrayOutputStream v = new ByteArrayOutputStream();
      v.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, (byte) 0xC2, 0, 60, 0}); // level 5, user + password + clean start, 60 s, no properties
      string(v, "");
      string(v, "u");
      string(v, token);
      return packet(0x10, v.toByteArray());
    }

    static byte[] publishQos1V5(String topic, int id, String payload) throws IOException {
      ByteArrayOutputStream v = new ByteArrayOutputStream();
      string(v, topic);
      v.write(new byte[] {(byte) (id >> 8), (byte) id, 0}); // packet id, no properties
      v.write(payload.getBytes(StandardCharsets.UTF_8));
      return packet(0x32, v.toByteArray());
    }

    static int remainingLength(DataInputStream in) throws IOException {
      int value = 0;
      for (int shift = 0; ; shift += 7) {
        int b = in.readUnsignedByte();
        value |= (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
    }

    private static void string(ByteArrayOutputStream out, String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.write(new byte[] {(byte) (b.length >> 8), (byte) b.length});
      out.write(b);
    }

    private static byte[] packet(int type, byte[] body) throws IOException {
      ByteArrayOutputStream p = new ByteArrayOutputStream();
      p.write(type);
      for (int left = body.length; ; ) {
        int digit = left & 0x7f;
        left >>>= 7;
        p.write(left == 0 ? digit : digit | 0x80);
        if (left == 0) {
          break;
        }
      }
      p.write(body);
      return p.toByteArray();
    }
  }

  @Test
  void anExpiredTokenClosesTheConnectionRatherThanSilentlyStoppingDeliveries() {
    try (WsTestClient alice = porthouse.as("alice", "primary")) {
      String room = room(alice, null);
      String shortLived = porthouse.tokens().shortToken(2, "bob");
      try (Sub sub = new Sub("mqttv5", shortLived, room).subscribed()) {
        Eventually.until("the subscriber's connection is closed at its token's expiry", WAIT, () -> !sub.process.isAlive());
      }
    }
  }
}
