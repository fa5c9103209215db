package io.porthouse.core.cluster;

import com.hazelcast.config.Config;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link HazelcastConfigs#prepare} makes of a cluster configuration. */
class HazelcastConfigsTest {

  @Test
  void roomsWaitForTheirBackupsAndVertxsOwnMapsDoNot() {
    Config config = HazelcastConfigs.prepare(HazelcastConfigs.loopback("test", 5701), 1, 2, true);
    assertThat(config.getProperty("hazelcast.operation.fail.on.indeterminate.state")).isEqualTo("true");
    assertThat(config.getMapConfig(HazelcastConfigs.ROOMS_MAP).getBackupCount()).as("a room's change waits for its backup")
        .isEqualTo(1);
    for (String name : new String[] {"__vertx.nodeInfo", "__vertx.haInfo"}) {
      assertThat(config.getMapConfig(name).getBackupCount()).as(name).isZero();
      assertThat(config.getMapConfig(name).getAsyncBackupCount()).as(name).isEqualTo(1);
    }
    assertThat(config.getMultiMapConfig("__vertx.subs").getBackupCount()).isZero();
    assertThat(config.getMultiMapConfig("__vertx.subs").getAsyncBackupCount()).isEqualTo(1);
  }

  @Test
  void anOperatorWhoTurnsIndeterminateFailuresOffKeepsVertxsMapsAsConfigured() {
    Config config = HazelcastConfigs.loopback("test", 5701);
    config.setProperty("hazelcast.operation.fail.on.indeterminate.state", "false");
    int before = config.getMapConfig("__vertx.nodeInfo").getBackupCount();
    assertThat(before).as("Vert.x's default: one synchronous backup").isEqualTo(1);
    HazelcastConfigs.prepare(config, 1, 2, true);
    assertThat(config.getMapConfig("__vertx.nodeInfo").getBackupCount()).isEqualTo(before);
  }
}
