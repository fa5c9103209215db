package io.porthouse.it;

import io.porthouse.testing.Eventually;
import io.porthouse.testing.LauncherProcess;
import io.porthouse.testing.Ports;
import io.porthouse.testing.Posts.Answer;
import io.porthouse.testing.Posts;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Built-in accounts end to end, on a real launcher JVM: {@code bin/porthouse user add} (password
 * on stdin), {@code POST /auth/login}, TOTP enrolment and rule {@code otp} with codes computed
 * here (RFC 6238), as an authenticator app would.
 */
class AccountsTest {

  private static final Duration START = Duration.ofSeconds(90);
  private static Vertx clients;

  @TempDir
  Path work;

  @BeforeAll
  static void clients() {
    clients = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    WsTestClient.await(clients.close());
  }

  @Test
  void anAccountLogsInEnrolsForOneTimeCodesAndEntersAnOtpRoomOnlyWithARightCode() throws Exception {
    int port = Ports.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("PORTHOUSE_DATA_DIR", work.resolve("data").toString());
    env.put("PORTHOUSE_HTTP_PORT", String.valueOf(port));
    env.put("PORTHOUSE_TCP_PORT", "0");
    env.put("PORTHOUSE_MQTT_PORT", "0");
    env.put("PORTHOUSE_ROOMS_PASSWORD_ITERATIONS", "100000");
    assertThat(LauncherProcess.runWithInput(env, "hunter2 but longer\n", "user", "add", "alice", "--roles", "primary"))
        .contains("account 'alice' added");
    try (LauncherProcess node = LauncherProcess.start("accounts", env, work)) {
      node.awaitLog("porthouse started", START);
      assertThat(login(port, "alice", "wrong").status()).isEqualTo(401);
      assertThat(login(port, "alice", "hunter2 but longer").status()).as("a second too soon after a failure").isEqualTo(429);
      assertThat(login(port, "nobody", "x").status()).isEqualTo(401);
      assertThat(Posts.http(port, "POST", "/auth/login", "{\"user\":\"alice\"}", null).status()).isEqualTo(400);
      Answer[] ok = new Answer[1];
      Eventually.until("alice logs in once the wait after the failure is over", Duration.ofSeconds(10),
          () -> (ok[0] = login(port, "alice", "hunter2 but longer")).status() == 200);
      String token = ok[0].json().getString("token");
      assertThat(ok[0].json().getLong("expiresIn")).isPositive();

      // an MQTT client logs in with the account's name and password in its CONNECT (the shared port)
      String mqtt = mosquittoPub(port, "alice", "hunter2 but longer", "lobby", "{\"via\":\"mqtt\"}");
      assertThat(mqtt).as(mqtt).contains("received CONNACK (0)").contains("received PUBACK (Mid: 1, RC:0)");

      String password = new JsonObject().put("password", "hunter2 but longer").encode();
      assertThat(Posts.http(port, "POST", "/auth/otp/enroll", null, token).status()).as("a token alone does not enrol")
          .isEqualTo(415);
      assertThat(Posts.http(port, "POST", "/auth/otp/enroll", "{}", token).status()).isEqualTo(400);
      assertThat(Posts.http(port, "POST", "/auth/otp/enroll", new JsonObject().put("password", "guess").encode(), token).status())
          .as("a token and a wrong password").isEqualTo(401);
      Answer[] enrolledOnce = new Answer[1];
      Eventually.until("alice enrols with her password once the wait after the wrong one is over", Duration.ofSeconds(10),
          () -> (enrolledOnce[0] = Posts.http(port, "POST", "/auth/otp/enroll", password, token)).status() == 200);
      URI uri = URI.create(enrolledOnce[0].json().getString("uri"));
      assertThat(uri.getScheme()).isEqualTo("otpauth");
      String secret = query(uri).get("secret");
      assertThat(Posts.http(port, "POST", "/auth/otp/enroll", password, null).status()).isEqualTo(401);
      Answer replace = Posts.http(port, "POST", "/auth/otp/enroll", password, token);
      assertThat(replace.status()).as("replacing an enrolment needs a current code: " + replace.body()).isEqualTo(403);

      String bobToken = LauncherProcess.run(env, "token", "--sub", "bob", "--roles", "primary", "--ttl", "10m");
      String carolToken = LauncherProcess.run(env, "token", "--sub", "carol", "--ttl", "10m");
      assertThat(Posts.http(port, "POST", "/auth/otp/enroll", password, carolToken).status())
          .as("carol is not a built-in account").isEqualTo(404);
      try (WsTestClient alice = WsTestClient.connectWithToken(clients, port, token);
           WsTestClient bob = WsTestClient.connectWithToken(clients, port, bobToken);
           WsTestClient carol = WsTestClient.connectWithToken(clients, port, carolToken)) {
        assertThat(alice.welcome().getString("client")).isEqualTo("alice");
        String room = "otp-" + UUID.randomUUID();
        assertThat(bob.request(new JsonObject().put("op", "create").put("room", room)
            .put("rules", new JsonObject().put("otp", true)), 1).getString("op")).isEqualTo("created");
        JsonObject join = new JsonObject().put("op", "join").put("room", room);
        assertThat(bob.request(join, 2).getString("op")).as("the room's creator passes").isEqualTo("joined");
        assertThat(alice.request(join, 1).getString("code")).as("no code").isEqualTo("forbidden");
        assertThat(carol.request(join.copy().put("otp", "123456"), 1).getString("code"))
            .as("carol has no enrolled authenticator").isEqualTo("forbidden");
        String code = totp(secret, System.currentTimeMillis() / 1000 / 30);
        String wrong = String.format("%06d", (Integer.parseInt(code) + 500_000) % 1_000_000);
        assertThat(alice.request(join.copy().put("otp", wrong), 2).getString("code")).isEqualTo("forbidden");
        int[] ref = {10};
        String[] used = new String[1];
        Eventually.until("alice joins with a right code once the wait after the wrong one is over", Duration.ofSeconds(10),
            () -> "joined".equals(alice.request(join.copy().put("otp", used[0] = currentCode(secret)), ref[0]++).getString("op")));
        bob.request(new JsonObject().put("op", "send").put("room", room).put("data", "two factors"), 3);
        assertThat(alice.next("msg").getString("data")).isEqualTo("two factors");
        long step = System.currentTimeMillis() / 1000 / 30;
        try (WsTestClient replay = WsTestClient.connectWithToken(clients, port, token)) {
          JsonObject again = replay.request(join.copy().put("otp", used[0]), 1);
          assertThat(again.getString("code")).as("a code is taken once").isEqualTo("forbidden");
          if (System.currentTimeMillis() / 1000 / 30 == step) { // (in the next step it is refused as expired)
            assertThat(again.getString("message")).contains("used already");
          }
        }
      }
      // a wrong password in an MQTT CONNECT is refused there, and counts as a failed login
      String refused = mosquittoPub(port, "alice", "not her password", "lobby", "{}");
      assertThat(refused).as(refused).contains("Not authorized").doesNotContain("sending PUBLISH");
      assertThat(login(port, "alice", "hunter2 but longer").status()).as("a second too soon after a failure").isEqualTo(429);
      assertThat(node.terminate()).isIn(0, 143);
    }
  }

  private static String currentCode(String secret) {
    try {
      return totp(secret, System.currentTimeMillis() / 1000 / 30);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Answer login(int port, String user, String password) {
    return Posts.http(port, "POST", "/auth/login", new JsonObject().put("user", user).put("password", password).encode(), null);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  /** RFC 6238 TOTP (HMAC-SHA1, 6 digits) of a base32 secret at time step {@code step}. */
  static String totp(String base32Secret, long step) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
    byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
    int o = h[h.length - 1] & 0xf;
    int bin = (h[o] & 0x7f) << 24 | (h[o + 1] & 0xff) << 16 | (h[o + 2] & 0xff) << 8 | h[o + 3] & 0xff;
    return String.format("%06d", bin % 1_000_000);
  }

  private static byte[] base32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8 + 1);
    int buffer = 0;
    int bits = 0;
    for (char c : s.replace("=", "").toUpperCase().toCharArray()) {
      buffer = buffer << 5 | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    byte[] bytes = new byte[out.position()];
    out.flip().get(bytes);
    return bytes;
  }

  /** {@code mosquitto_pub} (MQTT 5, QoS 1) against the shared port; what it printed. */
  private static String mosquittoPub(int port, String user, String password, String topic, String payload)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder("timeout", "20", "mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port),
        "-V", "mqttv5", "-q", "1", "-d", "-u", user, "-P", password, "-t", topic, "-m", payload)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }
}
