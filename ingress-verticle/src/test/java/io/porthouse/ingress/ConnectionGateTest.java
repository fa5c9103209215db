package io.porthouse.ingress;

import io.porthouse.hub.LocalHub;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionGateTest {

  private static SocketAddress at(String host) {
    return SocketAddress.inetSocketAddress(40000, host);
  }

  private static ConnectionGate gate(int perAddress, int perClient) {
    LocalHub hub = new LocalHub(Runnable::run);
    return new ConnectionGate(perAddress, perClient, new IngressMeters("gate-test-" + System.nanoTime(), hub));
  }

  @Test
  void anAddressHoldsItsLimitAndGetsAPlaceBackWhenOneCloses() {
    ConnectionGate gate = gate(2, 0);
    assertThat(gate.open(at("10.0.0.1"))).isTrue();
    assertThat(gate.open(at("10.0.0.1"))).isTrue();
    assertThat(gate.open(at("10.0.0.1"))).as("over its limit").isFalse();
    assertThat(gate.open(at("10.0.0.2"))).as("another address").isTrue();
    gate.closed(at("10.0.0.1"));
    assertThat(gate.open(at("10.0.0.1"))).isTrue();
    assertThat(gate.openSession(at("10.0.0.1"))).as("SockJS sessions are counted apart").isTrue();
  }

  @Test
  void anIpv6AddressCountsByItsSlash64AndAMappedIpv4AsItself() {
    assertThat(ConnectionGate.addressKey(at("2001:db8:1:2:aaaa::1")))
        .isEqualTo(ConnectionGate.addressKey(at("2001:db8:1:2:bbbb:cccc:dddd:eeee")))
        .isNotEqualTo(ConnectionGate.addressKey(at("2001:db8:1:3::1")));
    assertThat(ConnectionGate.addressKey(at("::ffff:192.0.2.7"))).isEqualTo("192.0.2.7");
    assertThat(ConnectionGate.addressKey(at("192.0.2.7"))).isEqualTo("192.0.2.7");
  }

  @Test
  void aClientHoldsItsLimitOfSocketsAndZeroIsNone() {
    ConnectionGate gate = gate(0, 2);
    gate.clientIn("alice");
    gate.clientIn("alice");
    assertThat(gate.clientFull("alice")).isTrue();
    assertThat(gate.clientFull("bob")).isFalse();
    assertThat(gate.clientFull(null)).as("anonymous is not a client").isFalse();
    gate.clientOut("alice");
    assertThat(gate.clientFull("alice")).isFalse();
    ConnectionGate open = gate(0, 0);
    for (int i = 0; i < 1000; i++) {
      assertThat(open.open(at("10.0.0.1"))).isTrue();
      open.clientIn("alice");
    }
    assertThat(open.clientFull("alice")).isFalse();
  }
}
