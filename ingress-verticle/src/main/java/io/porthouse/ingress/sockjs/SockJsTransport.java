package io.porthouse.ingress.sockjs;

import io.porthouse.hub.Delivery;
import io.porthouse.ingress.session.Session;
import io.porthouse.ingress.session.Transport;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/**
 * A {@link Session} over one SockJS event-bus bridge socket. Answers to the client's sends go back
 * as their event-bus replies ({@link SockJsEndpoint}); what the server pushes (messages, resets,
 * companion events, errors without a request) is written straight to the SockJS socket as the
 * bridge's own {@code rec} frame for the client's push address, once the client registered a
 * handler there. No event-bus consumer is made per socket: the socket's state stays on its node.
 */
final class SockJsTransport implements Transport {

  private final SockJSSocket socket;
  private String address;
  private String recHead;
  private boolean registered;

  SockJsTransport(SockJSSocket socket) {
    this.socket = socket;
  }

  @Override
  public SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  @Override
  public String name() {
    return "sockjs";
  }

  /** The session is made: its push address is {@code porthouse.out.<socket id>}. */
  void address(String pushAddress) {
    address = pushAddress;
    recHead = "{\"type\":\"rec\",\"address\":\"" + pushAddress + "\",\"body\":";
  }

  /** The client registered (or unregistered) its handler on the push address. */
  void registered(boolean yes) {
    registered = yes;
  }

  @Override
  public String pushAddress() {
    return address;
  }

  @Override
  public boolean greets() {
    return false; // the client asks with hello, and learns its push address in the answer
  }

  @Override
  public void send(String frame) {
    push(frame);
  }

  @Override
  public void write(Delivery delivery) {
    push(delivery.msgText());
  }

  /** SockJS sockets take text (they escape it into their own frame): the body is decoded once per node, not per socket. */
  private void push(String body) {
    if (registered) {
      socket.write(recHead + body + "}");
    }
  }

  @Override
  public void flush() {
    // SockJS writes each frame at once
  }

  @Override
  public boolean backedUp() {
    return socket.writeQueueFull();
  }

  @Override
  public void pause() {
    socket.pause();
  }

  @Override
  public void resume() {
    socket.resume();
  }

  @Override
  public void ping() {
    // the SockJS client pings the server itself; the SockJS bridge closes a socket that stops (pingTimeout)
  }

  @Override
  public Future<Void> close(short code, String reason) {
    socket.close(code, reason);
    return Future.succeededFuture();
  }
}
