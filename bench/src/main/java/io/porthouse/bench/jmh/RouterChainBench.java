package io.porthouse.bench.jmh;

import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.router.chain.InterceptorChain;
import io.porthouse.router.chain.SizeLimitInterceptor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The router chain for one message, without the event-bus hop to the rooms owner (that is the
 * membership interceptor's cost, measured end to end by the load generator): size limit and the
 * chain's own composition. The payload stays a Buffer: no JSON parse.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterChainBench {

  private Vertx vertx;
  private InterceptorChain chain;
  private final Envelope envelope = JmhData.envelope(42, Envelope.NO_SEQ);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    JsonObject conf = PorthouseConfig.of(new JsonObject().put("router", new JsonObject()
        .put("chain", new JsonArray().add(SizeLimitInterceptor.class.getName())))).json();
    chain = InterceptorChain.fromConfig(vertx, conf).toCompletionStage().toCompletableFuture().get();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    vertx.close();
  }

  @Benchmark
  public Future<Envelope> runChain() {
    return chain.run(envelope);
  }
}
