package io.porthouse.core.bus;

import io.porthouse.core.Addresses;
import io.porthouse.core.envelope.Envelope;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

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
    try {
      vertx.eventBus().registerDefaultCodec(Post.class, new LocalCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vertx registered it first
    }
  }

  private static final class LocalCodec implements MessageCodec<Post, Post> {
    @Override
    public void encodeToWire(Buffer buffer, Post post) {
      throw new IllegalStateException("a post is sent to the router of its own JVM only");
    }

    @Override
    public Post decodeFromWire(int pos, Buffer buffer) {
      throw new IllegalStateException("a post is sent to the router of its own JVM only");
    }

    @Override
    public Post transform(Post post) {
      return post; // immutable: handed over as it is
    }

    @Override
    public String name() {
      return "porthouse.post";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
