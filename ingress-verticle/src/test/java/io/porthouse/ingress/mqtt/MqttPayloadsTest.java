package io.porthouse.ingress.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.hub.Delivery;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MqttPayloadsTest {

  private static Delivery delivery(EnvelopeKind kind, String room, byte[] payload) {
    return new Delivery(new Envelope("e1", "n1", "s1", "alice", kind, room, null, Buffer.buffer(payload), 0L, 7L,
        "ep", 6L));
  }

  @Test
  void aPayloadIsJsonDataTextOrBinary() {
    assertThat(MqttPayloads.kindOf(Buffer.buffer("{\"t\":1}"))).isEqualTo(EnvelopeKind.TEXT);
    assertThat(MqttPayloads.kindOf(Buffer.buffer("42"))).isEqualTo(EnvelopeKind.TEXT);
    assertThat(MqttPayloads.kindOf(Buffer.buffer("\"quoted\""))).isEqualTo(EnvelopeKind.TEXT);
    assertThat(MqttPayloads.kindOf(Buffer.buffer("hello world"))).isEqualTo(EnvelopeKind.RAW_TEXT);
    assertThat(MqttPayloads.kindOf(Buffer.buffer("{\"half\":"))).isEqualTo(EnvelopeKind.RAW_TEXT);
    assertThat(MqttPayloads.kindOf(Buffer.buffer("[".repeat(100) + "]".repeat(100)))).isEqualTo(EnvelopeKind.RAW_TEXT);
    assertThat(MqttPayloads.kindOf(Buffer.buffer())).isEqualTo(EnvelopeKind.RAW_TEXT);
    assertThat(MqttPayloads.kindOf(Buffer.buffer(new byte[] {(byte) 0xff, 0}))).isEqualTo(EnvelopeKind.BINARY);
  }

  @Test
  void aJsonStringIsPublishedAsItsTextAnythingElseAsItsBytes() {
    assertThat(text(EnvelopeKind.TEXT, "\"h\\u00e9llo \\\"there\\\"\"")).isEqualTo("héllo \"there\"");
    assertThat(text(EnvelopeKind.TEXT, "{\"t\":1}")).isEqualTo("{\"t\":1}");
    assertThat(text(EnvelopeKind.TEXT, "12.5")).isEqualTo("12.5");
    assertThat(text(EnvelopeKind.RAW_TEXT, "\"raw text keeps its quotes\"")).isEqualTo("\"raw text keeps its quotes\"");
    byte[] binary = {(byte) 0xff, 0, '"'};
    assertThat(MqttPayloads.payloadOf(delivery(EnvelopeKind.BINARY, "r", binary).envelope())).isEqualTo(binary);
  }

  private static String text(EnvelopeKind kind, String payload) {
    return new String(MqttPayloads.payloadOf(delivery(kind, "r", payload.getBytes(StandardCharsets.UTF_8)).envelope()),
        StandardCharsets.UTF_8);
  }

  @Test
  void theSharedPublishDecodesAsOneQos0PublishInBothVersions() {
    for (int size : new int[] {0, 5, 127, 128, 16_383, 16_384, 2_097_152}) {
      byte[] payload = new byte[size];
      for (int i = 0; i < size; i++) {
        payload[i] = (byte) ('a' + i % 26);
      }
      Delivery d = delivery(EnvelopeKind.RAW_TEXT, "sensors/kitchen/é", payload);
      check(d.shape(MqttPayloads.PUBLISH_V4), MqttVersion.MQTT_3_1_1, payload);
      check(d.shape(MqttPayloads.PUBLISH_V5), MqttVersion.MQTT_5, payload);
      assertThat(d.shape(MqttPayloads.PUBLISH_V4)).as("made once per node").isSameAs(d.shape(MqttPayloads.PUBLISH_V4));
    }
  }

  private static void check(ByteBuf shared, MqttVersion version, byte[] payload) {
    EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(4 << 20));
    // what the decoder learnt from the connection's CONNECT (Netty's own key)
    channel.attr(AttributeKey.<MqttVersion>valueOf("NETTY_CODEC_MQTT_VERSION")).set(version);
    channel.writeInbound(MqttPayloads.forOneChannel(shared));
    MqttPublishMessage m = channel.readInbound();
    assertThat(m.decoderResult().isSuccess()).as(String.valueOf(m.decoderResult().cause())).isTrue();
    assertThat(m.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
    assertThat(m.fixedHeader().isRetain()).isFalse();
    assertThat(m.variableHeader().topicName()).isEqualTo("sensors/kitchen/é");
    byte[] got = new byte[m.payload().readableBytes()];
    m.payload().readBytes(got);
    assertThat(got).isEqualTo(payload);
    m.release();
    assertThat((Object) channel.readInbound()).isNull();
    assertThat(shared.refCnt()).as("the shared buffer stays for the next channel").isEqualTo(1);
  }
}
