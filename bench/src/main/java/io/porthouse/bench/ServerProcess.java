package io.porthouse.bench;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A server under test, started as its own JVM (optionally pinned to CPUs with {@code taskset})
 * and stopped with SIGTERM when the run ends.
 */
final class ServerProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Where its logs are, its GC log ({@code gc-<pid>.log}) among them. */
  Path logDir() {
    return log.getParent();
  }

  static ServerProcess start(String name, String cpus, List<String> jvmArgs, Map<String, String> env, Path logDir)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (cpus != null && new File("/usr/bin/taskset").canExecute()) {
      cmd.addAll(List.of("taskset", "-c", cpus));
    }
    cmd.add(System.getProperty("java.home") + "/bin/java");
    // every server logs its GC pauses, so a scenario can report those of its measured window
    cmd.add("-Xlog:gc:file=" + logDir.toAbsolutePath().resolve("gc-%p.log"));
    cmd.addAll(jvmArgs);
    Path out = logDir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().putAll(env);
    return new ServerProcess(name, pb.start(), out);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  /** Waits until something accepts TCP connections on {@code port} and the log holds {@code ready}. */
  ServerProcess awaitReady(int port, String ready, long timeoutMillis) throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited:\n" + Files.readString(log));
      }
      if (Files.readString(log).contains(ready) && (port <= 0 || accepts(port))) {
        return this;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(name + " not ready in time:\n" + Files.readString(log));
      }
      LockSupport.parkNanos(100_000_000);
    }
  }

  double cpuSeconds() {
    return ProcStats.cpuSeconds(pid());
  }

  long rssKib() {
    return ProcStats.rssKib(pid());
  }

  /** Runs {@code jcmd PID args} and returns its output. */
  String jcmd(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/jcmd", Long.toString(pid())));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
