package io.porthouse.core.envelope;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;

/**
 * An envelope's wire form, any bytes (what a cluster member or a bridge peer may send): decoded,
 * or refused with {@link IllegalArgumentException}; no length or count is believed beyond the bytes
 * there (the fuzz JVM's small heap turns any such allocation into a finding); what decodes
 * encodes back to an envelope equal to it.
 */
class EnvelopeCodecFuzzTest {

  @FuzzTest
  void decode(byte[] bytes) {
    Envelope e;
    try {
      e = EnvelopeCodec.decode(Buffer.buffer(bytes), 0);
    } catch (IllegalArgumentException refused) {
      return;
    }
    Envelope again = EnvelopeCodec.decode(EnvelopeCodec.encode(e), 0);
    if (!again.id().equals(e.id()) || !again.payload().equals(e.payload()) || again.seq() != e.seq()
        || !java.util.Objects.equals(again.to(), e.to()) || !java.util.Objects.equals(again.via(), e.via())) {
      throw new AssertionError("an envelope does not survive its own wire form: " + e + " / " + again);
    }
  }
}
