package io.porthouse.it;

import io.porthouse.testing.Eventually;
import io.porthouse.testing.LauncherProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM that knows the cluster's (public) name but not its secret cannot join it (separate JVMs,
 * real Hazelcast): it stays in a cluster of its own, so it holds no partitions and no event-bus
 * subscription of the real cluster reaches it; a JVM with the secret joins the same cluster.
 */
class ClusterSecretTest {

  private static final Duration START = Duration.ofSeconds(90);

  @TempDir
  Path work;

  private Map<String, String> env(String secret) {
    Map<String, String> env = new HashMap<>();
    env.put("PORTHOUSE_DATA_DIR", work.resolve("data-" + secret.hashCode()).toString());
    env.put("PORTHOUSE_CLUSTER_NAME", NAME);
    env.put("PORTHOUSE_CLUSTER_PORT", String.valueOf(PORT));
    env.put("PORTHOUSE_CLUSTER_SECRET", secret);
    env.put("PORTHOUSE_TCP_PORT", "0");
    env.put("PORTHOUSE_MQTT_PORT", "0");
    return env;
  }

  private static final String NAME = "porthouse-secret-" + UUID.randomUUID();
  private static final int PORT = 17000 + ThreadLocalRandom.current().nextInt(200, 400) * 20;

  private static String output(LauncherProcess p) {
    try {
      return p.output();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aJvmWithoutTheSecretCannotJoinOneWithItDoes() throws Exception {
    String secret = "the-right-secret-" + UUID.randomUUID();
    String wrong = "a-wrong-secret-of-32-characters-" + UUID.randomUUID();
    try (LauncherProcess member = LauncherProcess.start("member", env(secret), work, "--cluster", "auth", "rooms")) {
      member.awaitLog("porthouse started", START);
      try (LauncherProcess stranger = LauncherProcess.start("stranger", env(wrong), work, "--cluster", "auth", "rooms")) {
        stranger.awaitLog("porthouse started", START);
        try (LauncherProcess friend = LauncherProcess.start("friend", env(secret), work, "--cluster", "auth", "rooms")) {
          friend.awaitLog("porthouse started", START);
          Eventually.until(() -> "the member sees the friend join:\n" + output(member) + "\nfriend:\n" + output(friend),
              Duration.ofSeconds(30),
              () -> output(member).contains("joined; 2 members now"));
          assertThat(output(member)).as("never the stranger: a cluster of three").doesNotContain("joined; 3 members now");
          assertThat(output(stranger)).as("the stranger stays alone").doesNotContain("joined; 2 members now")
              .doesNotContain("joined; 3 members now");
          assertThat(output(stranger)).as("it was turned away at join").contains("different cluster-name");
        }
      }
    }
  }
}
