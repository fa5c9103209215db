package io.porthouse.it;

import io.porthouse.testing.LauncherProcess;
import io.porthouse.testing.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, {@code bin/porthouse}, as a user runs it: the JVM gets the defaults
 * of {@code conf/jvm.options}, then {@code PORTHOUSE_JAVA_OPTS} (whose collector replaces the
 * file's, since the JVM refuses two), and the node becomes ready.
 */
class StartScriptTest {

  private static final Duration START = Duration.ofSeconds(90);

  @TempDir
  Path work;

  @Test
  void theScriptStartsAReadyNodeWithTheJvmDefaultsThenTheUsersFlags() throws Exception {
    List<String> defaults = Files.readAllLines(LauncherProcess.HOME.resolve("conf/jvm.options")).stream()
        .map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty())
        .flatMap(line -> Arrays.stream(line.split("\\s+"))).toList();
    assertThat(defaults).contains("-XX:+UseParallelGC");

    int port = Ports.freePort();
    try (LauncherProcess p = LauncherProcess.startScript("script", env(port, "-Xmx256m"), work)) {
      p.awaitLog("porthouse started", START);
      List<String> args = p.jvmArguments();
      assertThat(args).containsSubsequence(defaults);
      assertThat(args.indexOf("-Xmx256m")).as("the user's flags come after the defaults")
          .isGreaterThan(args.indexOf(defaults.get(defaults.size() - 1)));
      assertThat(ready(port)).isEqualTo(200);
    }

    int other = Ports.freePort();
    try (LauncherProcess p = LauncherProcess.startScript("script-serial", env(other, "-XX:+UseSerialGC -Xmx256m"), work)) {
      p.awaitLog("porthouse started", START);
      List<String> rest = defaults.stream().filter(flag -> !flag.equals("-XX:+UseParallelGC")).toList();
      assertThat(p.jvmArguments()).contains("-XX:+UseSerialGC").containsAll(rest).doesNotContain("-XX:+UseParallelGC");
      assertThat(ready(other)).isEqualTo(200);
    }
  }

  private Map<String, String> env(int port, String javaOpts) {
    // the reactor has just built the jar: a source edited meanwhile must not start a build inside this one
    return Map.of("PORTHOUSE_HTTP_PORT", String.valueOf(port), "PORTHOUSE_JAVA_OPTS", javaOpts,
        "PORTHOUSE_DATA_DIR", work.resolve("data-" + port).toString(), "PORTHOUSE_SKIP_BUILD", "1");
  }

  private static int ready(int port) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
