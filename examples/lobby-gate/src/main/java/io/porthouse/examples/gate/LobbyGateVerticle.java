package io.porthouse.examples.gate;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.SocketMove;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A login flow written as a verticle, with no change to the core (docs/extending.md). It is the
 * keeper of a gate room made with {@code {"exclusive":true,"keeper":"<keeper>"}}: a socket that
 * joins the gate is held there alone, and what it sends there reaches this verticle only, never
 * other members nor history. It sends {@code {"pass":"…","room":"…"}}; with the right pass phrase
 * this verticle moves it into the room it asked for ({@link Addresses#socketMove}: the socket's
 * ingress releases it from the gate and joins it there under its own identity and that room's
 * rules), with a wrong one back to the lobby (out of the gate: it may join it and try again).
 *
 * <p>Config: {@code keeper} (default {@code gate}) and {@code passphrase}.
 */
public final class LobbyGateVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LobbyGateVerticle.class);
  private MessageConsumer<Envelope> consumer;
  private byte[] passphrase;

  @Override
  public Future<?> start() {
    EnvelopeCodec.ensureRegistered(vertx); // envelopes come as Porthouse's codec writes them
    String keeper = config().getString("keeper", "gate");
    String phrase = config().getString("passphrase");
    if (phrase == null || phrase.isEmpty()) {
      return Future.failedFuture("LobbyGateVerticle needs config 'passphrase'");
    }
    passphrase = phrase.getBytes(StandardCharsets.UTF_8);
    consumer = vertx.eventBus().consumer(Addresses.keeper(keeper), msg -> knock(msg.body()));
    return consumer.completion().onSuccess(v -> LOG.info("lobby gate: keeping rooms with keeper '{}'", keeper));
  }

  private void knock(Envelope e) {
    if (e.socket() == null) {
      return; // a post has no socket to move
    }
    JsonObject ask;
    try {
      ask = new JsonObject(e.payload());
    } catch (DecodeException | ClassCastException notAnObject) {
      ask = new JsonObject();
    }
    Object pass = ask.getValue("pass");
    Object room = ask.getValue("room");
    boolean right = pass instanceof String p && room instanceof String
        && MessageDigest.isEqual(passphrase, p.getBytes(StandardCharsets.UTF_8));
    SocketMove move = new SocketMove(e.socket(), right ? (String) room : null);
    vertx.eventBus().<JsonObject>request(Addresses.socketMove(e.socket()), move.toJson())
        .onFailure(err -> LOG.info("lobby gate: could not move socket {}: {}", e.socket(), err.getMessage()));
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
