package io.porthouse.bench.jmh;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.vertx.core.buffer.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** The clustered hop's cost: encoding and decoding one envelope with a ~64-byte payload. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeCodecBench {

  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final Envelope envelope = JmhData.envelope(42, 98765);
  private final Buffer wire = encoded();

  private Buffer encoded() {
    Buffer b = Buffer.buffer();
    codec.encodeToWire(b, envelope);
    return b;
  }

  @Benchmark
  public Buffer encode() {
    Buffer b = Buffer.buffer(160);
    codec.encodeToWire(b, envelope);
    return b;
  }

  @Benchmark
  public Envelope decode() {
    return codec.decodeFromWire(0, wire);
  }

  @Benchmark
  public Envelope localTransform() {
    return codec.transform(envelope);
  }
}
