package io.porthouse.ingress.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.porthouse.hub.Delivery;
import io.porthouse.ingress.session.Transport;
import io.vertx.core.Future;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * A {@link io.porthouse.ingress.session.Session} over an MQTT connection. Room messages go out as
 * QoS 0 {@code PUBLISH}es whose topic is the room, encoded once per node and version
 * ({@link MqttPayloads}) and written to the channel unflushed, so a burst leaves in one write.
 * Protocol v1 frames the session sends on its own (notices, presence, {@code expired}) have no
 * MQTT form and are not sent; answers to the client's packets go by {@link MqttPackets}. What is
 * queued counts against {@code session.writeQueueMaxBytes}, as on every transport.
 */
final class MqttTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(MqttTransport.class);

  /** vertx-mqtt keeps its connection private; its channel is what pauses, bounds and writes. */
  private static final Field CONNECTION = connectionField();

  private final MqttEndpoint endpoint;
  private final ChannelHandlerContext channel;
  private final Delivery.Shape<ByteBuf> publish;

  MqttTransport(MqttEndpoint endpoint, int maxQueuedBytes) {
    this.endpoint = endpoint;
    this.channel = channelOf(endpoint);
    this.publish = endpoint.protocolVersion() >= 5 ? MqttPayloads.PUBLISH_V5 : MqttPayloads.PUBLISH_V4;
    channel.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(maxQueuedBytes / 2, maxQueuedBytes));
  }

  private static Field connectionField() {
    try {
      Field f = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this vertx-mqtt has no MqttEndpointImpl.conn: check the MQTT transport", e);
    }
  }

  private static ChannelHandlerContext channelOf(MqttEndpoint endpoint) {
    try {
      return ((NetSocketInternal) CONNECTION.get(endpoint)).channelHandlerContext();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean isV5() {
    return endpoint.protocolVersion() >= 5;
  }

  @Override
  public String name() {
    return "mqtt";
  }

  @Override
  public SocketAddress remoteAddress() {
    return endpoint.remoteAddress();
  }

  @Override
  public void send(String frame) {
    LOG.debug("mqtt {}: no MQTT form for {}", endpoint.clientIdentifier(), frame);
  }

  @Override
  public void write(Delivery delivery) {
    ByteBuf frame = MqttPayloads.forOneChannel(delivery.shape(publish));
    if (channel.executor().inEventLoop()) {
      channel.write(frame, channel.voidPromise());
    } else {
      channel.writeAndFlush(frame, channel.voidPromise());
    }
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public boolean backedUp() {
    return !channel.channel().isWritable();
  }

  @Override
  public void pause() {
    channel.channel().config().setAutoRead(false);
  }

  @Override
  public void resume() {
    channel.channel().config().setAutoRead(true);
  }

  @Override
  public void ping() {
    // the client pings (PINGREQ, answered by vertx-mqtt); a silent one is closed after 1.5 x its keep-alive
  }

  @Override
  public boolean pings() {
    return false;
  }

  @Override
  public boolean hearsNotices() {
    return false;
  }

  @Override
  public boolean greets() {
    return false; // CONNACK is the greeting, sent by MqttIngress once the token is checked
  }

  /**
   * Closes the connection; an MQTT 5 client connected first hears why ({@code DISCONNECT} with a
   * reason code and the reason as its reason string).
   */
  @Override
  public Future<Void> close(short code, String reason) {
    if (isV5() && endpoint.isConnected()) {
      endpoint.disconnect(disconnectCode(code), MqttIngress.reason(reason)); // vertx-mqtt closes the connection after it
    } else {
      endpoint.close();
    }
    return Future.succeededFuture();
  }

  private static MqttDisconnectReasonCode disconnectCode(short code) {
    return switch (code) {
      case 1000 -> MqttDisconnectReasonCode.NORMAL;
      case 1001 -> MqttDisconnectReasonCode.SERVER_SHUTTING_DOWN;
      case 1013 -> MqttDisconnectReasonCode.QUOTA_EXCEEDED; // not reading what it is sent
      default -> MqttDisconnectReasonCode.ADMINISTRATIVE_ACTION; // 1008: policy (errors, token, auth timeout)
    };
  }
}
