package io.porthouse.ingress.sse;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.hub.Delivery;
import io.porthouse.ingress.session.Session;
import io.porthouse.ingress.session.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Session} over one Server-Sent Events stream: one way, the server's frames as events.
 * A room message is {@code event: msg} whose {@code id} is the stream's place in each of its rooms
 * ({@link StreamPosition}), so the browser's {@code EventSource} names it in {@code Last-Event-ID}
 * when it reconnects; every other frame is an event named by its {@code op} ({@code welcome},
 * {@code presence}, {@code reset}, {@code error}, …). Until the stream is {@link #open opened}
 * (every room joined), what comes is held, so a refused stream answers an HTTP error and nothing
 * else. Keep-alive pings are comments; a stream that takes them is alive (the client never speaks).
 */
final class SseTransport implements Transport {

  private final HttpServerResponse response;
  private final SocketAddress remote;
  private final StreamPosition position = new StreamPosition();
  private final int maxQueuedBytes;
  private List<Buffer> held = new ArrayList<>();
  private long heldBytes;
  private Buffer pending;
  private Session session;

  SseTransport(HttpServerResponse response, SocketAddress remote, int maxQueuedBytes) {
    this.response = response;
    this.remote = remote;
    this.maxQueuedBytes = maxQueuedBytes;
    response.setWriteQueueMaxSize(maxQueuedBytes);
  }

  void session(Session owner) {
    session = owner;
  }

  /** Where the stream is in each room, to resume from (a {@code Last-Event-ID}). */
  StreamPosition position() {
    return position;
  }

  /** Every room joined: the 200 and its headers go out, then what was held. */
  void open() {
    response.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-store").putHeader("x-accel-buffering", "no");
    Buffer first = Buffer.buffer("retry: 2000\n\n");
    held.forEach(first::appendBuffer);
    held = null;
    response.write(first);
  }

  @Override
  public String name() {
    return "sse";
  }

  @Override
  public SocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public void send(String frame) {
    flush();
    String op = op(frame);
    if (op.equals("msg") || op.equals("reset")) { // a replayed message, or a new epoch: the stream is there now
      JsonObject at = new JsonObject(frame);
      if (at.getString("epoch") != null && at.getLong("seq") != null) {
        position.at(at.getString("room"), at.getLong("seq"), at.getString("epoch"));
        out(Buffer.buffer("id: " + position.id() + "\nevent: " + op + "\ndata: " + frame + "\n\n"));
        return;
      }
    }
    out(Buffer.buffer("event: " + op + "\ndata: " + frame + "\n\n"));
  }

  @Override
  public void write(Delivery delivery) {
    Envelope e = delivery.envelope();
    position.at(e.room(), e.seq(), e.epoch());
    Buffer event = Buffer.buffer("id: ").appendString(position.id()).appendString("\nevent: msg\ndata: ")
        .appendBuffer(delivery.msg()).appendString("\n\n");
    if (pending == null) {
      pending = event;
    } else {
      pending.appendBuffer(event);
    }
  }

  @Override
  public void flush() {
    if (pending != null) {
      Buffer events = pending;
      pending = null;
      out(events);
    }
  }

  private void out(Buffer bytes) {
    if (held != null) {
      held.add(bytes);
      heldBytes += bytes.length();
    } else if (!response.closed() && !response.ended()) {
      response.write(bytes);
    }
  }

  @Override
  public boolean backedUp() {
    return held == null ? response.writeQueueFull() : heldBytes > maxQueuedBytes;
  }

  @Override
  public void pause() {
    // nothing is read from an event stream
  }

  @Override
  public void resume() {
    // nothing is read from an event stream
  }

  @Override
  public void ping() {
    if (held == null && !response.closed() && !response.ended()) {
      response.write(": ping\n\n");
      if (!response.writeQueueFull() && session != null) {
        session.heard(); // the client never speaks: a stream that takes its pings is alive
      }
    }
  }

  @Override
  public Future<Void> close(short code, String reason) {
    if (response.closed() || response.ended()) {
      return Future.succeededFuture();
    }
    if (held != null) { // refused before it opened: an HTTP answer, not a stream
      return response.setStatusCode(code == 1008 ? 403 : 503).end(reason);
    }
    flush();
    response.write("event: close\ndata: {\"op\":\"close\",\"code\":" + code + ",\"reason\":"
        + Json.encode(reason) + "}\n\n");
    return response.end();
  }

  /** The {@code op} of a server frame ({@code {"op":"…",…}}), the event's name. */
  static String op(String frame) {
    int start = frame.indexOf("\"op\":\"");
    if (start < 0) {
      return "frame";
    }
    int end = frame.indexOf('"', start + 6);
    return end < 0 ? "frame" : frame.substring(start + 6, end);
  }
}
