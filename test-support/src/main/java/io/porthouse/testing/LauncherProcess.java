package io.porthouse.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The packaged launcher ({@code porthouse-…-all.jar}) running as a separate OS process. */
public final class LauncherProcess implements AutoCloseable {

  public static final Path JAR = Path.of(System.getProperty("porthouse.jar", "../launcher/target/missing.jar"));
  public static final Path HOME = Path.of(System.getProperty("porthouse.home", ".."));

  private final String name;
  private final Process process;
  private final Path log;

  private LauncherProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java -jar porthouse.jar args...} with {@code env} added; output goes to a log file. */
  public static LauncherProcess start(String name, Map<String, String> env, Path logDir, String... args) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException("packaged launcher not found at " + JAR + ": run the build with 'mvn verify'");
    }
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return start(name, command, env, logDir);
  }

  /** As {@link #start(String, Map, Path, String...)}, in network namespace {@code netns} (a test's host). */
  public static LauncherProcess startIn(String netns, String name, Map<String, String> env, Path logDir, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns, javaBinary(), "-Xmx256m",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return start(name, command, env, logDir);
  }

  /**
   * Starts {@code bin/porthouse args...}, the README's command, with {@code env} added: the JVM
   * gets the script's options ({@code conf/jvm.options}, then {@code PORTHOUSE_JAVA_OPTS}) and, as
   * the script execs it, this process's pid.
   */
  public static LauncherProcess startScript(String name, Map<String, String> env, Path logDir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", HOME.resolve("bin/porthouse").toString()));
    command.addAll(List.of(args));
    return start(name, command, env, logDir);
  }

  private static LauncherProcess start(String name, List<String> command, Map<String, String> env, Path logDir)
      throws IOException {
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("PORTHOUSE_HOME", HOME.toAbsolutePath().toString());
    // conf/porthouse.json opens TCP on 7070 and MQTT on 1883: tests' JVMs keep off them unless a test asks
    pb.environment().put("PORTHOUSE_TCP_PORT", "0");
    pb.environment().put("PORTHOUSE_MQTT_PORT", "0");
    // a clustered rooms JVM needs its quorum said; tests that do not test it take none
    if (!env.containsKey("PORTHOUSE_CLUSTER_ROOMS_MEMBERS")) {
      pb.environment().putIfAbsent("PORTHOUSE_CLUSTER_MIN_ROOMS_MEMBERS", "1");
    }
    pb.environment().putAll(env);
    return new LauncherProcess(name, pb.start(), log);
  }

  /** Runs the launcher to completion and returns what it printed on stdout (the token command). */
  public static String run(Map<String, String> env, String... args) throws Exception {
    return runWithInput(env, "", args);
  }

  /** As {@link #run}, with {@code input} on its stdin (the password of {@code user add}). */
  public static String runWithInput(Map<String, String> env, String input, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PORTHOUSE_HOME", HOME.toAbsolutePath().toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("launcher " + args[0] + " failed: " + out);
    }
    return out;
  }

  /** Waits until the process has logged {@code text}; fails early if it exits. */
  public void awaitLog(String text, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!Files.readString(log).contains(text)) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited (" + process.exitValue() + ") before logging '" + text + "':\n" + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not log '" + text + "' within " + within + ":\n" + Files.readString(log));
      }
      LockSupport.parkNanos(100_000_000);
    }
  }

  @Override
  public String toString() {
    return name;
  }

  /** The command line the JVM runs with (for the script: after its exec). */
  public List<String> jvmArguments() {
    return process.toHandle().info().arguments().map(List::of).orElseThrow();
  }

  /** The process id (of the JVM itself for {@link #start}). */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String output() throws IOException {
    return Files.readString(log);
  }

  /** SIGSTOP: the JVM freezes (as in a long GC pause or a cut-off host) until {@link #resume}. */
  public void pause() throws Exception {
    signal("-STOP");
  }

  /** SIGQUIT: the JVM prints its threads into its log and goes on (what a failed test keeps). */
  public void threadDump() throws Exception {
    signal("-QUIT");
  }

  /** SIGCONT after {@link #pause}. */
  public void resume() throws Exception {
    signal("-CONT");
  }

  private void signal(String which) throws Exception {
    Process kill = new ProcessBuilder("kill", which, Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill " + which + " " + process.pid() + " failed");
    }
  }

  /** SIGKILL: the JVM dies without leaving the cluster or closing sockets. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM (like Ctrl-C): returns the exit code once the JVM has shut down. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private static String javaBinary() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  /** {@code p}'s output so far (a test's assertion error if it cannot be read). */
  public static String output(LauncherProcess p) {
    try {
      return p.output();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** How many times {@code what} occurs in {@code text}. */
  public static int occurrences(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
