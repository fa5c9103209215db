package io.porthouse.router;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.porthouse.core.bus.StoredMessage;
import io.porthouse.rooms.state.DedupeWindow;
import io.porthouse.rooms.state.HistoryLimits;
import io.porthouse.rooms.state.RoomReply;
import io.porthouse.rooms.state.SequenceBatch;
import io.porthouse.rooms.state.SequenceMessage;
import io.porthouse.rooms.store.RoomStore;
import io.porthouse.rooms.store.RoomStores;
import io.porthouse.router.chain.InterceptorChain;
import io.porthouse.router.rooms.RoomCommands;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The stateless first hop beside each ingress (local consumers only). Each envelope goes through
 * the interceptor chain, then one call to the room's owner ({@link SequenceMessage}: membership,
 * seq and dedupe in one step), then one delivery per node that holds receivers; replies
 * {@code {"seq":n}} or the first error. Room commands from the ingress go to the store the same
 * way ({@link RoomCommands}). One sender's messages are sequenced in the order sent, those that
 * wait for a call in flight together in the next call ({@link SenderOrder}, {@link SequenceBatch}).
 */
public final class RouterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RouterVerticle.class);

  /** Most messages of one sender and room sequenced in one call to the owner. */
  static final int MAX_BATCH = 64;

  private final SenderOrder<Envelope, Long> order = new SenderOrder<>(MAX_BATCH, Envelope::room, this::sequence);
  private InterceptorChain chain;
  private RoomStore store;
  private DedupeWindow window;
  private HistoryLimits history;
  private EventBus bus;

  @Override
  public Future<?> start() {
    EnvelopeCodec.ensureRegistered(vertx);
    bus = vertx.eventBus();
    store = RoomStores.of(vertx);
    JsonObject rooms = config().getJsonObject("rooms");
    window = new DedupeWindow(rooms.getInteger("dedupeWindow"), rooms.getLong("dedupeSeconds") * 1000);
    history = RoomCommands.historyLimits(config());
    RoomCommands commands = new RoomCommands(store, config());
    return InterceptorChain.fromConfig(vertx, config())
        .compose(c -> {
          chain = c;
          return Future.all(List.of(
              bus.<Envelope>localConsumer(Addresses.ROUTER_ROUTE, this::route).completion(),
              commands.register(vertx)));
        })
        .onSuccess(v -> LOG.info("router: serving this JVM's ingress, chain {}", chain.names()));
  }

  /** One call to a room's owner for a batch of a sender's messages (in-process when embedded, a Hazelcast hop when clustered). */
  private final io.micrometer.core.instrument.Timer hop = io.micrometer.core.instrument.Timer.builder("porthouse.room.hop")
      .description("one sequencing call to a room's owner, round trip").publishPercentileHistogram()
      .minimumExpectedValue(java.time.Duration.ofNanos(10_000)).maximumExpectedValue(java.time.Duration.ofSeconds(10))
      .register(io.porthouse.core.ops.Operations.meters());

  private void route(Message<Envelope> msg) {
    Envelope envelope = msg.body();
    // a socket's messages keep their order; so do a client's posts (they have no socket)
    String sender = envelope.isPost() ? "post:" + envelope.client() : envelope.socket();
    order.submit(sender, chain.run(envelope))
        .onSuccess(seq -> msg.reply(new JsonObject().put("seq", seq)))
        .onFailure(e -> BusErrors.fail(msg, e));
  }

  /** One call to the room's owner for a batch of one sender's messages, then their deliveries in seq order. */
  private Future<?> sequence(List<SenderOrder.Pending<Envelope, Long>> batch) {
    String room = batch.get(0).message().room();
    long now = System.currentTimeMillis();
    List<SequenceMessage> ops = new ArrayList<>(batch.size());
    for (SenderOrder.Pending<Envelope, Long> p : batch) {
      Envelope e = p.message();
      // the message itself: the owner checks it against the room's size and format rules, and keeps it in history
      StoredMessage kept = new StoredMessage(0, e.socket(), e.client(), e.kind(), e.payload().getBytes(), e.to(), now,
          e.via());
      ops.add(new SequenceMessage(e.id(), e.socket(), e.to(), window, now, kept, history));
    }
    long t0 = System.nanoTime();
    return store.apply(room, new SequenceBatch(ops)).onSuccess(replies -> {
      hop.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
      for (int i = 0; i < replies.size(); i++) {
        SenderOrder.Pending<Envelope, Long> p = batch.get(i);
        RoomReply reply = replies.get(i);
        if (reply.refused()) {
          p.answer().tryFail(reply.refusal());
        } else {
          deliver(p.message(), reply);
          p.answer().tryComplete(reply.seq());
        }
      }
    });
  }

  /** One delivery per receiving node, each naming the previous seq that node was sent. */
  private void deliver(Envelope sent, RoomReply reply) {
    Envelope e = reply.kind() == null ? sent : sent.withKind(reply.kind()); // as the room's format delivers it
    if (reply.keeper() != null) { // rule keeper: to the keeper verticle alone
      bus.send(Addresses.keeper(reply.keeper()), e.sequenced(reply.seq(), reply.epoch(), Envelope.NO_SEQ));
      return;
    }
    String[] nodes = reply.nodes();
    long[] prevs = reply.prevs();
    for (int i = 0; i < nodes.length; i++) {
      bus.send(Addresses.ingressDeliver(nodes[i]), e.sequenced(reply.seq(), reply.epoch(), prevs[i]));
    }
  }
}
