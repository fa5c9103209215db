package io.porthouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where things are and how servers run, from the command line ({@code --key value}) with defaults
 * that suit the repository layout and this 2-core machine.
 */
record BenchConfig(Map<String, String> args, Path home) {

  String get(String key, String def) {
    return args.getOrDefault(key, def);
  }

  int integer(String key, int def) {
    return Integer.parseInt(get(key, Integer.toString(def)));
  }

  Path porthouseJar() {
    return home.resolve(get("porthouse-jar", "launcher/target/porthouse-launcher-0.1.0-SNAPSHOT-all.jar"));
  }

  /** The same settings with another Porthouse jar (the {@code previous} target). */
  BenchConfig withPorthouseJar(String jar) {
    if (jar.isEmpty()) {
      throw new IllegalArgumentException("target 'previous' needs --previous-jar PATH (an earlier porthouse-launcher-…-all.jar)");
    }
    Map<String, String> copy = new HashMap<>(args);
    copy.put("porthouse-jar", jar);
    // an earlier build reads its own conf/ (a newer conf may have keys it does not know): the
    // checkout it was built in, <home>/launcher/target/<jar>, when there is one
    Path jarDir = Path.of(jar).toAbsolutePath().getParent();
    Path jarHome = jarDir.getParent() == null ? null : jarDir.getParent().getParent();
    if (jarHome != null && Files.isRegularFile(jarHome.resolve("conf/porthouse.json"))) {
      copy.put("porthouse-home", jarHome.toString());
    }
    return new BenchConfig(copy, home);
  }

  /** The PORTHOUSE_HOME a server runs with (its conf/). */
  Path porthouseHome() {
    return Path.of(get("porthouse-home", home.toString()));
  }

  Path benchJar() {
    return home.resolve(get("bench-jar", "bench/target/porthouse-bench.jar"));
  }

  Path logDir() {
    return home.resolve(get("logs", "bench/target/logs"));
  }

  /** CPUs the servers are pinned to ({@code taskset -c}); the generator should run on the others. */
  String serverCpus() {
    String cpus = get("server-cpus", "1");
    return cpus.isEmpty() ? null : cpus;
  }

  /**
   * The same JVM flags for every server, Porthouse and baseline alike: {@code --server-jvm}, or
   * else what {@code bin/porthouse} gives a user ({@code conf/jvm.options}).
   */
  List<String> serverJvmArgs() {
    String given = args.get("server-jvm");
    if (given != null) {
      return Arrays.stream(given.split(" ")).filter(a -> !a.isBlank()).toList();
    }
    try {
      return Files.readAllLines(home.resolve("conf/jvm.options")).stream()
          .map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty())
          .flatMap(line -> Arrays.stream(line.split("\\s+"))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the launcher's JVM options", e);
    }
  }
}
