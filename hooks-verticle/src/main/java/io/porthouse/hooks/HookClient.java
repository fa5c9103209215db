package io.porthouse.hooks;

import io.porthouse.core.bus.HookCall;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.circuitbreaker.TimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * One hook's calls to the backend ({@code POST hooks.url/<hook>}): each signed
 * ({@link RequestSigner}), bounded in time ({@code hooks.timeoutMillis}) and in number
 * ({@code hooks.maxInFlight} at once; beyond, refused at once), behind a circuit breaker that,
 * after {@code hooks.breakerFailures} failures in a row, refuses calls for
 * {@code hooks.breakerResetMillis} before letting one through to try. A call that only asks
 * ({@link HookCall.Hook#safeToRetry()}) is tried once more after a failure; one that may act is never
 * repeated. Failures reach the caller as {@code unavailable}, saying which hook and why; the
 * backend's refusals as the code it gave. Used on the hooks verticle's event loop.
 */
final class HookClient {

  private static final Logger LOG = LoggerFactory.getLogger(HookClient.class);

  private final HookCall.Hook hook;
  private final WebClient client;
  private final String url;
  private final RequestSigner signer;
  private final long timeoutMillis;
  private final int maxInFlight;
  private final int maxAnswerBytes;
  private final long resetMillis;
  private final CircuitBreaker breaker;
  private final HookMeters meters;
  private int inFlight;

  HookClient(Vertx vertx, WebClient client, HookCall.Hook hook, JsonObject settings, RequestSigner signer) {
    this.hook = hook;
    this.client = client;
    this.url = settings.getString("url").replaceAll("/+$", "") + "/" + hook.wireName();
    this.signer = signer;
    this.timeoutMillis = settings.getLong("timeoutMillis");
    this.maxInFlight = settings.getInteger("maxInFlight");
    this.maxAnswerBytes = settings.getInteger("maxAnswerBytes");
    this.resetMillis = settings.getLong("breakerResetMillis");
    this.breaker = CircuitBreaker.create("porthouse-hook-" + hook.wireName(), vertx, new CircuitBreakerOptions()
        .setMaxFailures(settings.getInteger("breakerFailures"))
        .setResetTimeout(resetMillis)
        .setTimeout(timeoutMillis)
        .setMaxRetries(hook.safeToRetry() ? 1 : 0)
        .setFallbackOnFailure(false)
        .setNotificationAddress(null));
    this.meters = new HookMeters(hook, breaker);
  }

  /** Asks the backend; answers its {@code result}, or fails with the code the client is told. */
  Future<JsonObject> call(JsonObject body) {
    if (inFlight >= maxInFlight) {
      meters.outcome("overloaded", "unavailable");
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAVAILABLE, "the application's backend has "
          + maxInFlight + " '" + hook.wireName() + "' calls waiting already; try again"));
    }
    inFlight++;
    Buffer bytes = body.toBuffer();
    String requestId = UUID.randomUUID().toString(); // the same on a retry: the backend can tell a repeat
    long start = System.nanoTime();
    return breaker.<BackendAnswer>execute(() -> post(requestId, bytes))
        .andThen(ar -> inFlight--)
        .transform(ar -> {
          if (ar.failed()) {
            return Future.failedFuture(failure(ar.cause()));
          }
          meters.answered(start);
          if (ar.result() instanceof BackendAnswer.Refusal refusal) {
            meters.outcome("refused", refusal.code().code());
            return Future.failedFuture(refusal.toException());
          }
          meters.outcome("ok", "ok");
          return Future.succeededFuture(((BackendAnswer.Result) ar.result()).result());
        });
  }

  private Future<BackendAnswer> post(String requestId, Buffer body) {
    return signer.post(client, url, timeoutMillis, requestId, body)
        .map(response -> {
          Buffer answer = response.bodyAsBuffer();
          if (answer != null && answer.length() > maxAnswerBytes) {
            throw new BackendAnswer.BadAnswer("backend answer is larger than hooks.maxAnswerBytes (" + maxAnswerBytes + ")");
          }
          return BackendAnswer.parse(hook, response.statusCode(), answer == null ? Buffer.buffer() : answer);
        });
  }

  /** Why the call failed, as the client is told it (and counted). */
  private PorthouseException failure(Throwable cause) {
    String why;
    if (cause instanceof OpenCircuitException) {
      meters.outcome("open", "unavailable");
      why = "is failing: calls to it paused for up to " + resetMillis + " ms";
    } else if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException
        || String.valueOf(cause.getMessage()).contains("timeout")) {
      meters.outcome("timeout", "unavailable");
      why = "did not answer within " + timeoutMillis + " ms";
    } else if (cause instanceof BackendAnswer.BadAnswer bad) {
      meters.outcome("bad_answer", "unavailable");
      why = "gave a wrong answer (" + bad.getMessage() + ")";
    } else {
      meters.outcome("unreachable", "unavailable");
      why = "cannot be reached";
    }
    LOG.debug("hook {}: {}", hook.wireName(), cause.toString());
    return PorthouseException.of(ErrorCode.UNAVAILABLE, "the application's backend " + why + " (hook '"
        + hook.wireName() + "'); try again later");
  }
}
