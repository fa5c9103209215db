package io.porthouse.it;

import io.porthouse.testing.Eventually;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traffic for fault tests, and what its clients saw ({@link PartitionHistory}). In rooms
 * {@code p-0…}, a sender and a receiver on each ingress: a sender sends request by request, each
 * message with its own {@code id}, retried with that id until acknowledged (as docs/protocol.md
 * tells clients to); a receiver records every {@code msg} and {@code reset}. A client whose socket
 * closes (its ingress stopped) connects to the next ingress: a sender joins again and retries its
 * message, a receiver resumes every room from the last seq it saw ({@code since}/{@code epoch});
 * a resume answered {@code recovered:false} is recorded.
 */
final class RecordedTraffic implements AutoCloseable {

  /** Where an ingress listens. */
  record Ingress(String host, int port) {
  }

  private static final Predicate<JsonObject> DELIVERY = f -> "msg".equals(f.getString("op")) || "reset".equals(f.getString("op"));

  final PartitionHistory history = new PartitionHistory();
  /** Errors a sender got that say neither "not done, try again" nor "not known". */
  final List<String> wrongErrors = new CopyOnWriteArrayList<>();
  /** Resumes answered {@code recovered:false}. */
  final List<String> unrecovered = new CopyOnWriteArrayList<>();
  /** Sockets that moved to another ingress, and the close codes that made them move. */
  final AtomicInteger moves = new AtomicInteger();
  final List<Short> closeCodes = new CopyOnWriteArrayList<>();

  private final AtomicInteger acks = new AtomicInteger();
  private final List<AssertionError> clientFailures = new CopyOnWriteArrayList<>();
  private final AtomicBoolean sending = new AtomicBoolean(true);
  private final AtomicBoolean receiving = new AtomicBoolean(true);
  private final Vertx clients = Vertx.vertx();
  private final List<Ingress> ingresses;
  private final String token;
  private final int rooms;
  /** How long a client waits for one answer, and keeps looking for an ingress that takes it. */
  private final Duration patience;
  /** The least time between two messages of one sender (its rate: history holds what a cut-off node misses). */
  private final long pauseNanos;
  private final List<Sender> senders = new ArrayList<>();
  private final List<Thread> senderThreads = new ArrayList<>();
  private final List<Thread> receiverThreads = new ArrayList<>();

  RecordedTraffic(List<Ingress> ingresses, String token, int rooms, int perSenderPerSecond, Duration patience) {
    this.ingresses = List.copyOf(ingresses);
    this.token = token;
    this.rooms = rooms;
    this.patience = patience;
    this.pauseNanos = 1_000_000_000L / perSenderPerSecond;
  }

  static String room(int r) {
    return "p-" + r;
  }

  /** Makes the public rooms, then a sender and a receiver on each ingress in every room, and starts them. */
  void start() {
    WsTestClient maker = connect(0);
    for (int r = 0; r < rooms; r++) {
      assertThat(maker.request(new JsonObject().put("op", "create").put("room", room(r))
          .put("rules", new JsonObject().put("public", true)), "c" + r).getString("op")).isEqualTo("created");
    }
    maker.close();
    List<Receiver> receivers = new ArrayList<>();
    for (int i = 0; i < ingresses.size(); i++) {
      Receiver receiver = new Receiver("receiver@" + i, i);
      receiver.socket = receiver.joinAll(connect(i), false);
      receivers.add(receiver);
      Sender sender = new Sender("s" + i, i);
      sender.socket = sender.joinAll(connect(i));
      senders.add(sender);
    }
    receivers.forEach(r -> receiverThreads.add(start(r.name, r)));
    senders.forEach(s -> senderThreads.add(start(s.name, s)));
  }

  int acks() {
    return acks.get();
  }

  /** Waits until {@code more} messages were acknowledged: the cluster serves. */
  void progress(int more, Duration within) {
    int target = acks.get() + more;
    Eventually.until(() -> more + " more acks (" + acks.get() + " so far)", within, () -> {
      stillRunning();
      return acks.get() >= target;
    });
  }

  /** Fails with the first client thread that stopped (it could not reconnect, or a join was refused). */
  void stillRunning() {
    if (!clientFailures.isEmpty()) {
      throw clientFailures.get(0);
    }
  }

  /**
   * Stops sending; sends a last message to every room and waits until every receiver has it (what
   * came before has arrived), then stops receiving.
   */
  void finish() throws InterruptedException {
    sending.set(false);
    for (Thread t : senderThreads) {
      t.join();
    }
    Sender last = senders.get(0);
    List<String> fences = new ArrayList<>();
    for (int r = 0; r < rooms; r++) {
      String id = "fence-" + r;
      long deadline = System.nanoTime() + patience.multipliedBy(2).toNanos();
      assertThat(last.deliver(id, room(r), () -> System.nanoTime() < deadline)).as("fence %s acked", id).isTrue();
      fences.add(id);
    }
    Eventually.until("every receiver got every fence", patience, () -> history.frames.values().stream().allMatch(list ->
        list.stream().map(f -> f.frame().getJsonObject("data")).filter(Objects::nonNull)
            .map(d -> d.getString("id")).toList().containsAll(fences)));
    receiving.set(false);
    for (Thread t : receiverThreads) {
      t.join();
    }
  }

  private Thread start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setUncaughtExceptionHandler((thread, e) -> clientFailures.add(new AssertionError(thread.getName() + " stopped", e)));
    t.start();
    return t;
  }

  private WsTestClient connect(int ingress) {
    Ingress to = ingresses.get(ingress);
    return WsTestClient.connectWithToken(clients, to.host(), to.port(), token);
  }

  /**
   * A new socket on the ingress after {@code from} that takes one (trying each in turn until
   * {@link #patience} is up), prepared by {@code join}; the ingress's index is {@code at[0]}.
   */
  private WsTestClient reconnect(int[] at, java.util.function.UnaryOperator<WsTestClient> join) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      at[0] = (at[0] + 1) % ingresses.size();
      try {
        WsTestClient socket = join.apply(connect(at[0]));
        moves.incrementAndGet();
        return socket;
      } catch (RuntimeException | AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no ingress took a socket within " + patience, e);
        }
        LockSupport.parkNanos(500_000_000L);
      }
    }
  }

  /** Sends to every room in turn, each message with its own id, retried with that id until acknowledged. */
  private final class Sender implements Runnable {
    final String name;
    final int[] at;
    WsTestClient socket;

    Sender(String name, int ingress) {
      this.name = name;
      this.at = new int[] {ingress};
    }

    WsTestClient joinAll(WsTestClient s) {
      for (int r = 0; r < rooms; r++) {
        JsonObject reply = s.request(new JsonObject().put("op", "join").put("room", room(r)), "j" + r, patience);
        if (!"joined".equals(reply.getString("op"))) {
          s.close();
          throw new AssertionError(name + " could not join " + room(r) + ": " + reply.encode());
        }
      }
      return s;
    }

    @Override
    public void run() {
      long next = System.nanoTime();
      for (int i = 0; sending.get(); i++) {
        next += pauseNanos;
        deliver(name + "-" + i, room(i % rooms), sending::get);
        LockSupport.parkNanos(next - System.nanoTime());
        next = Math.max(next, System.nanoTime() - pauseNanos); // no burst to catch up after a long wait
        if (i % 200 == 0) {
          socket.drop(DELIVERY); // the other senders' messages: a sender has no use for them
        }
      }
    }

    /** One message, sent until acknowledged (or until {@code go} turns false); answers whether it was. */
    boolean deliver(String id, String room, BooleanSupplier go) {
      JsonObject send = new JsonObject().put("op", "send").put("room", room).put("id", id)
          .put("data", new JsonObject().put("id", id));
      for (int attempt = 0; go.getAsBoolean(); attempt++) {
        if (socket.isClosed()) {
          closeCodes.add(socket.awaitClose());
          socket = reconnect(at, this::joinAll);
        }
        JsonObject reply;
        try {
          reply = socket.request(send, id + "/" + attempt, patience);
        } catch (AssertionError noAnswer) {
          history.noAnswer(id, room);
          continue;
        }
        history.answer(id, room, reply);
        if ("ack".equals(reply.getString("op"))) {
          acks.incrementAndGet();
          return true;
        }
        String code = reply.getString("code");
        if (!"unavailable".equals(code) && !"outcome_unknown".equals(code)) {
          wrongErrors.add(id + ": " + reply.encode());
        }
        LockSupport.parkNanos(200_000_000L); // a client's back-off before its retry
      }
      return false;
    }
  }

  /** Records every delivery; when its socket closes, resumes every room on another ingress. */
  private final class Receiver implements Runnable {
    final String name;
    final int[] at;
    /** Room → the last seq and epoch this receiver saw (from its join, a msg or a reset). */
    final Map<String, JsonObject> last = new HashMap<>();
    WsTestClient socket;

    Receiver(String name, int ingress) {
      this.name = name;
      this.at = new int[] {ingress};
    }

    WsTestClient joinAll(WsTestClient s, boolean resume) {
      for (int r = 0; r < rooms; r++) {
        JsonObject join = new JsonObject().put("op", "join").put("room", room(r));
        JsonObject seen = last.get(room(r));
        if (resume) {
          join.put("since", seen.getLong("seq")).put("epoch", seen.getString("epoch"));
        }
        JsonObject reply = s.request(join, "j" + r, patience);
        if (!"joined".equals(reply.getString("op"))) {
          s.close();
          throw new AssertionError(name + " could not join " + room(r) + ": " + reply.encode());
        }
        if (!resume) {
          last.put(room(r), new JsonObject().put("seq", reply.getLong("seq")).put("epoch", reply.getString("epoch")));
        } else if (!reply.getBoolean("recovered", false)) {
          unrecovered.add(name + " " + room(r) + " since " + seen.encode() + ": " + reply.encode());
        }
      }
      return s;
    }

    @Override
    public void run() {
      for (long n = 1; receiving.get() || socket.pending().stream().anyMatch(DELIVERY); n++) {
        if (n % 1000 == 0) {
          socket.drop(DELIVERY.negate()); // presence and other notices: not what is checked
        }
        JsonObject f;
        try {
          f = socket.next(DELIVERY, Duration.ofMillis(500));
        } catch (AssertionError quiet) {
          if (socket.isClosed() && receiving.get() && socket.pending().stream().noneMatch(DELIVERY)) {
            closeCodes.add(socket.awaitClose());
            socket = reconnect(at, s -> joinAll(s, true)); // every frame of the old socket was taken
          }
          continue;
        }
        history.frame(name, f);
        last.put(f.getString("room"), new JsonObject().put("seq", f.getLong("seq")).put("epoch", f.getString("epoch")));
      }
    }
  }

  @Override
  public void close() {
    sending.set(false);
    receiving.set(false);
    clients.close(); // not awaited: a client thread may still be blocked on an answer that never comes
  }
}
