package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.LauncherProcess;
import io.porthouse.testing.Ports;
import io.porthouse.testing.Tokens;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Porthouse node under attack: the packaged launcher in a JVM of its own ({@code -Xmx256m}), on
 * free ports, with a signing key the test knows (to make tokens), so a test can attack it from
 * outside as anyone on the network would, and measure it from outside: its heap after a full GC
 * ({@code jcmd}), and whether other clients are still served ({@link ControlChat}).
 */
final class AttackedNode implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(60);
  private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final LauncherProcess process;
  private final int port;
  private final Map<String, String> env;
  private final Vertx clients = Vertx.vertx();
  private final Tokens tokens;

  private AttackedNode(LauncherProcess process, int port, Map<String, String> env, String secret) {
    this.process = process;
    this.port = port;
    this.env = env;
    this.tokens = new Tokens(clients, EmbeddedFixture.config(new JsonObject().put("auth", new JsonObject().put("jwtSecret", secret))));
  }

  /** Starts a node (embedded: every verticle) with {@code extra} environment on top of free ports and a fresh data directory. */
  static AttackedNode start(Path work, String name, Map<String, String> extra) throws IOException {
    int port = Ports.freePort();
    String secret = Tokens.randomSecret();
    Map<String, String> env = new HashMap<>();
    env.put("PORTHOUSE_HTTP_PORT", String.valueOf(port));
    env.put("PORTHOUSE_DATA_DIR", work.resolve("data-" + name).toString());
    env.put("PORTHOUSE_JWT_SECRET", secret);
    env.put("PORTHOUSE_ROOMS_PASSWORD_ITERATIONS", "100000");
    env.putAll(extra);
    LauncherProcess p = LauncherProcess.start(name, env, work);
    AttackedNode node = new AttackedNode(p, port, env, secret);
    try {
      p.awaitLog("porthouse started", START);
    } catch (RuntimeException | Error e) {
      node.close();
      throw e;
    }
    return node;
  }

  int port() {
    return port;
  }

  /** A port set in the environment it was started with (TCP, UDP). */
  int envPort(String name) {
    return Integer.parseInt(env.get(name));
  }

  Vertx clients() {
    return clients;
  }

  Tokens tokens() {
    return tokens;
  }

  WsTestClient as(String sub, String... roles) {
    return WsTestClient.connectWithToken(clients, port, tokens.token(sub, roles));
  }

  WsTestClient anonymous() {
    return WsTestClient.connect(clients, port);
  }

  /** Two clients chatting in a room of their own while the test attacks ({@link ControlChat}). */
  ControlChat control() {
    return new ControlChat(this);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Heap in use right after a full collection, in bytes (what the node really holds). */
  long heapAfterGc() {
    jcmd("GC.run");
    Matcher m = USED.matcher(jcmd("GC.heap_info"));
    long kib = 0;
    while (m.find()) {
      kib += Long.parseLong(m.group(1));
    }
    if (kib == 0) {
      throw new AssertionError("no heap figures from jcmd GC.heap_info");
    }
    return kib * 1024;
  }

  private String jcmd(String command) {
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(process.pid()), command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("jcmd " + command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Asserts the node's heap after a full GC grew by less than {@code bound} since {@code before}, and prints both. */
  void assertHeapWithin(long before, long bound, String attack) {
    long after = heapAfterGc();
    System.out.printf("%s: heap after a full GC %.1f MB before, %.1f MB after (bound +%d MB)%n", attack,
        before / 1048576.0, after / 1048576.0, bound >> 20);
    org.assertj.core.api.Assertions.assertThat(after - before).as("heap " + attack + " left").isLessThan(bound);
  }

  String log() throws IOException {
    return process.output();
  }

  @Override
  public void close() {
    try {
      process.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    WsTestClient.await(clients.close());
  }
}
