package io.porthouse.bench.jmh;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.FrameParser;
import io.porthouse.core.protocol.ServerFrames;
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

/** Parsing one {@code send} frame (data kept as bytes) and serialising one {@code msg} frame. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameBench {

  private final Buffer sendFrame = Buffer.buffer(JmhData.SEND_FRAME);
  private final Envelope sequenced = JmhData.envelope(42, 98765);

  @Benchmark
  public ClientFrame parseSend() {
    return FrameParser.parse(sendFrame);
  }

  @Benchmark
  public String serialiseMsg() {
    return ServerFrames.msg(sequenced).toString();
  }
}
