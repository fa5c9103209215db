package io.porthouse.ingress.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.Op;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.ingress.post.Publisher;
import io.porthouse.ingress.session.Session;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * One MQTT connection's packets as protocol v1 ops on its {@link Session}, so an MQTT client meets
 * the same token check, rules, limits, rate and metrics as every other socket. A topic is a room:
 * {@code SUBSCRIBE} joins (granted QoS 0: messages go out at most once), {@code UNSUBSCRIBE}
 * leaves, {@code PUBLISH} posts ({@link Publisher}, as HTTP POST: no membership needed, the room's
 * rules checked as the token's client). A QoS 1 publish is acknowledged once the room sequenced it; a
 * refusal is a {@code PUBACK} reason code in MQTT 5 and, in 3.1.1, which has none, the connection
 * closed (the spec's way): a {@code PUBACK} always means the room has the message. What Porthouse
 * does not do is refused, never pretended: wildcard filters, retained messages, QoS 2.
 */
final class MqttPackets {

  private final MqttEndpoint endpoint;
  private final Session session;
  private final Publisher publisher;
  /** The CONNECT password: what each publish is posted with ({@code null}: anonymous, refused). */
  private final String token;
  private final boolean v5;
  private final MqttTransport transport;
  /** QoS 1 publishes not yet answered, in the order they came. */
  private final ArrayDeque<Answer> unanswered = new ArrayDeque<>();
  /** Publishes on their way to the router; at {@code session.maxInFlight} the connection stops being read. */
  private int inFlight;
  private final int maxInFlight;
  private boolean paused;

  MqttPackets(MqttEndpoint endpoint, MqttTransport transport, Session session, Publisher publisher, String token) {
    this.endpoint = endpoint;
    this.transport = transport;
    this.session = session;
    this.publisher = publisher;
    this.token = token;
    this.v5 = transport.isV5();
    this.maxInFlight = session.node().settings().maxInFlight();
  }

  /** Sets the endpoint's handlers: every packet is answered here, none automatically. */
  void listen() {
    endpoint.publishAutoAck(false);
    endpoint.subscriptionAutoAck(false);
    endpoint.subscribeHandler(this::subscribe);
    endpoint.unsubscribeHandler(this::unsubscribe);
    endpoint.publishHandler(this::publish);
    endpoint.pingHandler(v -> session.heard());
  }

  private void subscribe(MqttSubscribeMessage m) {
    session.heard();
    List<MqttTopicSubscription> topics = m.topicSubscriptions();
    MqttSubAckReasonCode[] codes = new MqttSubAckReasonCode[topics.size()];
    int[] left = {topics.size()};
    Runnable answer = () -> {
      if (--left[0] == 0 && !session.isClosed()) {
        endpoint.subscribeAcknowledge(m.messageId(), Arrays.asList(codes), MqttProperties.NO_PROPERTIES);
      }
    };
    for (int i = 0; i < codes.length; i++) {
      int at = i;
      String filter = topics.get(i).topicName();
      if (filter.contains("+") || filter.contains("#")) {
        codes[at] = v5 ? MqttSubAckReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED : MqttSubAckReasonCode.UNSPECIFIED_ERROR;
        answer.run();
        continue;
      }
      session.submit(ClientFrame.of(Op.JOIN, "subscribe", filter, null), frame -> {
        JsonObject reply = new JsonObject(frame);
        codes[at] = "joined".equals(reply.getString("op")) ? MqttSubAckReasonCode.GRANTED_QOS0 : subAckCode(reply);
        answer.run();
      });
    }
  }

  private void unsubscribe(MqttUnsubscribeMessage m) {
    session.heard();
    List<String> topics = m.topics();
    MqttUnsubAckReasonCode[] codes = new MqttUnsubAckReasonCode[topics.size()];
    int[] left = {topics.size()};
    for (int i = 0; i < codes.length; i++) {
      int at = i;
      session.submit(ClientFrame.of(Op.LEAVE, "unsubscribe", topics.get(i), null), frame -> {
        JsonObject reply = new JsonObject(frame);
        codes[at] = "left".equals(reply.getString("op")) ? MqttUnsubAckReasonCode.SUCCESS
            : ErrorCode.NOT_FOUND.code().equals(reply.getString("code")) ? MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED
            : MqttUnsubAckReasonCode.UNSPECIFIED_ERROR;
        if (--left[0] == 0 && !session.isClosed()) {
          endpoint.unsubscribeAcknowledge(m.messageId(), Arrays.asList(codes), MqttProperties.NO_PROPERTIES);
        }
      });
    }
  }

  private void publish(MqttPublishMessage m) {
    session.heard();
    if (m.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      protocolRefusal(MqttDisconnectReasonCode.QOS_NOT_SUPPORTED, "QoS 2 is not supported: publish with QoS 0 or 1");
      return;
    }
    if (m.isRetain()) {
      protocolRefusal(MqttDisconnectReasonCode.RETAIN_NOT_SUPPORTED,
          "retained messages are not supported: a room's history holds its recent messages");
      return;
    }
    Answer answer = m.qosLevel() == MqttQoS.AT_LEAST_ONCE ? new Answer(m.messageId()) : null;
    if (answer != null) {
      unanswered.add(answer);
    }
    if (++inFlight >= maxInFlight && !paused) {
      paused = true; // backpressure: read no more until half of them are answered
      transport.pause();
    }
    // a post, as HTTP POST's: no membership needed, the room's rules checked as the token's client
    // (anonymous: refused). No message id: MQTT reuses packet ids, so a repeated one is not the
    // same message; QoS 1 is at least once.
    publisher.publish(token, m.topicName(), MqttPayloads.kindOf(m.payload()), m.payload(), null).onComplete(sent -> {
      if (--inFlight <= maxInFlight / 2 && paused) {
        paused = false;
        transport.resume();
      }
      if (answer == null) {
        return; // QoS 0: the client asked for no answer
      }
      if (sent.succeeded()) {
        answer.done(MqttPubAckReasonCode.SUCCESS, null);
      } else {
        PorthouseException e = BusErrors.toPorthouse(sent.cause());
        answer.done(pubAckCode(e.code()), e.getMessage());
      }
      answerInOrder();
    });
  }

  /** A QoS 1 publish's outcome, answered when every earlier one was (MQTT wants PUBACKs in order). */
  private static final class Answer {
    final int packetId;
    MqttPubAckReasonCode code;
    String why;

    Answer(int packetId) {
      this.packetId = packetId;
    }

    void done(MqttPubAckReasonCode code, String why) {
      this.code = code;
      this.why = why;
    }
  }

  private void answerInOrder() {
    while (!unanswered.isEmpty() && unanswered.peek().code != null && !session.isClosed()) {
      Answer a = unanswered.poll();
      if (a.code == MqttPubAckReasonCode.SUCCESS) {
        endpoint.publishAcknowledge(a.packetId, a.code, MqttProperties.NO_PROPERTIES);
      } else if (v5) {
        endpoint.publishAcknowledge(a.packetId, a.code, MqttIngress.reason(a.why));
      } else {
        session.close((short) 1008, a.why); // 3.1.1 has no refusal in PUBACK: closing is its way to say it
        return;
      }
    }
  }

  /** Something MQTT lets a server refuse only by disconnecting (MQTT 5: with the reason code). */
  private void protocolRefusal(MqttDisconnectReasonCode code, String why) {
    if (v5 && endpoint.isConnected()) {
      endpoint.disconnect(code, MqttIngress.reason(why));
    } else {
      session.close((short) 1008, why);
    }
  }

  private MqttSubAckReasonCode subAckCode(JsonObject error) {
    if (!v5) {
      return MqttSubAckReasonCode.UNSPECIFIED_ERROR; // 0x80, 3.1.1's one failure code
    }
    return switch (codeOf(error.getString("code"))) {
      case UNAUTHORIZED, FORBIDDEN -> MqttSubAckReasonCode.NOT_AUTHORIZED;
      case BAD_REQUEST -> MqttSubAckReasonCode.TOPIC_FILTER_INVALID;
      case RATE_LIMITED -> MqttSubAckReasonCode.QUOTA_EXCEEDED;
      case NOT_FOUND -> MqttSubAckReasonCode.TOPIC_FILTER_INVALID;
      default -> MqttSubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
    };
  }

  private static MqttPubAckReasonCode pubAckCode(ErrorCode code) {
    return switch (code) {
      case UNAUTHORIZED, FORBIDDEN -> MqttPubAckReasonCode.NOT_AUTHORIZED;
      case BAD_REQUEST -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
      case TOO_LARGE, RATE_LIMITED -> MqttPubAckReasonCode.QUOTA_EXCEEDED;
      case NOT_FOUND, CONFLICT -> MqttPubAckReasonCode.TOPIC_NAME_INVALID;
      default -> MqttPubAckReasonCode.UNSPECIFIED_ERROR; // unavailable, outcome_unknown: said in the reason string
    };
  }

  private static ErrorCode codeOf(String wire) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.code().equals(wire)) {
        return c;
      }
    }
    return ErrorCode.INTERNAL;
  }
}
