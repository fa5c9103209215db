package io.porthouse.bench.load;

import io.porthouse.core.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

import java.util.UUID;

/**
 * One SockJS bridge subscriber over an HTTP transport, as sockjs-client speaks it: a receiving
 * request (xhr-streaming: a chunked POST; eventsource: a GET event stream; xhr-polling: one POST
 * per poll), made again when the server ends it, and a POST {@code xhr_send} per frame sent (hello
 * with the token, register, joins, pings). Frames go to the same handling as the websocket
 * transport's: {@code o}, then {@code a[…]}.
 */
final class SockJsHttpSubscriber {

  private final HttpClient http;
  private final int port;
  private final Wire.Via via;
  private final String base;
  private final Handler<String> onFrame;
  private boolean closed;

  SockJsHttpSubscriber(HttpClient http, int port, Wire.Via via, int server, Handler<String> onFrame) {
    this.http = http;
    this.port = port;
    this.via = via;
    this.base = "/eventbus/" + server + "/" + UUID.randomUUID().toString().replace("-", "") + "/";
    this.onFrame = onFrame;
  }

  /** Starts receiving; frames arrive at the handler from {@code o} on. */
  void start() {
    receive();
  }

  private void receive() {
    if (closed) {
      return;
    }
    boolean es = via == Wire.Via.SOCKJS_EVENTSOURCE;
    String path = switch (via) {
      case SOCKJS_XHR_STREAMING -> "xhr_streaming";
      case SOCKJS_EVENTSOURCE -> "eventsource";
      default -> "xhr";
    };
    http.request(new RequestOptions().setMethod(es ? HttpMethod.GET : HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI(base + path))
        .compose(req -> req.send())
        .onSuccess(response -> read(response, es))
        .onFailure(e -> retry());
  }

  private void read(HttpClientResponse response, boolean es) {
    response.handler(RecordParser.newDelimited("\n", line -> {
      String text = line.toString();
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      if (es) {
        if (!text.startsWith("data: ")) {
          return;
        }
        text = text.substring(6);
      }
      if (text.isEmpty() || text.charAt(0) == 'h') {
        return; // the prelude, heartbeats
      }
      onFrame.handle(text);
    }));
    response.endHandler(v -> receive()); // a poll answered, or a stream past its byte bound: the next one
    response.exceptionHandler(e -> { });
  }

  private void retry() {
    if (!closed) {
      receive();
    }
  }

  /** Sends one bridge frame ({@code xhr_send}). */
  Future<Void> send(JsonObject message) {
    Promise<Void> sent = Promise.promise();
    http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI(base + "xhr_send")
            .putHeader("content-type", "text/plain"))
        .compose(req -> req.send(new JsonArray().add(message.encode()).encode()))
        .compose(HttpClientResponse::body)
        .onComplete(ar -> sent.tryComplete());
    return sent.future();
  }

  Future<Void> hello(String token) {
    return send(new JsonObject().put("type", "send").put("address", Addresses.SOCKJS_INBOUND)
        .put("headers", new JsonObject().put("Authorization", "Bearer " + token))
        .put("body", new JsonObject().put("op", "hello")).put("replyAddress", "hello"));
  }

  Future<Void> ping() {
    return send(new JsonObject().put("type", "ping"));
  }

  Future<Void> close() {
    closed = true;
    return Future.succeededFuture();
  }
}
