package io.porthouse.ingress.session;

/**
 * Where the answer to one client frame goes. Most transports answer on the connection itself;
 * the event-bus bridge answers each message as its event-bus reply, and an op a control companion
 * runs on its primary is answered to the companion.
 */
@FunctionalInterface
public interface Replier {
  void reply(String frame);
}
