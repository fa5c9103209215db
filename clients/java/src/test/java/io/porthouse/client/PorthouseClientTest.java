package io.porthouse.client;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.TcpProxy;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.porthouse.testing.WsTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Java client against a real embedded Porthouse, beside a WebSocket member: ops and their
 * errors, pushed messages and presence, a connection cut by the network (a TCP proxy) and resumed
 * with nothing lost, bounded requests in flight, a token refreshed before it expires.
 */
class PorthouseClientTest {

  private static EmbeddedFixture porthouse;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject());
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
    porthouse.close();
  }

  static <T> T next(BlockingQueue<T> queue) {
    try {
      T value = queue.poll(10, TimeUnit.SECONDS);
      assertThat(value).as("nothing came within 10 s").isNotNull();
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String room(WsTestClient owner, JsonObject rules) {
    String room = "java-" + UUID.randomUUID();
    owner.request(new JsonObject().put("op", "create").put("room", room).put("rules", rules), "c");
    owner.request(new JsonObject().put("op", "join").put("room", room), "j");
    return room;
  }

  private PorthouseClient client(String token) {
    return PorthouseClient.create(vertx, new PorthouseClientOptions().addServer("127.0.0.1", porthouse.port()).setToken(token));
  }

  @Test
  void itJoinsSendsReceivesAndSeesPresenceAndHistory() {
    try (WsTestClient ws = porthouse.as("carol", "primary")) {
      String room = room(ws, new JsonObject().put("presence", true).put("history", true));
      PorthouseClient alice = client(porthouse.tokens().token("alice"));
      BlockingQueue<Pushed.Message> messages = new LinkedBlockingQueue<>();
      alice.messageHandler(messages::add);
      JsonObject welcome = await(alice.connect());
      assertThat(welcome.getString("client")).isEqualTo("alice");
      JsonObject joined = await(alice.join(room));
      assertThat(ws.next("presence").getString("client")).isEqualTo("alice");

      long seq = await(alice.send(room, new JsonObject().put("text", "from java")));
      JsonObject atWs = ws.next("msg");
      assertThat(atWs.getLong("seq")).isEqualTo(seq);
      assertThat(atWs.getString("client")).isEqualTo("alice");
      assertThat(seq).isEqualTo(joined.getLong("seq") + 1);

      long answer = ws.request(new JsonObject().put("op", "send").put("room", room).put("data", "hi java"), "s").getLong("seq");
      Pushed.Message m = next(messages);
      assertThat(m).isEqualTo(new Pushed.Message(room, answer, joined.getString("epoch"), ws.socketId(), "carol", "hi java"));

      JsonObject history = await(alice.history(room, 0, 0));
      assertThat(history.getJsonArray("messages")).hasSize(2);
      assertThat(await(alice.members(room, null)).getJsonArray("members")).hasSize(2);
      await(alice.close());
      assertThat(ws.next("presence").getString("event")).isEqualTo("leave");
    }
  }

  @Test
  void refusalsFailWithTheProtocolsCodeAndAnAnonymousClientWorks() {
    PorthouseClient guest = client(null);
    assertThat(await(guest.connect()).getString("client")).isNull();
    assertThatThrownBy(() -> await(guest.join("no-such-room"))).isInstanceOfSatisfying(PorthouseClientException.class,
        e -> assertThat(e.code()).isEqualTo("not_found"));
    assertThatThrownBy(() -> await(guest.create("nope", null))).isInstanceOfSatisfying(PorthouseClientException.class,
        e -> assertThat(e.code()).isEqualTo("unauthorized"));
    assertThatThrownBy(() -> await(guest.send("no-such-room", 1))).isInstanceOfSatisfying(PorthouseClientException.class,
        e -> assertThat(e.code()).isEqualTo("not_found"));
    await(guest.close());
    assertThatThrownBy(() -> await(guest.join("x"))).isInstanceOfSatisfying(PorthouseClientException.class,
        e -> assertThat(e.code()).isEqualTo("not_open"));
    PorthouseClient nowhere = PorthouseClient.create(vertx, new PorthouseClientOptions().addServer("127.0.0.1", 1));
    assertThatThrownBy(() -> await(nowhere.connect())).isNotNull();
  }

  @Test
  void aCutConnectionIsMadeAgainAndEveryRoomResumesWithNothingLost() {
    try (WsTestClient ws = porthouse.as("carol", "primary"); TcpProxy network = TcpProxy.to(vertx, porthouse.port())) {
      String a = room(ws, new JsonObject());
      String b = room(ws, new JsonObject());
      PorthouseClient alice = PorthouseClient.create(vertx, new PorthouseClientOptions().addServer("127.0.0.1", network.port())
          .setToken(porthouse.tokens().token("alice")).setReconnectDelayMillis(50, 200));
      BlockingQueue<Pushed.Message> messages = new LinkedBlockingQueue<>();
      BlockingQueue<Pushed.Resumed> resumed = new LinkedBlockingQueue<>();
      BlockingQueue<Boolean> drops = new LinkedBlockingQueue<>();
      alice.messageHandler(messages::add).resumedHandler(resumed::add).dropHandler(v -> drops.add(true));
      await(alice.connect());
      await(alice.join(a));
      await(alice.join(b));
      send(ws, a, "a1");
      assertThat(next(messages).data()).isEqualTo("a1");

      network.cut();
      next(drops);
      List<Long> missed = List.of(send(ws, a, "a2"), send(ws, b, "b1"), send(ws, a, "a3"));
      network.restore();
      List<Object> replayed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        replayed.add(next(messages).data());
      }
      assertThat(replayed).containsExactlyInAnyOrder("a2", "b1", "a3");
      assertThat(List.of(next(resumed), next(resumed))).extracting(Pushed.Resumed::room, Pushed.Resumed::recovered)
          .containsExactlyInAnyOrder(tuple(a, true), tuple(b, true));
      assertThat(missed).hasSize(3);
      send(ws, b, "live");
      assertThat(next(messages).data()).isEqualTo("live");
      assertThat(messages).isEmpty();
      await(alice.close());
    }
  }

  @Test
  void requestsInFlightAreBoundedAndTheRestWaitInOrderUpToABound() {
    try (WsTestClient ws = porthouse.as("carol", "primary")) {
      String room = room(ws, new JsonObject());
      Context context = vertx.getOrCreateContext(); // the client's, so a burst can be asked within one of its turns
      String token = porthouse.tokens().token("alice");
      PorthouseClient alice = await(on(context, () -> PorthouseClient.create(vertx, new PorthouseClientOptions()
          .addServer("127.0.0.1", porthouse.port()).setToken(token).setMaxInFlight(4, 100))));
      await(alice.connect());
      await(alice.join(room));
      AtomicInteger most = new AtomicInteger();
      List<Future<Long>> sent = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        sent.add(alice.send(room, i).onComplete(r -> most.accumulateAndGet(alice.inFlight() + 1, Math::max)));
      }
      List<Long> seqs = new ArrayList<>();
      for (Future<Long> f : sent) {
        seqs.add(await(f));
      }
      assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(100);
      assertThat(most.get()).as("requests on the wire at once").isLessThanOrEqualTo(4);
      for (int i = 0; i < 100; i++) {
        assertThat(ws.next("msg").getInteger("data")).isEqualTo(i);
      }
      List<Future<Long>> flood = await(on(context, () -> {
        List<Future<Long>> burst = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // in one turn of the client's context: no answer comes in between
          burst.add(alice.send(room, "flood"));
        }
        return burst;
      }));
      long refused = flood.stream().filter(f -> {
        try {
          await(f);
          return false;
        } catch (PorthouseClientException e) {
          return e.code().equals("rate_limited");
        }
      }).count();
      assertThat(refused).as("past 4 in flight and 100 waiting").isEqualTo(96);
      await(alice.close());
    }
  }

  @Test
  void aTokenIsRefreshedBeforeItExpiresAndTheClientStaysInItsRooms() {
    try (WsTestClient ws = porthouse.as("carol", "primary")) {
      String room = room(ws, new JsonObject());
      AtomicInteger asked = new AtomicInteger();
      String first = porthouse.tokens().shortToken(4, "alice");
      PorthouseClient alice = PorthouseClient.create(vertx, new PorthouseClientOptions().addServer("127.0.0.1", porthouse.port())
          .setTokenSupplier(() -> Future.succeededFuture(asked.getAndIncrement() == 0 ? first : porthouse.tokens().token("alice"))));
      BlockingQueue<Pushed.Other> other = new LinkedBlockingQueue<>();
      alice.otherHandler(other::add);
      await(alice.connect());
      await(alice.join(room));
      long exp = Tokens.expiry(first);
      Eventually.until("the first token expired and was checked", Duration.ofSeconds(15),
          () -> System.currentTimeMillis() > exp * 1000 + 1500);
      assertThat(asked.get()).isEqualTo(2);
      long seq = await(alice.send(room, "still alice"));
      JsonObject atWs = ws.next("msg");
      assertThat(atWs.getLong("seq")).isEqualTo(seq);
      assertThat(atWs.getString("client")).isEqualTo("alice");
      assertThat(other).noneMatch(o -> o.op().equals("expired"));
      await(alice.close());
    }
  }

  /** {@code action}'s value, computed on {@code context}. */
  private static <T> Future<T> on(Context context, Supplier<T> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> p.complete(action.get()));
    return p.future();
  }

  private static long send(WsTestClient ws, String room, Object data) {
    return ws.request(new JsonObject().put("op", "send").put("room", room).put("data", data), "s").getLong("seq");
  }
}
