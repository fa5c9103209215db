package io.porthouse.launcher;

import io.porthouse.core.config.PorthouseConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportsTest {

  private static PorthouseConfig transport(String name) {
    return PorthouseConfig.of(new JsonObject().put("transport", name));
  }

  @Test
  void nioIsTheJdksAndNativeIsEpollWhereItLoads() {
    assertThat(Transports.chosen(transport("nio"))).isSameAs(Transport.NIO);
    assertThat(Transports.chosen(transport("NATIVE")))
        .isSameAs(Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO);
  }

  @Test
  void anUnknownOrRefusedTransportIsAnErrorThatSaysWhy() {
    assertThatThrownBy(() -> Transports.chosen(transport("kqueue2"))).hasMessageContaining("unknown 'kqueue2'")
        .hasMessageContaining("native, epoll, nio");
    assertThatThrownBy(() -> Transports.chosen(transport("io_uring"))).hasMessageContaining("io_uring is not offered");
  }

  @Test
  void anEmbeddedStartWithABadTransportFailsWithoutStartingAnything() {
    Throwable failure = Porthouse.embedded(transport("bogus")).cause();
    assertThat(failure).hasMessageContaining("unknown 'bogus'");
  }
}
