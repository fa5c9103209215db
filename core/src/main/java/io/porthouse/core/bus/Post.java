package io.porthouse.core.bus;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.codec.LocalCodec;
import io.porthouse.core.envelope.Envelope;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * A post on its way from an ingress to the router beside it ({@link Addresses#ROUTER_POST}, local
 * only): a message without a sending socket (HTTP POST, UDP) and the roles of the client whose
 * token it carried. A post needs no membership, so the room's sequencer holds it to the rules a join
 * would (access: {@code authenticated}, {@code roles}, {@code clients}; a room with a password or
 * one-time codes takes no posts) and to the rules a member's send passes, with these roles.
 *
 * @param envelope the message ({@code socket} null, {@code client} the poster)
 * @param roles    the poster's roles
 */
public record Post(Envelope envelope, List<String> roles) {

  public Post {
    if (!envelope.isPost()) {
      throw new IllegalArgumentException("a post has no sending socket");
    }
    roles = List.copyOf(roles);
  }

  /** Registers the local codec once per {@link Vertx} (posts never leave their JVM). */
  public static void ensureCodec(Vertx vertx) {
    LocalCodec.register(vertx, Post.class, "porthouse.post");
  }
}
