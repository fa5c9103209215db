package io.porthouse.router.chain;

import io.porthouse.core.chain.EnvelopeInterceptor;
import io.porthouse.core.config.ConfigException;
import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterceptorChainTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  /** Rewrites the payload: shows an interceptor can change what is delivered. */
  public static final class Upper implements EnvelopeInterceptor {
    @Override
    public Future<Envelope> intercept(Envelope e) {
      return Future.succeededFuture(e.withPayload(Buffer.buffer(e.payload().toString().toUpperCase())));
    }
  }

  private static Envelope envelope(String payload) {
    return new Envelope("i", "n", "n.1", null, EnvelopeKind.TEXT, "r", null, Buffer.buffer(payload), 0, Envelope.NO_SEQ);
  }

  private InterceptorChain chain(int maxPayload, String... classes) throws Exception {
    JsonObject conf = PorthouseConfig.of(new JsonObject().put("router", new JsonObject()
        .put("chain", new JsonArray(List.of(classes))).put("maxPayloadBytes", maxPayload))).json();
    return InterceptorChain.fromConfig(vertx, conf).await(5, TimeUnit.SECONDS);
  }

  @Test
  void runsInConfiguredOrderAndStopsAtTheFirstRejection() throws Exception {
    InterceptorChain c = chain(5, SizeLimitInterceptor.class.getName(), Upper.class.getName());
    assertThat(c.names()).containsExactly("SizeLimitInterceptor", "Upper");
    assertThat(c.run(envelope("\"ab\"")).await(5, TimeUnit.SECONDS).payload().toString()).isEqualTo("\"AB\"");
    assertThatThrownBy(() -> c.run(envelope("\"abcd\"")).await(5, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(PorthouseException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
  }

  @Test
  void badClassNamesAreConfigErrors() {
    assertThatThrownBy(() -> chain(5, "no.such.Interceptor")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("no.such.Interceptor");
    assertThatThrownBy(() -> chain(5, String.class.getName())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not implement");
  }
}
