package io.porthouse.ingress.session;

import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.FrameParser;
import io.porthouse.core.protocol.Op;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RefScanner;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.IngressSettings;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.session.ops.Ops;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;

/**
 * One socket's frames on their way to being run, and their answers. A frame in is parsed and
 * charged to the socket's budget ({@link SocketBudget}); bad input is answered an error frame and
 * counted, and a socket that keeps sending garbage is closed 1008. Frames run in the order
 * received: {@link Ops#isBarrier barrier} ops run alone, the others pipeline, at most {@code session.maxInFlight} at a time. Frames
 * beyond that wait; from half of {@link #MAX_WAITING} waiting on, the transport stops reading
 * until replies catch up (backpressure, not refusal), and only an overflow of the rest, a margin
 * for frames already read, is refused {@code rate_limited}. Touched on the socket's event loop.
 */
final class RequestPipeline {

  /** Frames that may wait, behind a barrier op or beyond {@code session.maxInFlight} requests being answered. */
  static final int MAX_WAITING = 256;
  private static final short POLICY_VIOLATION = 1008;

  /** A frame waiting to run, where its answer goes, and a token to authenticate with first (bridge headers). */
  private record Request(ClientFrame frame, Replier replier, String authFirst) {
  }

  private final Session session;
  private final Ops ops;
  private final NodeContext node;
  private final IngressSettings settings;
  private final SocketBudget budget;
  /** Answers on the connection itself (not a SockJS reply, nor a companion's). */
  private final Replier own;
  /** The last token a SockJS message's header authenticated the socket with. */
  private String headerToken;
  private final ArrayDeque<Request> waiting = new ArrayDeque<>();
  private int running;
  private boolean barrierRunning;
  private boolean readingPaused;

  RequestPipeline(Session session, Ops ops, NodeContext node, SocketBudget budget) {
    this.session = session;
    this.ops = ops;
    this.node = node;
    this.settings = node.settings();
    this.budget = budget;
    this.own = session::control;
  }

  /** One complete protocol frame (JSON text), answered on the connection. */
  void text(Buffer message) {
    text(message, own, null);
  }

  /** One complete protocol frame answered to {@code replier}, after authenticating with {@code token} unless it did already. */
  void text(Buffer message, Replier replier, String token) {
    if (session.isClosing()) {
      return;
    }
    ClientFrame frame;
    try {
      frame = FrameParser.parse(message);
    } catch (PorthouseException bad) {
      fail(bad.ref(), bad, replier);
      return;
    }
    String authFirst = null;
    if (token != null && !token.equals(headerToken)) {
      headerToken = token;
      authFirst = token;
    }
    submit(frame, replier, authFirst);
  }

  /** An already parsed frame, answered to {@code replier}. */
  void submit(ClientFrame frame, Replier replier) {
    submit(frame, replier, null);
  }

  /** A binary message, which protocol v1 does not have. */
  void binary() {
    fail(null, PorthouseException.badRequest("binary frames are not accepted; send JSON text frames"), own);
  }

  /** A message over {@code session.maxMessageBytes}, dropped by the transport as it arrived; {@code head}: its first bytes. */
  void tooLarge(long bytes, Buffer head) {
    if (session.isClosing()) {
      return;
    }
    fail(head == null ? null : RefScanner.find(head.getBytes(), head.length()), PorthouseException.of(ErrorCode.TOO_LARGE,
        "message of " + bytes + " bytes is over the limit of " + settings.maxMessageBytes()), own);
  }

  /** Answers {@code error} to {@code replier}; what the socket's budget allows no more closes it. */
  void fail(Object ref, PorthouseException error, Replier replier) {
    node.meters().error(error.code());
    String frame = ServerFrames.error(ref, error.code(), error.getMessage());
    answer(replier, frame);
    if (replier == own) {
      session.companions().event("error", null, new JsonObject(frame));
    }
    String spent = budget.spent(error.code(), System.nanoTime());
    if (spent != null) {
      session.close(POLICY_VIOLATION, spent);
    }
  }

  private void answer(Replier replier, String frame) {
    if (replier == own || !session.isClosed()) {
      replier.reply(frame);
    }
  }

  /** Charges {@code frame} to the socket's rate and queues it, after authenticating with {@code authFirst} if not {@code null}. */
  private void submit(ClientFrame frame, Replier replier, String authFirst) {
    if (!budget.frame(Ops.cost(frame.op()), System.nanoTime())) {
      fail(frame.ref(), PorthouseException.of(ErrorCode.RATE_LIMITED,
          "slow down: over " + settings.ratePerSecond() + " frames/s"), replier);
      return;
    }
    if (waiting.size() >= MAX_WAITING) {
      fail(frame.ref(), PorthouseException.of(ErrorCode.RATE_LIMITED,
          "too many requests in flight (" + settings.maxInFlight() + " at most, " + MAX_WAITING
              + " more may wait); wait for replies"), replier);
      return;
    }
    waiting.add(new Request(frame, replier, authFirst));
    if (waiting.size() >= MAX_WAITING / 2 && !readingPaused) {
      // Backpressure, not refusal: stop reading until replies catch up (TCP pushes back on the client).
      readingPaused = true;
      session.transport().pause();
    }
    pump();
  }

  /** The socket closed: what waits is dropped (what runs finishes, unanswered). */
  void clear() {
    waiting.clear();
  }

  private void pump() {
    while (!session.isClosed() && !barrierRunning && !waiting.isEmpty() && running < settings.maxInFlight()) {
      Request next = waiting.peek();
      boolean barrier = next.authFirst != null || Ops.isBarrier(next.frame.op());
      if (barrier && running > 0) {
        return; // wait for earlier frames to finish
      }
      Request r = waiting.poll();
      running++;
      barrierRunning = barrier;
      run(r).onComplete(ar -> {
        running--;
        if (barrier) {
          barrierRunning = false;
        }
        if (ar.succeeded()) {
          if (ar.result() != null && !(r.replier == own && unacknowledged(r.frame))) {
            answer(r.replier, ar.result());
          }
        } else {
          fail(r.frame.ref(), BusErrors.toPorthouse(ar.cause()), r.replier);
        }
        pump();
        if (readingPaused && waiting.size() < MAX_WAITING / 4) {
          readingPaused = false;
          session.transport().resume();
        }
      });
    }
  }

  /** On its own connection a {@code send} without {@code ref} is not acked (protocol v1); other repliers get every answer. */
  private static boolean unacknowledged(ClientFrame frame) {
    return frame.op() == Op.SEND && frame.ref() == null;
  }

  private Future<String> run(Request r) {
    if (r.authFirst == null) {
      return ops.run(session, r.frame);
    }
    ClientFrame auth = ClientFrame.of(Op.AUTH, null, null, r.authFirst);
    return ops.run(session, auth).compose(authed -> ops.run(session, r.frame));
  }
}
