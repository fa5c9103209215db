package io.porthouse.core.bus;

import io.porthouse.core.bus.codec.LocalCodec;
import io.vertx.core.Vertx;

/**
 * The router's answer to an envelope sent to {@link io.porthouse.core.Addresses#ROUTER_ROUTE} or a
 * post to {@link io.porthouse.core.Addresses#ROUTER_POST}: the seq the room gave it (a failure is
 * a bus failure, see {@link BusErrors}). Local only: the router answers the ingress of its own
 * JVM, handing the record over as it is.
 */
public record SendAck(long seq) {

  /** Registers the local codec once per {@link Vertx}. */
  public static void ensureCodec(Vertx vertx) {
    LocalCodec.register(vertx, SendAck.class, "porthouse.send-ack");
  }
}
