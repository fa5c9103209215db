package io.porthouse.core.protocol;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerFramesTest {

  @Test
  void msgWrapsPayloadBytesUnaltered() {
    Envelope e = new Envelope("i", "n", "n.1", "al\"ice", EnvelopeKind.TEXT, "r\"1", null,
        Buffer.buffer("{\"k\" :  1.50}"), 0, Envelope.NO_SEQ).sequenced(17, "ep1", 16);
    String frame = ServerFrames.msg(e).toString();
    assertThat(frame).endsWith(",\"data\":{\"k\" :  1.50}}");
    JsonObject json = new JsonObject(frame);
    assertThat(json.getString("op")).isEqualTo("msg");
    assertThat(json.getString("room")).isEqualTo("r\"1");
    assertThat(json.getLong("seq")).isEqualTo(17);
    assertThat(json.getString("epoch")).isEqualTo("ep1");
    assertThat(json.getString("from")).isEqualTo("n.1");
    assertThat(json.getString("client")).isEqualTo("al\"ice");
  }

  @Test
  void anonymousSenderHasNullClient() {
    Envelope e = new Envelope("i", "n", "n.1", null, EnvelopeKind.TEXT, "r", null, Buffer.buffer("null"), 0, 1);
    JsonObject json = new JsonObject(ServerFrames.msg(e).toString());
    assertThat(json.containsKey("client")).isTrue();
    assertThat(json.getValue("client")).isNull();
  }

  @Test
  void repliesEchoRefOnlyWhenGiven() {
    assertThat(new JsonObject(ServerFrames.pong("x")).getString("ref")).isEqualTo("x");
    assertThat(new JsonObject(ServerFrames.pong(null)).containsKey("ref")).isFalse();
    JsonObject err = new JsonObject(ServerFrames.error(3, ErrorCode.TOO_LARGE, "big"));
    assertThat(err.getInteger("ref")).isEqualTo(3);
    assertThat(err.getString("code")).isEqualTo("too_large");
  }

  @Test
  void rawTextIsAJsonStringBinaryIsBase64AndAPostIsFromNoSocket() {
    Envelope text = new Envelope("i", "n", "n.1", null, EnvelopeKind.RAW_TEXT, "r", null,
        Buffer.buffer("say \"hi\" {"), 0, Envelope.NO_SEQ).sequenced(1, "e", 0);
    assertThat(new JsonObject(ServerFrames.msg(text).toString()).getString("data")).isEqualTo("say \"hi\" {");
    Envelope binary = new Envelope("i", "n", "n.1", null, EnvelopeKind.BINARY, "r", null,
        Buffer.buffer(new byte[] {0, (byte) 0xff}), 0, Envelope.NO_SEQ).sequenced(2, "e", 1);
    JsonObject bin = new JsonObject(ServerFrames.msg(binary).toString());
    assertThat(bin.containsKey("data")).isFalse();
    assertThat(bin.getString("binary")).isEqualTo("AP8=");
    Envelope post = new Envelope("i", "n", null, "poster", EnvelopeKind.TEXT, "r", null, Buffer.buffer("1"), 0,
        Envelope.NO_SEQ).sequenced(3, "e", 2);
    JsonObject p = new JsonObject(ServerFrames.msg(post).toString());
    assertThat(p.containsKey("from")).isTrue();
    assertThat(p.getValue("from")).isNull();
    assertThat(p.getString("client")).isEqualTo("poster");
  }

  @Test
  void helloIsTheWelcomeWithThePushAddressWhenThereIsOne() {
    JsonObject plain = new JsonObject(ServerFrames.hello(null, "n.1", null, "n", null));
    assertThat(plain.getString("op")).isEqualTo("welcome");
    assertThat(plain.containsKey("address")).isFalse();
    JsonObject bridge = new JsonObject(ServerFrames.hello(7, "n.1", "al", "n", "porthouse.out.n.1"));
    assertThat(bridge.getString("address")).isEqualTo("porthouse.out.n.1");
    assertThat(bridge.getInteger("ref")).isEqualTo(7);
  }
}
