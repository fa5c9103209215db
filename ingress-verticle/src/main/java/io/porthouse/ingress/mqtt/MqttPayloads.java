package io.porthouse.ingress.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.FrameParser;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.Utf8;
import io.porthouse.hub.Delivery;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.buffer.VertxByteBufAllocator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How an MQTT payload and a room message map onto each other. In: a payload that is one JSON value
 * is a protocol v1 message with that {@code data}; other UTF-8 text is raw text (a WebSocket member
 * reads it as a JSON string in {@code data}); other bytes are binary ({@code binary}, base64). Out:
 * a {@code data} that is a JSON string is published as its text, any other JSON value as its JSON
 * text, raw text and binary as their bytes. So {@code mosquitto_pub -m hello} reaches a WebSocket
 * member as {@code "data":"hello"}, and that member's {@code "data":"hi"} reaches
 * {@code mosquitto_sub} as {@code hi}.
 */
final class MqttPayloads {

  private static final JsonFactory JSON = new JsonFactory();

  /** The QoS 0 {@code PUBLISH} of a delivery for MQTT 3.1.1 clients, made once per node. */
  static final Delivery.Shape<ByteBuf> PUBLISH_V4 = d -> publish(d, false);
  /** The same for MQTT 5 clients (one more byte: no properties). */
  static final Delivery.Shape<ByteBuf> PUBLISH_V5 = d -> publish(d, true);

  private MqttPayloads() {
  }

  /** What kind of room message an MQTT payload is: one JSON value, other UTF-8 text, or bytes. */
  static EnvelopeKind kindOf(Buffer payload) {
    if (!Utf8.valid(payload.getBytes())) {
      return EnvelopeKind.BINARY;
    }
    try {
      FrameParser.requireJsonValue(payload);
      return EnvelopeKind.TEXT;
    } catch (PorthouseException notOneJsonValue) {
      return EnvelopeKind.RAW_TEXT;
    }
  }

  /** What an MQTT subscriber receives of a room message. */
  static byte[] payloadOf(Envelope e) {
    byte[] bytes = e.payload().getBytes();
    if (e.kind() != EnvelopeKind.TEXT || bytes.length == 0 || bytes[0] != '"') {
      return bytes;
    }
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() == JsonToken.VALUE_STRING) {
        return p.getText().getBytes(StandardCharsets.UTF_8);
      }
    } catch (IOException notAString) {
      // the router only sequences valid JSON; fall through to the bytes as they are
    }
    return bytes;
  }

  private static ByteBuf publish(Delivery d, boolean v5) {
    byte[] topic = d.envelope().room().getBytes(StandardCharsets.UTF_8);
    byte[] payload = payloadOf(d.envelope());
    int remaining = 2 + topic.length + (v5 ? 1 : 0) + payload.length;
    ByteBuf b = VertxByteBufAllocator.DEFAULT.heapBuffer(5 + remaining);
    b.writeByte(0x30); // PUBLISH, QoS 0, not a duplicate, not retained
    for (int left = remaining; ; ) { // the remaining length, 7 bits a byte
      int digit = left & 0x7F;
      left >>>= 7;
      if (left == 0) {
        b.writeByte(digit);
        break;
      }
      b.writeByte(digit | 0x80);
    }
    b.writeShort(topic.length).writeBytes(topic);
    if (v5) {
      b.writeByte(0); // no properties
    }
    return b.writeBytes(payload);
  }

  /** A buffer of a shared shape, for one more channel to write and release. */
  static ByteBuf forOneChannel(ByteBuf shared) {
    return shared.retainedDuplicate();
  }
}
