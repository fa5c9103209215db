package io.porthouse.testing;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Node.js program from {@code clients/js/test} (its {@code node_modules} installed by the build of
 * the clients/js module), run as a real process: JSON lines to its stdin, every JSON line it prints
 * collected, waited for with a deadline. Used to drive the standard npm event-bus client (SockJS) from tests.
 */
public final class NodeJsProcess implements AutoCloseable {

  /** {@code clients/js}, found from the system property {@code porthouse.home} (the project root). */
  public static final Path CLIENTS_JS = Path.of(System.getProperty("porthouse.home", "..")).resolve("clients/js");

  private final Process process;
  private final Writer stdin;
  private final List<JsonObject> lines = new ArrayList<>();
  private final StringBuilder other = new StringBuilder();

  private NodeJsProcess(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "node-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code node clients/js/test/<script> args...} with {@code env} added. */
  public static NodeJsProcess start(String script, Map<String, String> env, String... args) {
    if (!Files.isDirectory(CLIENTS_JS.resolve("node_modules"))) {
      throw new IllegalStateException("no " + CLIENTS_JS.resolve("node_modules") + ": the build of the clients/js module runs 'npm ci' there");
    }
    return run(CLIENTS_JS.resolve("test").resolve(script), CLIENTS_JS, env, args);
  }

  /** Starts {@code node <script> args...} (a path from the project root) with {@code env} added, in the project root. */
  public static NodeJsProcess startFromRoot(String script, Map<String, String> env, String... args) {
    Path root = CLIENTS_JS.getParent().getParent();
    return run(root.resolve(script), root, env, args);
  }

  private static NodeJsProcess run(Path script, Path directory, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    try {
      return new NodeJsProcess(pb.start());
    } catch (IOException e) {
      throw new AssertionError("cannot start node: " + e, e);
    }
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (lines) {
          if (line.startsWith("{")) {
            lines.add(new JsonObject(line));
          } else {
            other.append(line).append('\n');
          }
          lines.notifyAll();
        }
      }
    } catch (IOException | RuntimeException e) {
      synchronized (lines) {
        other.append("(reading stopped: ").append(e).append(")\n");
        lines.notifyAll();
      }
    }
  }

  /** Writes one JSON line to the program. */
  public NodeJsProcess command(JsonObject command) {
    try {
      stdin.write(command.encode() + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError("node has gone: " + output(), e);
    }
    return this;
  }

  /** The first printed JSON line not yet taken that matches (earlier ones stay). */
  public JsonObject next(Predicate<JsonObject> match) {
    return next(match, ProtocolTestClient.TIMEOUT);
  }

  /** The first printed JSON line not yet taken that matches, waited for up to {@code within}. */
  public JsonObject next(Predicate<JsonObject> match, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    synchronized (lines) {
      while (true) {
        for (int i = 0; i < lines.size(); i++) {
          if (match.test(lines.get(i))) {
            return lines.remove(i);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("node printed nothing matching within " + within
              + "; lines waiting: " + lines + "; other output: " + other);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lines, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** The next printed line with this {@code event}. */
  public JsonObject next(String event) {
    return next(l -> event.equals(l.getString("event")));
  }

  /** Lines printed and not yet taken (a copy). */
  public List<JsonObject> pending() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Waits for the program to exit; answers its exit code. */
  public int awaitExit(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new AssertionError("node did not exit within " + seconds + " s: " + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** What the program printed that was not a JSON line. */
  public String output() {
    synchronized (lines) {
      return other.toString();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
