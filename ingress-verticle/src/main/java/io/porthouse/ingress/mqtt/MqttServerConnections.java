package io.porthouse.ingress.mqtt;

import io.vertx.mqtt.impl.MqttServerConnection;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Hands a decoded packet to vertx-mqtt's connection, as its own server does. vertx-mqtt 5.0 offers
 * no way to serve a connection another server accepted (the shared port), and its packet handling
 * is package-private: it is reached once, at class load, and a change in vertx-mqtt fails the
 * start loudly rather than any connection quietly.
 */
final class MqttServerConnections {

  private static final MethodHandle HANDLE_MESSAGE = handleMessage();

  private MqttServerConnections() {
  }

  private static MethodHandle handleMessage() {
    try {
      return MethodHandles.privateLookupIn(MqttServerConnection.class, MethodHandles.lookup())
          .findVirtual(MqttServerConnection.class, "handleMessage", MethodType.methodType(void.class, Object.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this vertx-mqtt has no MqttServerConnection.handleMessage(Object)", e);
    }
  }

  /** One packet (or anything the pipeline passes on) to {@code connection}, under its lock as vertx-mqtt does. */
  static void handle(MqttServerConnection connection, Object packet) {
    synchronized (connection) {
      try {
        HANDLE_MESSAGE.invokeExact(connection, packet);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
