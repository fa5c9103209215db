package io.porthouse.core.bus;

import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps errors to and from event-bus failures, in one place: a handler fails a request with a
 * {@link PorthouseException}; the requester turns the {@link ReplyException} back into one.
 */
public final class BusErrors {

  private static final Logger LOG = LoggerFactory.getLogger(BusErrors.class);

  private BusErrors() {
  }

  /** Fails {@code message} with the error's code and text; anything unexpected becomes {@code internal}. */
  public static void fail(Message<?> message, Throwable error) {
    PorthouseException e = toPorthouse(error);
    message.fail(e.code().failureCode(), e.getMessage());
  }

  /**
   * A consumer of requests answered by {@code action}: its result is the reply, its failure (or
   * what it throws) the request's failure, mapped by {@link #fail}.
   */
  public static Handler<Message<JsonObject>> answering(
      Function<JsonObject, Future<JsonObject>> action) {
    return msg -> {
      Future<JsonObject> result;
      try {
        result = action.apply(msg.body());
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onSuccess(msg::reply).onFailure(e -> fail(msg, e));
    };
  }

  /** The protocol error for any failure of a request or a local step. */
  public static PorthouseException toPorthouse(Throwable error) {
    if (error instanceof PorthouseException pe) {
      return pe;
    }
    if (error instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        return PorthouseException.of(ErrorCode.ofFailureCode(re.failureCode()), re.getMessage());
      }
      if (re.failureType() == ReplyFailure.TIMEOUT) {
        // asked and not answered: the part may have done it (a send may have been sequenced)
        return PorthouseException.of(ErrorCode.OUTCOME_UNKNOWN, "no answer in time: it may or may not have been done");
      }
      // NO_HANDLERS: no Porthouse part took it, so nothing was done; say so without internals
      return PorthouseException.of(ErrorCode.UNAVAILABLE, "service unavailable, try again");
    }
    if (error instanceof ConnectionPoolTooBusyException) { // a connection pool (the database's) bounds its waiters
      return PorthouseException.of(ErrorCode.UNAVAILABLE, "busy, try again");
    }
    LOG.error("unexpected error, reported to the client as 'internal'", error);
    return PorthouseException.of(ErrorCode.INTERNAL, "internal error");
  }
}
