package io.porthouse.bench.jmh;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.hub.Delivery;
import io.porthouse.hub.LocalHub;
import io.vertx.core.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The node-local half of fan-out: one envelope to 1000 local members (serialised once, handed to
 * each member). The members swallow the frame, so this is the hub's own cost, not the sockets'.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LocalFanOutBench {

  @Param({"1000"})
  public int members;

  private LocalHub hub;
  private final Envelope envelope = JmhData.envelope(0, Envelope.NO_SEQ);
  private long seq;

  @Setup
  public void setUp(Blackhole blackhole) {
    hub = new LocalHub(Runnable::run);
    for (int i = 1; i <= members; i++) {
      String id = "k3x9a0c2qe." + i;
      LocalHub.Member m = new LocalHub.Member() {
        @Override
        public String id() {
          return id;
        }

        @Override
        public String client() {
          return null;
        }

        @Override
        public Set<String> rooms() {
          return Set.of("bench");
        }

        @Override
        public void flush() {
        }

        @Override
        public Future<Void> shutdown() {
          return Future.succeededFuture();
        }

        @Override
        public void deliver(Delivery delivery) {
          blackhole.consume(delivery.msg());
        }

        @Override
        public void control(String frame) {
          blackhole.consume(frame);
        }
      };
      hub.connected(m);
      hub.joining("bench", m);
      hub.joined("bench", m, 0, "e1", i == 1 ? 0 : -1);
    }
  }

  @Benchmark
  public int fanOut() {
    // each delivery follows the previous one, as the room's owner chains them
    seq++;
    return hub.deliver(envelope.sequenced(seq, "e1", seq - 1));
  }
}
