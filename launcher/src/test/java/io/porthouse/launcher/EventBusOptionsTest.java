package io.porthouse.launcher;

import io.porthouse.core.config.ConfigException;
import io.porthouse.core.config.PorthouseConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The clustered event bus listens off loopback only with TLS, unless the operator says otherwise outright. */
class EventBusOptionsTest {

  private static JsonObject cluster(JsonObject overrides) {
    return PorthouseConfig.of(new JsonObject().put("cluster", overrides)).section("cluster");
  }

  @Test
  void onLoopbackThePlainEventBusIsFine() {
    for (String host : new String[] {"127.0.0.1", "127.3.2.1", "localhost", "::1"}) {
      assertThat(ClusteredEventBus.options(host, cluster(new JsonObject())).isSsl()).as(host).isFalse();
    }
  }

  @Test
  void offLoopbackWithoutTlsTheStartIsRefusedSayingWhatToDo() {
    assertThatThrownBy(() -> ClusteredEventBus.options("10.0.1.11", cluster(new JsonObject())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("without TLS").hasMessageContaining("cluster.tlsKeyFile")
        .hasMessageContaining("PORTHOUSE_CLUSTER_ALLOW_PLAINTEXT_EVENT_BUS");
    assertThatThrownBy(() -> ClusteredEventBus.options("db.example.org", cluster(new JsonObject())))
        .as("a name is not taken for loopback").isInstanceOf(ConfigException.class);
  }

  @Test
  void offLoopbackTheOperatorMayChooseTlsOrSayOutrightThatTheNetworkIsPrivate() {
    assertThat(ClusteredEventBus.options("10.0.1.11", cluster(new JsonObject().put("allowPlaintextEventBus", true))).isSsl())
        .isFalse();
    assertThat(ClusteredEventBus.options("10.0.1.11", cluster(new JsonObject().put("tlsKeyFile", "k.pem")
        .put("tlsCertFile", "c.pem").put("tlsTrustFile", "t.pem"))).isSsl()).isTrue();
  }
}
