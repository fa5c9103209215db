package io.porthouse.launcher;

import io.porthouse.core.config.PorthouseConfig;
import io.vertx.core.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The network transport named by config {@code transport}: {@code native} (epoll where this
 * machine can load it, else NIO), {@code epoll} (Linux; Netty's native library is in the jar) or
 * {@code nio} (the JDK's, everywhere). epoll costs about a fifth less server CPU per message than
 * NIO (bench/RESULTS.md). A transport named outright that this machine cannot load is an error at
 * start, with the reason, never a silent fall-back. io_uring is refused: with Netty 4.2.12 it
 * stalled deliveries under pipelined load in our tests.
 */
final class Transports {

  private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

  private Transports() {
  }

  static Transport chosen(PorthouseConfig config) {
    String name = config.json().getString("transport").toLowerCase(Locale.ROOT);
    Transport transport = switch (name) {
      case "nio" -> Transport.NIO;
      case "epoll" -> Transport.EPOLL;
      case "native" -> Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
      case "io_uring" -> throw new IllegalArgumentException("config transport: io_uring is not offered: with Netty "
          + "4.2.12 it stalled deliveries under pipelined load in our tests; use epoll or native");
      default -> throw new IllegalArgumentException(
          "config transport: unknown '" + name + "' (known: native, epoll, nio)");
    };
    if (!transport.available()) {
      throw new IllegalArgumentException("config transport: " + name + " is not available on this machine: "
          + transport.unavailabilityCause());
    }
    LOG.info("network transport: {}", transport.name());
    return transport;
  }
}
