package io.porthouse.core.envelope;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeCodecTest {

  private final EnvelopeCodec codec = new EnvelopeCodec();

  @Test
  void wireRoundTripKeepsEveryField() {
    Envelope e = new Envelope("n1-7", "n1", "n1.3", "alice", EnvelopeKind.TEXT, "lobby-ü",
        List.of("n2.1", "n2.2"), Buffer.buffer("{\"a\": [1, 2.50 ]}"), 1234567L, 42);
    Envelope back = roundTrip(e);
    assertThat(back).isEqualTo(e);
    assertThat(back.payload().toString()).isEqualTo("{\"a\": [1, 2.50 ]}");
  }

  @Test
  void sequencedDeliveryKeepsEpochAndPreviousSeq() {
    Envelope e = new Envelope("n1-9", "n1", "n1.3", "alice", EnvelopeKind.TEXT, "r", null, Buffer.buffer("1"), 7L,
        Envelope.NO_SEQ).sequenced(12, "e-k3x9", 9);
    Envelope back = roundTrip(e);
    assertThat(back).isEqualTo(e);
    assertThat(back.epoch()).isEqualTo("e-k3x9");
    assertThat(back.prevSeq()).isEqualTo(9);
  }

  @Test
  void repeatedReceiversAreKeptOnce() {
    Envelope e = new Envelope("i", "o", "s", null, EnvelopeKind.TEXT, "r", List.of("a", "b", "a", "a"),
        Buffer.buffer("1"), 0, Envelope.NO_SEQ);
    assertThat(e.to()).containsExactly("a", "b");
  }

  @Test
  void nullClientAndNoReceiversSurvive() {
    Envelope e = new Envelope("n1-8", "n1", "n1.4", null, EnvelopeKind.BINARY, "r", null,
        Buffer.buffer(new byte[] {0, -1, 7}), 1L, Envelope.NO_SEQ);
    Envelope back = roundTrip(e);
    assertThat(back.client()).isNull();
    assertThat(back.to()).isNull();
    assertThat(back.payload().getBytes()).containsExactly(0, -1, 7);
    assertThat(back.seq()).isEqualTo(Envelope.NO_SEQ);
  }

  @Test
  void decodesAtAnOffset() {
    Envelope e = new Envelope("i", "o", "s", "c", EnvelopeKind.CONTROL, "r", List.of(), Buffer.buffer("x"), 5, 6);
    Buffer wire = Buffer.buffer("prefix");
    codec.encodeToWire(wire, e);
    assertThat(codec.decodeFromWire(6, wire)).isEqualTo(e);
  }

  @Test
  void localHopHandsOverTheSameInstance() {
    Envelope e = new Envelope("i", "o", "s", null, EnvelopeKind.TEXT, "r", null, Buffer.buffer("1"), 0, 1);
    assertThat(codec.transform(e)).isSameAs(e);
  }

  private Envelope roundTrip(Envelope e) {
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, e);
    return codec.decodeFromWire(0, wire);
  }
}
