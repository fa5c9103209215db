package io.porthouse.ingress.session;

import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.Op;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.ingress.IngressSettings;
import io.porthouse.ingress.session.ops.Ops;
import io.vertx.core.Future;

import java.util.ArrayDeque;

/**
 * One socket's frames on their way to being run, in the order received: {@link Ops#isBarrier
 * barrier} ops run alone, the others pipeline, at most {@code session.maxInFlight} at a time. Frames
 * beyond that wait; from half of {@link #MAX_WAITING} waiting on, the transport stops reading
 * until replies catch up (backpressure, not refusal), and only an overflow of the rest, a margin
 * for frames already read, is refused {@code rate_limited}. Touched on the socket's event loop.
 */
final class RequestPipeline {

  /** Frames that may wait, behind a barrier op or beyond {@code session.maxInFlight} requests being answered. */
  static final int MAX_WAITING = 256;

  /** A frame waiting to run, where its answer goes, and a token to authenticate with first (bridge headers). */
  private record Request(ClientFrame frame, Replier replier, String authFirst) {
  }

  private final Session session;
  private final Ops ops;
  private final IngressSettings settings;
  private final ArrayDeque<Request> waiting = new ArrayDeque<>();
  private int running;
  private boolean barrierRunning;
  private boolean readingPaused;

  RequestPipeline(Session session, Ops ops, IngressSettings settings) {
    this.session = session;
    this.ops = ops;
    this.settings = settings;
  }

  /** Queues {@code frame}, answered to {@code replier}, after authenticating with {@code authFirst} if not {@code null}. */
  void submit(ClientFrame frame, Replier replier, String authFirst) {
    if (waiting.size() >= MAX_WAITING) {
      session.fail(frame.ref(), PorthouseException.of(ErrorCode.RATE_LIMITED,
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
          if (ar.result() != null && !(session.isOwn(r.replier) && unacknowledged(r.frame))) {
            session.answer(r.replier, ar.result());
          }
        } else {
          session.fail(r.frame.ref(), BusErrors.toPorthouse(ar.cause()), r.replier);
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
