package io.porthouse.core.bus.codec;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * The codec of an immutable record of {@code core.bus} that only ever travels between verticles
 * of one JVM ({@code Post}, {@code SendAck}): handed over as it is (no copy, no JSON), refused if
 * it were ever sent to another node.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {

  private final String name;

  private LocalCodec(String name) {
    this.name = name;
  }

  /** Registers it as {@code type}'s default codec once per {@link Vertx}. */
  public static <T> void register(Vertx vertx, Class<T> type, String name) {
    try {
      vertx.eventBus().registerDefaultCodec(type, new LocalCodec<>(name));
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vertx registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    throw new IllegalStateException(name + " is sent within its own JVM only");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new IllegalStateException(name + " is sent within its own JVM only");
  }

  @Override
  public T transform(T value) {
    return value; // immutable: handed over as it is
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
