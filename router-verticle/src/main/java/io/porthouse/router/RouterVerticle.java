package io.porthouse.router;

import io.porthouse.core.bus.HookCall;
import io.micrometer.core.instrument.Timer;
import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Post;
import io.porthouse.core.bus.SendAck;
import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.ops.Operations;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.roomstate.DedupeWindow;
import io.porthouse.roomstate.HistoryLimits;
import io.porthouse.roomstate.RoomReply;
import io.porthouse.roomstate.RoomRules;
import io.porthouse.roomstate.RoomTemplates;
import io.porthouse.roomstate.SequenceBatch;
import io.porthouse.roomstate.SequenceMessage;
import io.porthouse.roomstate.store.RoomStore;
import io.porthouse.roomstate.store.RoomStores;
import io.porthouse.router.chain.InterceptorChain;
import io.porthouse.router.rooms.EventsMade;
import io.porthouse.router.rooms.Lobby;
import io.porthouse.router.rooms.TemplateBook;
import io.porthouse.router.rooms.RoomCommands;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stateless first hop beside each ingress (local consumers only). Each envelope goes through
 * the interceptor chain, then one call to the room's sequencer ({@link SequenceMessage}: membership,
 * seq and dedupe in one step), then one delivery per node that holds receivers; replies
 * {@code {"seq":n}} or the first error. Room commands from the ingress go to the store the same
 * way ({@link RoomCommands}). One sender's messages are sequenced in the order sent, those that
 * wait for a call in flight together in the next call ({@link SenderOrder}, {@link SequenceBatch}).
 */
public final class RouterVerticle extends VerticleBase {

  /** Default options shared by every per-message send and reply (Vert.x makes one per call otherwise); never changed. */
  private static final DeliveryOptions PER_MESSAGE = new DeliveryOptions();

  private static final Logger LOG = LoggerFactory.getLogger(RouterVerticle.class);

  /** Most messages of one sender and room sequenced in one call to the sequencer. */
  static final int MAX_BATCH = 64;

  /** A message that passed the chain, with the roles of its poster for a post ({@code null} for a socket's send: the room knows its member's). */
  private record Routed(Envelope envelope, List<String> postRoles) {
  }

  private final SenderOrder<Routed, Long> order = new SenderOrder<>(MAX_BATCH, r -> r.envelope().room(), this::sequence);
  private InterceptorChain chain;
  /** Asks the application's backend about messages to rooms whose template says so. */
  private PublishHook publishHook;
  private EventsMade eventsMade;
  private Lobby lobby;
  private RoomStore store;
  private DedupeWindow window;
  private HistoryLimits history;
  private EventBus bus;
  /** One call to a room's sequencer for a batch of a sender's messages (in-process when embedded, a Hazelcast hop when clustered). */
  private final Timer hop = Timer.builder("porthouse.room.hop")
      .description("one sequencing call to a room's sequencer, round trip").publishPercentileHistogram()
      .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(10))
      .register(Operations.meters());

  @Override
  public Future<?> start() {
    EnvelopeCodec.ensureRegistered(vertx);
    Post.ensureCodec(vertx);
    SendAck.ensureCodec(vertx);
    bus = vertx.eventBus();
    store = RoomStores.of(vertx);
    JsonObject rooms = config().getJsonObject("rooms");
    window = new DedupeWindow(rooms.getInteger("dedupeWindow"), rooms.getLong("dedupeSeconds") * 1000);
    history = HistoryLimits.fromConfig(config());
    TemplateBook templates = new TemplateBook(vertx, config(), new RoomRules(config()));
    RoomCommands commands = new RoomCommands(store, config(), templates);
    return InterceptorChain.fromConfig(vertx, config())
        .compose(c -> {
          chain = c;
          publishHook = new PublishHook(bus, store, templates);
          eventsMade = new EventsMade(bus, templates);
          return Future.all(List.of(
              bus.<Envelope>localConsumer(Addresses.ROUTER_ROUTE, this::route).completion(),
              bus.<Post>localConsumer(Addresses.ROUTER_POST, this::post).completion(),
              commands.register(vertx),
              templates.start()));
        })
        .onSuccess(v -> {
          LOG.info("router: serving this JVM's ingress, chain {}", chain.names());
          lobby = new Lobby(vertx, rooms.getString("lobby"), deploymentID());
          lobby.start();
        });
  }

  /** A socket's message (a post comes by {@link #post}, with its poster's roles). */
  private void route(Message<Envelope> msg) {
    Envelope envelope = msg.body();
    if (envelope.isPost() || envelope.kind() == EnvelopeKind.CONTROL) {
      // control envelopes are the server's own notices, never a sender's message
      BusErrors.fail(msg, PorthouseException.badRequest(envelope.isPost() ? "a post goes to " + Addresses.ROUTER_POST
          : "control envelopes are not messages"));
      return;
    }
    submit(msg, envelope.socket(), envelope, null);
  }

  /** A post: its client's posts keep their order, as a socket's messages do. */
  private void post(Message<Post> msg) {
    Envelope envelope = msg.body().envelope();
    if (envelope.kind() == EnvelopeKind.CONTROL) {
      BusErrors.fail(msg, PorthouseException.badRequest("control envelopes are not messages"));
      return;
    }
    submit(msg, "post:" + envelope.client(), envelope, msg.body().roles());
  }

  private void submit(Message<?> msg, String sender, Envelope envelope, List<String> postRoles) {
    Future<Envelope> passed = chain.run(envelope); // the backend is asked last, after every cheap check
    passed = passed.compose(p -> publishHook.ask(p, postRoles));
    order.submit(sender, passed.map(p -> new Routed(p, postRoles)))
        .onSuccess(seq -> msg.reply(new SendAck(seq), PER_MESSAGE))
        .onFailure(e -> BusErrors.fail(msg, e));
  }

  /** One call to the room's sequencer for a batch of one sender's messages, then their deliveries in seq order. */
  private Future<?> sequence(List<SenderOrder.Pending<Routed, Long>> batch) {
    String room = batch.get(0).message().envelope().room();
    long now = System.currentTimeMillis();
    List<SequenceMessage> ops = new ArrayList<>(batch.size());
    for (SenderOrder.Pending<Routed, Long> p : batch) {
      Envelope e = p.message().envelope();
      // the message itself: the sequencer checks it against the room's size and format rules, and keeps it in history
      StoredMessage kept = new StoredMessage(0, e.socket(), e.client(), e.kind(), e.payload().getBytes(), e.to(), now,
          e.via());
      ops.add(new SequenceMessage(e.id(), e.socket(), e.to(), window, now, kept, history).postedAs(p.message().postRoles())
          .dedupedBy(e.dedupeKey()));
    }
    long t0 = System.nanoTime();
    return store.apply(room, new SequenceBatch(ops)).onSuccess(replies -> {
      hop.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      eventsMade.after(room);
      for (int i = 0; i < replies.size(); i++) {
        SenderOrder.Pending<Routed, Long> p = batch.get(i);
        RoomReply reply = replies.get(i);
        if (reply instanceof RoomReply.Sequenced sequenced) {
          deliver(p.message().envelope(), sequenced);
          p.answer().tryComplete(sequenced.seq());
        } else {
          p.answer().tryFail(((RoomReply.Refused) reply).refusal());
        }
      }
    });
  }

  /** One delivery per receiving node, each naming the previous seq that node was sent. */
  private void deliver(Envelope sent, RoomReply.Sequenced reply) {
    Envelope e = reply.deliveredAs() == null ? sent : sent.withKind(reply.deliveredAs()); // as the room's format delivers it
    if (reply.keeper() != null) { // rule keeper: to the keeper verticle alone
      bus.send(Addresses.keeper(reply.keeper()), e.sequenced(reply.seq(), reply.epoch(), Envelope.NO_SEQ));
      return;
    }
    String[] nodes = reply.nodes();
    long[] prevs = reply.prevs();
    for (int i = 0; i < nodes.length; i++) {
      bus.send(Addresses.ingressDeliver(nodes[i]), e.sequenced(reply.seq(), reply.epoch(), prevs[i]), PER_MESSAGE);
    }
  }

  @Override
  public Future<?> stop() {
    if (lobby != null) {
      lobby.stop();
    }
    return Future.succeededFuture();
  }
}
