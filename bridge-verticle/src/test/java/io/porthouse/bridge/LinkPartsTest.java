package io.porthouse.bridge;

import io.porthouse.bridge.wire.FrameDecoder;
import io.porthouse.bridge.wire.LinkFrame;
import io.porthouse.core.config.ConfigException;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The link's parts that need no network: framing, the proof, the outbound buffer's bound, the links file. */
class LinkPartsTest {

  private static Envelope delivered(String room, long seq, String via) {
    return new Envelope("n-" + seq, "n", "n.1", "alice", EnvelopeKind.TEXT, room, null, Buffer.buffer("\"m" + seq + "\""),
        1L, seq, "ep", seq - 1, via);
  }

  @Test
  void framesAreCutFromAnyChunkingAndAnOversizedLengthIsRefusedBeforeBuffering() {
    List<LinkFrame> got = new ArrayList<>();
    FrameDecoder d = new FrameDecoder(1024, got::add);
    Buffer wire = Buffer.buffer()
        .appendBuffer(LinkFrame.json(LinkFrame.PING, new JsonObject()).encode())
        .appendBuffer(LinkFrame.msg(delivered("r", 7, "a:e:3")).encode());
    for (int i = 0; i < wire.length(); i++) { // one byte at a time
      d.feed(wire.getBuffer(i, i + 1));
    }
    assertThat(got).extracting(LinkFrame::type).containsExactly(LinkFrame.PING, LinkFrame.MSG);
    Envelope e = got.get(1).envelope();
    assertThat(e.seq()).isEqualTo(7);
    assertThat(e.via()).isEqualTo("a:e:3");
    assertThat(e.viaOrigin()).isEqualTo("a");
    assertThat(e.payload().toString()).isEqualTo("\"m7\"");
    assertThatThrownBy(() -> d.feed(Buffer.buffer().appendInt(1 << 30))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LinkFrame(LinkFrame.MSG, Buffer.buffer("not an envelope")).envelope())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aProofHoldsOnlyForItsSecretLinkProverAndNonces() {
    LinkAuth auth = new LinkAuth("a-secret-of-enough-length");
    String proof = auth.proof("ab", "a", "nonce-b", "nonce-a");
    assertThat(auth.verify(proof, "ab", "a", "nonce-b", "nonce-a")).isTrue();
    assertThat(new LinkAuth("another-secret-of-length").verify(proof, "ab", "a", "nonce-b", "nonce-a")).isFalse();
    assertThat(auth.verify(proof, "ab", "b", "nonce-a", "nonce-b")).as("reflected back as the other side").isFalse();
    assertThat(auth.verify(proof, "ac", "a", "nonce-b", "nonce-a")).as("another link").isFalse();
    assertThat(auth.verify(proof, "ab", "a", "nonce-c", "nonce-a")).as("another challenge").isFalse();
    assertThat(auth.verify(null, "ab", "a", "nonce-b", "nonce-a")).isFalse();
  }

  @Test
  void theOutboundBufferKeepsItsBoundAndRemembersWhatItDropped() {
    Outbound out = new Outbound(3);
    out.start("r", "ep", 0);
    for (long s = 1; s <= 5; s++) {
      out.add(delivered("r", s, null));
    }
    assertThat(out.size()).isEqualTo(3);
    assertThat(out.mark("r").base).as("1 and 2 were dropped: only history has them").isEqualTo(2);
    assertThat(out.evicted()).isEqualTo(2);
    List<Long> pending = new ArrayList<>();
    Map<String, Long> after = new HashMap<>();
    after.put("r", 3L);
    out.forEachPending(after, e -> pending.add(e.seq()));
    assertThat(pending).containsExactly(4L, 5L);
    out.acked("r", "ep", 4);
    assertThat(out.size()).isEqualTo(1);
    out.add(delivered("r", 6, null).sequenced(1, "ep2", 0));
    assertThat(out.mark("r").epoch).as("a new epoch starts the room again").isEqualTo("ep2");
  }

  @Test
  void aLinksFileIsCheckedWhole() {
    Map<String, LinkSpec> specs = LinkSpec.parseAll(new JsonObject("""
        {"links":[{"name":"ab","connect":"127.0.0.1:7101","rooms":["chat","team-*"],"direction":"out"},
                  {"name":"ac","rooms":["x"]}]}"""));
    LinkSpec ab = specs.get("ab");
    assertThat(ab.dials()).isTrue();
    assertThat(ab.carries("team-7", null)).isTrue();
    assertThat(ab.carries("teams", null)).isFalse();
    assertThat(ab.carries("chat", "ac")).as("a mesh room lives on its own link").isFalse();
    assertThat(specs.get("ac").carries("anything", "ac")).isTrue();
    assertThat(ab.direction().takes()).isFalse();
    assertThatThrownBy(() -> LinkSpec.parseAll(new JsonObject("{\"links\":[{\"name\":\"a b\"}]}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'name'");
    assertThatThrownBy(() -> LinkSpec.parseAll(new JsonObject("{\"links\":[{\"name\":\"ab\",\"connect\":\"host\"}]}")))
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> LinkSpec.parseAll(new JsonObject("{\"links\":[{\"name\":\"ab\",\"colour\":1}]}")))
        .hasMessageContaining("unknown key 'colour'");
    assertThatThrownBy(() -> LinkSpec.parseAll(new JsonObject("{\"links\":[{\"name\":\"ab\"},{\"name\":\"ab\"}]}")))
        .hasMessageContaining("named twice");
  }
}
