package io.porthouse.bench.jmh;

import io.porthouse.bench.load.Wire;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.vertx.core.buffer.Buffer;

/** Inputs shared by the microbenchmarks: the same ~64-byte payload the load generator sends. */
final class JmhData {

  static final String PAYLOAD = Wire.payload(123_456_789_012L, 4242);
  static final String SEND_FRAME = "{\"op\":\"send\",\"room\":\"bench\",\"data\":" + PAYLOAD + "}";

  /** An envelope from socket {@code k3x9a0c2qe.<socketNumber>} carrying {@link #PAYLOAD} with {@code seq}. */
  static Envelope envelope(int socketNumber, long seq) {
    return new Envelope("k3x9a0c2qe-123456", "k3x9a0c2qe", "k3x9a0c2qe." + socketNumber, "alice",
        EnvelopeKind.TEXT, "bench", null, Buffer.buffer(PAYLOAD), 0, seq);
  }

  private JmhData() {
  }
}
