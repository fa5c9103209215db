package io.porthouse.it;

import io.porthouse.bridge.wire.LinkFrame;
import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.LauncherProcess;
import io.porthouse.testing.Ports;
import io.porthouse.testing.Posts;
import io.porthouse.testing.Tokens;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Independent Porthouse deployments (each its own cluster name, in its own JVMs) joined by bridge
 * links: members on each side talk both ways in order; links cut, black-holed and a bridge JVM
 * killed under traffic lose and repeat nothing; a wrong secret is refused; a chain and a ring do
 * not loop; a mesh room lives on its link only.
 */
class BridgeTest {

  private static final Duration START = Duration.ofSeconds(90);
  private static final String SECRET = "bridge-secret-" + UUID.randomUUID();
  private static final String JWT = Tokens.randomSecret();

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) // the JVMs' logs stay when a test fails
  Path work;
  private Vertx vertx;
  private Tokens tokens;
  private final List<AutoCloseable> open = new ArrayList<>();

  /** One deployment: its JVM(s), its client port, its bridge port, its links file. */
  private record Site(String name, LauncherProcess process, int http, int bridge, Path links) {
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    tokens = new Tokens(vertx, PorthouseConfig.of(new JsonObject().put("auth", new JsonObject().put("jwtSecret", JWT))));
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    WsTestClient.await(vertx.close());
  }

  private static JsonObject link(String name, Integer connectPort, String... rooms) {
    JsonObject l = new JsonObject().put("name", name).put("rooms", new JsonArray(List.of(rooms)));
    if (connectPort != null) {
      l.put("connect", "127.0.0.1:" + connectPort);
    }
    return l;
  }

  private Path linksFile(String site, JsonObject... links) {
    Path file = work.resolve(site + "-links.json");
    writeLinks(file, links);
    return file;
  }

  private static void writeLinks(Path file, JsonObject... links) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, new JsonObject().put("links", new JsonArray(List.of((Object[]) links))).encodePrettily());
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, String> env(String site, String secret, int http, int bridge, Path links) {
    Map<String, String> env = new HashMap<>();
    env.put("PORTHOUSE_DATA_DIR", work.resolve("data-" + site).toString());
    env.put("PORTHOUSE_HTTP_PORT", String.valueOf(http));
    env.put("PORTHOUSE_JWT_SECRET", JWT);
    env.put("PORTHOUSE_BRIDGE_ENABLED", "true");
    env.put("PORTHOUSE_BRIDGE_NAME", site);
    env.put("PORTHOUSE_BRIDGE_PORT", String.valueOf(bridge));
    env.put("PORTHOUSE_BRIDGE_SECRET", secret);
    env.put("PORTHOUSE_BRIDGE_LINKS", links.toString());
    env.put("PORTHOUSE_BRIDGE_HEARTBEAT_MILLIS", "200");
    env.put("PORTHOUSE_BRIDGE_DEAD_AFTER_MILLIS", "1500");
    env.put("PORTHOUSE_BRIDGE_RECONNECT_MAX_MILLIS", "1000");
    return env;
  }

  /** An embedded deployment (every verticle and the bridge in one JVM). */
  private Site embedded(String site, String secret, Path links) throws IOException {
    int http = Ports.freePort();
    int bridge = Ports.freePort();
    LauncherProcess p = LauncherProcess.start(site, env(site, secret, http, bridge, links), work);
    open.add(p);
    return new Site(site, p, http, bridge, links);
  }

  private static void started(Site... sites) throws IOException {
    for (Site s : sites) {
      s.process().awaitLog("porthouse started", START);
    }
  }

  private static String log(Site s) {
    try {
      return s.process().output();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private WsTestClient member(Site s, String sub, String room) {
    WsTestClient c = WsTestClient.connectWithToken(vertx, s.http(), tokens.token(sub));
    open.add(c);
    JsonObject joined = c.request(new JsonObject().put("op", "join").put("room", room), "j");
    assertThat(joined.getString("op")).as(sub + " joins " + room + " on " + s.name() + ": " + joined).isEqualTo("joined");
    return c;
  }

  private static void send(WsTestClient c, String room, Object data) {
    JsonObject ack = c.request(new JsonObject().put("op", "send").put("room", room).put("data", data), "s");
    assertThat(ack.getString("op")).as("sent " + data + ": " + ack).isEqualTo("ack");
  }

  /** The next {@code n} messages {@code c} gets in {@code room}, as their data. */
  private static List<Object> receive(WsTestClient c, String room, int n) {
    List<Object> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      got.add(c.next(f -> "msg".equals(f.getString("op")) && room.equals(f.getString("room"))).getValue("data"));
    }
    return got;
  }

  private JsonObject status(Site s) {
    Posts.Answer a = Posts.http(s.http(), "GET", "/admin/bridge", null, tokens.token("root", "owner"));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json();
  }

  private JsonObject linkStatus(Site s, String link) {
    for (Object l : status(s).getJsonArray("links")) {
      if (link.equals(((JsonObject) l).getString("name"))) {
        return (JsonObject) l;
      }
    }
    throw new AssertionError("no link " + link + " on " + s.name() + ": " + status(s));
  }

  private void awaitOpen(Site s, String link) {
    Eventually.until(() -> "link " + link + " open on " + s.name() + ": " + status(s) + "\n" + log(s),
        Duration.ofSeconds(30), () -> status(s).getJsonArray("links").stream()
            .anyMatch(l -> link.equals(((JsonObject) l).getString("name")) && ((JsonObject) l).getBoolean("open")));
  }

  private static List<Object> numbered(String prefix, int from, int to) {
    List<Object> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  @Test
  void twoClustersTalkBothWaysInOrderThroughCutAndBlackHoledLinksAndAWrongSecretIsRefused() throws Exception {
    Site a = embedded("a", SECRET, linksFile("a", link("ab", null, "chat")));
    started(a);
    LinkProxy proxy = new LinkProxy(vertx, a.bridge());
    open.add(proxy);
    Site b = embedded("b", SECRET, linksFile("b", link("ab", proxy.port(), "chat")));
    Site stranger = embedded("s", "a-wrong-secret-" + UUID.randomUUID(), linksFile("s", link("ab", a.bridge(), "chat")));
    started(b, stranger);
    awaitOpen(a, "ab");
    awaitOpen(b, "ab");
    WsTestClient alice = member(a, "alice", "chat");
    WsTestClient bob = member(b, "bob", "chat");
    WsTestClient eve = member(stranger, "eve", "chat");

    // both ways at once, in order, with the sender and the cluster it came from
    for (int i = 0; i < 30; i++) {
      send(alice, "chat", "a" + i);
      send(bob, "chat", "b" + i);
    }
    JsonObject first;
    try {
      first = bob.next("msg");
    } catch (AssertionError e) {
      throw new AssertionError("nothing crossed: a " + status(a) + "\nb " + status(b), e);
    }
    assertThat(first.getString("client")).isEqualTo("alice");
    assertThat(first.getString("via")).isEqualTo("a");
    assertThat(first.getValue("data")).isEqualTo("a0");
    assertThat(receive(bob, "chat", 29)).isEqualTo(numbered("a", 1, 30));
    assertThat(receive(alice, "chat", 30)).isEqualTo(numbered("b", 0, 30));

    // the link is cut while both sides keep sending: after the reconnect, nothing lost or repeated
    for (int i = 30; i < 60; i++) {
      send(alice, "chat", "a" + i);
      if (i == 35) {
        proxy.cut();
      }
      send(bob, "chat", "b" + i);
    }
    assertThat(receive(bob, "chat", 30)).isEqualTo(numbered("a", 30, 60));
    assertThat(receive(alice, "chat", 30)).isEqualTo(numbered("b", 30, 60));

    // black-holed: the heartbeats notice, the link is dialled again once packets pass
    proxy.blackHole(true);
    for (int i = 60; i < 90; i++) {
      send(alice, "chat", "a" + i);
      send(bob, "chat", "b" + i);
    }
    Eventually.until(() -> "b notices the dead link: " + status(b), Duration.ofSeconds(20),
        () -> !linkStatus(b, "ab").getBoolean("open"));
    proxy.blackHole(false);
    assertThat(receive(bob, "chat", 30)).isEqualTo(numbered("a", 60, 90));
    assertThat(receive(alice, "chat", 30)).isEqualTo(numbered("b", 60, 90));
    awaitOpen(b, "ab");
    assertThat(linkStatus(b, "ab").getLong("reconnects")).isGreaterThanOrEqualTo(2);

    // the stranger proved nothing: refused, counted, and none of the room reached it
    assertThat(status(a).getLong("refusals")).isGreaterThanOrEqualTo(1);
    assertThat(log(a)).contains("refused a link from").contains("authentication failed");
    assertThat(linkStatus(stranger, "ab").getBoolean("open")).isFalse();
    send(eve, "chat", "from the stranger");
    send(alice, "chat", "last");
    assertThat(receive(bob, "chat", 1)).containsExactly("last");
    assertThat(alice.pending()).noneMatch(f -> "msg".equals(f.getString("op")));
    assertThat(eve.pending()).noneMatch(f -> "msg".equals(f.getString("op")));
    assertThat(bob.pending()).as("nothing twice").noneMatch(f -> "msg".equals(f.getString("op")));
    String metrics = Posts.http(a.http(), "GET", "/metrics", null, null).body();
    assertThat(metrics).containsPattern("porthouse_bridge_received_total\\{link=\"ab\"\\} [1-9]")
        .containsPattern("porthouse_bridge_sent_total\\{link=\"ab\"\\} [1-9]").contains("porthouse_bridge_open{link=\"ab\"} 1.0");
  }

  @Test
  void eachLinkMayHaveItsOwnSecretAndAPeerThatKnowsAnotherLinksCannotTakeItsNameNorSendTheServersOwnNotices()
      throws Exception {
    String abSecret = "ab-secret-" + UUID.randomUUID();
    String acSecret = "ac-secret-" + UUID.randomUUID();
    Site a = embedded("a", "unused-bridge-secret-" + UUID.randomUUID(), linksFile("a",
        link("ab", null, "chat").put("peer", "b").put("secret", abSecret),
        link("ac", null, "chat").put("peer", "c").put("secret", acSecret)));
    started(a);
    WsTestClient alice = member(a, "alice", "chat");

    // c knows the secret of link ac: it cannot prove itself as b on ab
    try (RoguePeer c = RoguePeer.connect(vertx, a.bridge())) {
      LinkFrame answer = c.handshake("ab", "b", acSecret);
      assertThat(answer.type()).as("refused: " + answer.jsonBody()).isEqualTo(LinkFrame.CLOSE);
      assertThat(c.closedByTheBridge()).isTrue();
    }
    // on its own link it is taken, but the server's own notices and receiver lists are not a peer's to send
    try (RoguePeer c = RoguePeer.connect(vertx, a.bridge())) {
      assertThat(c.handshake("ac", "c", acSecret).type()).isEqualTo(LinkFrame.READY);
      io.porthouse.core.envelope.Envelope notice = new io.porthouse.core.envelope.Envelope("x-1", "c", null, "mallory",
          io.porthouse.core.envelope.EnvelopeKind.CONTROL, "chat", null,
          io.vertx.core.buffer.Buffer.buffer("{\"op\":\"closed\",\"room\":\"chat\"}"), 1L, 1, "e", 0, null);
      c.send(LinkFrame.msg(notice));
      assertThat(c.closedByTheBridge()).as("a control envelope from a peer ends its link").isTrue();
    }
    assertThat(log(a)).contains("is not a peer's to send");
    send(alice, "chat", "still open");
    assertThat(alice.request(new JsonObject().put("op", "ping"), "p").getString("op")).isEqualTo("pong");
    assertThat(alice.pending()).as("nothing of the rogue peer reached the room").noneMatch(f -> "closed".equals(f.getString("op"))
        || "msg".equals(f.getString("op")));
  }

  /** Every link of every site has nothing unacknowledged: each copy sent, on any path, was taken or dropped. */
  private void awaitQuiet(Site... sites) {
    Eventually.until(() -> "links quiet: " + java.util.Arrays.stream(sites).map(s -> s.name() + " " + status(s)).toList(),
        Duration.ofSeconds(30), () -> java.util.Arrays.stream(sites).allMatch(s -> status(s).getJsonArray("links").stream()
            .allMatch(l -> ((JsonObject) l).getInteger("buffered") == 0)));
  }

  private static List<JsonObject> messages(WsTestClient c, String room) {
    return c.pending().stream().filter(f -> "msg".equals(f.getString("op")) && room.equals(f.getString("room"))).toList();
  }

  @Test
  void aChainCarriesBothWaysARingAddedAtRunTimeNeitherLoopsNorRepeatsAndAMeshRoomStaysOnItsLink() throws Exception {
    Site b = embedded("b", SECRET, linksFile("b", link("ab", null, "chat"), link("bc", null, "chat")));
    started(b);
    Site a = embedded("a", SECRET, linksFile("a", link("ab", b.bridge(), "chat")));
    Site c = embedded("c", SECRET, linksFile("c", link("bc", b.bridge(), "chat")));
    started(a, c);
    awaitOpen(a, "ab");
    awaitOpen(c, "bc");
    WsTestClient alice = member(a, "alice", "chat");
    WsTestClient bob = member(b, "bob", "chat");
    WsTestClient carol = member(c, "carol", "chat");

    // a chain: A's message reaches C through B, C's reaches A, each once, naming where it was sent
    send(alice, "chat", "from a");
    send(carol, "chat", "from c");
    JsonObject atCarol = carol.next("msg");
    assertThat(atCarol.getValue("data")).isEqualTo("from a");
    assertThat(atCarol.getString("via")).isEqualTo("a");
    assertThat(atCarol.getString("client")).isEqualTo("alice");
    JsonObject atAlice = alice.next("msg");
    assertThat(atAlice.getValue("data")).isEqualTo("from c");
    assertThat(atAlice.getString("via")).isEqualTo("c");
    assertThat(receive(bob, "chat", 2)).containsExactlyInAnyOrder("from a", "from c");

    // the ring is closed at run time (links files changed, no restart): C dials A too
    writeLinks(a.links(), link("ab", b.bridge(), "chat"), link("ca", null, "chat"));
    writeLinks(c.links(), link("bc", b.bridge(), "chat"), link("ca", a.bridge(), "chat"));
    awaitOpen(a, "ca");
    awaitOpen(c, "ca");
    for (int i = 0; i < 20; i++) {
      send(alice, "chat", "a" + i);
      send(bob, "chat", "b" + i);
      send(carol, "chat", "c" + i);
    }
    awaitQuiet(a, b, c);
    Map<String, List<Object>> byOrigin = new HashMap<>();
    for (WsTestClient member : List.of(alice, bob, carol)) {
      byOrigin.clear();
      for (JsonObject m : messages(member, "chat")) {
        byOrigin.computeIfAbsent(m.getString("client"), k -> new ArrayList<>()).add(m.getValue("data"));
      }
      assertThat(byOrigin.values().stream().mapToInt(List::size).sum()).as("each foreign message once at " + member.welcome())
          .isEqualTo(40);
      byOrigin.forEach((sender, got) -> assertThat(got).as("in order from " + sender)
          .isEqualTo(numbered(sender.substring(0, 1), 0, 20)));
    }
    long dropped = 0;
    for (Site s : List.of(a, b, c)) {
      for (Object l : status(s).getJsonArray("links")) {
        dropped += ((JsonObject) l).getLong("duplicatesDropped") + ((JsonObject) l).getLong("loopsDropped");
      }
    }
    assertThat(dropped).as("the ring brought copies by the second path, and they were dropped").isGreaterThan(0);

    // a mesh room of link ab: made on A, its twin on B, absent from C (which B links by another link)
    WsTestClient root = WsTestClient.connectWithToken(vertx, a.http(), tokens.token("root", "owner"));
    open.add(root);
    assertThat(root.request(new JsonObject().put("op", "create").put("room", "duo")
        .put("rules", new JsonObject().put("mesh", "ab").put("public", true)), "m").getString("op")).isEqualTo("created");
    root.request(new JsonObject().put("op", "join").put("room", "duo"), "j");
    WsTestClient bobInDuo = WsTestClient.connectWithToken(vertx, b.http(), tokens.token("bob"));
    open.add(bobInDuo);
    Eventually.until("the twin of duo on b", Duration.ofSeconds(20), () -> "joined".equals(bobInDuo.request(
        new JsonObject().put("op", "join").put("room", "duo"), "j").getString("op")));
    send(root, "duo", "hello b");
    assertThat(bobInDuo.next("msg").getValue("data")).isEqualTo("hello b");
    send(bobInDuo, "duo", "hello a");
    assertThat(root.next("msg").getValue("data")).isEqualTo("hello a");
    JsonObject atC = carol.request(new JsonObject().put("op", "join").put("room", "duo"), "j");
    assertThat(atC.getString("code")).as("no duo on c: " + atC).isEqualTo("not_found");
  }

  @Test
  void aBridgeJvmKilledUnderTrafficAndStartedAgainLosesAndRepeatsNothing() throws Exception {
    // cluster a: one JVM with rooms and the ingress, one with the bridge alone (Hazelcast between them)
    Map<String, String> cluster = new HashMap<>();
    cluster.put("PORTHOUSE_CLUSTER_NAME", "bridge-a-" + UUID.randomUUID());
    cluster.put("PORTHOUSE_CLUSTER_PORT", String.valueOf(17000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(400, 600) * 20));
    cluster.put("PORTHOUSE_CLUSTER_SECRET", "cluster-secret-" + UUID.randomUUID());
    int http = Ports.freePort();
    int bridgePort = Ports.freePort();
    Path aLinks = linksFile("a", link("ab", null, "chat"));
    Map<String, String> envA = env("a", SECRET, http, bridgePort, aLinks);
    envA.putAll(cluster);
    LauncherProcess a1 = LauncherProcess.start("a1", envA, work, "--cluster", "auth", "rooms", "ingress");
    open.add(a1);
    a1.awaitLog("porthouse started", START);
    LauncherProcess a2 = LauncherProcess.start("a2", envA, work, "--cluster", "bridge");
    open.add(a2);
    a2.awaitLog("porthouse started", START);
    Site a = new Site("a", a1, http, bridgePort, aLinks);
    Site b = embedded("b", SECRET, linksFile("b", link("ab", bridgePort, "chat")));
    started(b);
    awaitOpen(a, "ab");
    awaitOpen(b, "ab");
    WsTestClient alice = member(a, "alice", "chat");
    WsTestClient bob = member(b, "bob", "chat");
    for (int i = 0; i < 20; i++) {
      send(alice, "chat", "a" + i);
      send(bob, "chat", "b" + i);
    }
    assertThat(receive(bob, "chat", 20)).isEqualTo(numbered("a", 0, 20));
    assertThat(receive(alice, "chat", 20)).isEqualTo(numbered("b", 0, 20));

    // SIGKILL of a's bridge JVM in the middle of traffic; both sides keep sending while it is gone
    for (int i = 20; i < 60; i++) {
      if (i == 30) {
        a2.kill();
      }
      send(alice, "chat", "a" + i);
      send(bob, "chat", "b" + i);
    }
    Eventually.until(() -> "b sees the link down: " + status(b), Duration.ofSeconds(20),
        () -> !linkStatus(b, "ab").getBoolean("open"));
    LauncherProcess again = LauncherProcess.start("a2-again", envA, work, "--cluster", "bridge");
    open.add(again);
    again.awaitLog("porthouse started", START);
    // what b missed comes from a's room history, what a missed from b's buffer: all of it, once, in order
    assertThat(receive(bob, "chat", 40)).isEqualTo(numbered("a", 20, 60));
    assertThat(receive(alice, "chat", 40)).isEqualTo(numbered("b", 20, 60));
    assertThat(linkStatus(a, "ab").getLong("sentFromHistory")).as("the new bridge JVM read what b missed from history")
        .isGreaterThan(0);
    send(alice, "chat", "after");
    send(bob, "chat", "after");
    assertThat(receive(bob, "chat", 1)).containsExactly("after");
    assertThat(receive(alice, "chat", 1)).containsExactly("after");
    awaitQuiet(a, b);
    assertThat(messages(bob, "chat")).as("nothing twice at b").isEmpty();
    assertThat(messages(alice, "chat")).as("nothing twice at a").isEmpty();
  }

  @Test
  void overTlsARoomOfAPatternIsMadeOnTheFarSideAndPastTheBoundTheFarSideGetsAReset() throws Exception {
    io.vertx.core.net.SelfSignedCertificate cert = io.vertx.core.net.SelfSignedCertificate.create("localhost");
    Path aLinks = linksFile("a", link("ab", null, "small-*"));
    int aHttp = Ports.freePort();
    int aBridge = Ports.freePort();
    Map<String, String> envA = env("a", SECRET, aHttp, aBridge, aLinks);
    envA.put("PORTHOUSE_BRIDGE_TLS_KEY_FILE", cert.privateKeyPath());
    envA.put("PORTHOUSE_BRIDGE_TLS_CERT_FILE", cert.certificatePath());
    LauncherProcess pa = LauncherProcess.start("a", envA, work);
    open.add(pa);
    Site a = new Site("a", pa, aHttp, aBridge, aLinks);
    started(a);
    LinkProxy proxy = new LinkProxy(vertx, a.bridge());
    open.add(proxy);
    Path bLinks = linksFile("b", link("ab", null, "small-*").put("connect", "localhost:" + proxy.port()).put("tls", true));
    int bHttp = Ports.freePort();
    Map<String, String> envB = env("b", SECRET, bHttp, Ports.freePort(), bLinks);
    envB.put("PORTHOUSE_BRIDGE_TLS_TRUST_FILE", cert.certificatePath());
    envB.put("PORTHOUSE_BRIDGE_BUFFER_MESSAGES", "5");
    LauncherProcess pb = LauncherProcess.start("b", envB, work);
    open.add(pb);
    Site b = new Site("b", pb, bHttp, -1, bLinks);
    started(b);
    awaitOpen(b, "ab");
    assertThat(log(a)).contains("(TLS)");

    // a room made on b that a's pattern matches: a makes it when its first message comes
    WsTestClient bob = WsTestClient.connectWithToken(vertx, b.http(), tokens.token("bob", "primary"));
    open.add(bob);
    bob.request(new JsonObject().put("op", "create").put("room", "small-1")
        .put("rules", new JsonObject().put("historySize", 3)), "c");
    bob.request(new JsonObject().put("op", "join").put("room", "small-1"), "j");
    send(bob, "small-1", "first");
    WsTestClient alice = WsTestClient.connectWithToken(vertx, a.http(), tokens.token("alice"));
    open.add(alice);
    Eventually.until("small-1 made on a", Duration.ofSeconds(20), () -> "joined".equals(alice.request(
        new JsonObject().put("op", "join").put("room", "small-1"), "j").getString("op")));
    send(bob, "small-1", "second");
    assertThat(receive(alice, "small-1", 1)).containsExactly("second");

    // the link is down while b sends 20: b's buffer (5) and the room's history (3) cannot hold them all
    proxy.blackHole(true);
    Eventually.until(() -> "b notices: " + status(b), Duration.ofSeconds(20), () -> !linkStatus(b, "ab").getBoolean("open"));
    for (int i = 0; i < 20; i++) {
      send(bob, "small-1", "m" + i);
    }
    proxy.blackHole(false);
    JsonObject reset = alice.next(f -> "reset".equals(f.getString("op")));
    assertThat(reset.getString("room")).isEqualTo("small-1");
    assertThat(reset.getString("via")).isEqualTo("b");
    assertThat(receive(alice, "small-1", 5)).as("what the buffer held, in order").isEqualTo(numbered("m", 15, 20));
    assertThat(linkStatus(b, "ab").getLong("resetsSent")).isEqualTo(1);
    // m0..m14, and "first"/"second" too if their acks (sent every 100 ms) were still on the way when the link went dark
    assertThat(linkStatus(b, "ab").getLong("bufferEvicted")).isBetween(15L, 17L);
  }
}
