package io.porthouse.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchArgsTest {

  private static final Path CONF = Path.of("conf/porthouse.json");

  @Test
  void noArgumentsIsTheEmbeddedDefault() {
    LaunchArgs a = LaunchArgs.parse(new String[0], CONF);
    assertThat(a.mode()).isEqualTo(LaunchArgs.Mode.EMBEDDED);
    assertThat(a.conf()).isEqualTo(CONF);
  }

  @Test
  void clusterTakesNamesSpacedOrCommaSeparated() {
    assertThat(LaunchArgs.parse(new String[] {"--cluster", "ingress"}, CONF).verticles()).containsExactly("ingress");
    LaunchArgs a = LaunchArgs.parse(new String[] {"--cluster", "auth,rooms", "router", "--conf", "x.json"}, CONF);
    assertThat(a.mode()).isEqualTo(LaunchArgs.Mode.CLUSTER);
    assertThat(a.verticles()).containsExactly("auth", "rooms", "router");
    assertThat(a.conf()).isEqualTo(Path.of("x.json"));
    assertThatThrownBy(() -> LaunchArgs.parse(new String[] {"--cluster"}, CONF)).hasMessageContaining("needs verticle names");
    assertThat(LaunchArgs.parse(new String[] {"--cluster", "bridge"}, CONF).verticles()).containsExactly("bridge");
    assertThatThrownBy(() -> LaunchArgs.parse(new String[] {"--cluster", "gateway"}, CONF)).hasMessageContaining("unknown verticle 'gateway'");
  }

  @Test
  void tokenCommand() {
    LaunchArgs a = LaunchArgs.parse(new String[] {"token", "--sub", "alice", "--roles", "primary, owner", "--ttl", "1h"}, CONF);
    assertThat(a.mode()).isEqualTo(LaunchArgs.Mode.TOKEN);
    assertThat(a.sub()).isEqualTo("alice");
    assertThat(a.roles()).containsExactly("primary", "owner");
    assertThat(a.ttlSeconds()).isEqualTo(3600);
    assertThatThrownBy(() -> LaunchArgs.parse(new String[] {"token"}, CONF)).hasMessageContaining("--sub");
    assertThatThrownBy(() -> LaunchArgs.parse(new String[] {"--bogus"}, CONF)).hasMessageContaining("--bogus");
  }

  @Test
  void durations() {
    assertThat(LaunchArgs.parseDuration("90")).isEqualTo(90);
    assertThat(LaunchArgs.parseDuration("15m")).isEqualTo(900);
    assertThat(LaunchArgs.parseDuration("7d")).isEqualTo(7 * 86400);
    assertThatThrownBy(() -> LaunchArgs.parseDuration("0s")).hasMessageContaining("bad duration");
    assertThatThrownBy(() -> LaunchArgs.parseDuration("soon")).hasMessageContaining("bad duration");
  }
}
