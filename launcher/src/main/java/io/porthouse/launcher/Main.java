package io.porthouse.launcher;

import com.hazelcast.config.Config;
import io.porthouse.auth.JwtKeys;
import io.porthouse.auth.SecretStore;
import io.porthouse.auth.TokenIssuer;
import io.porthouse.auth.accounts.AccountStore;
import io.porthouse.core.cluster.HazelcastConfigs;
import io.porthouse.core.config.ConfigException;
import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.core.security.PasswordHash;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of {@code bin/porthouse}: starts Porthouse embedded or clustered, or prints a token.
 * Runs on the main thread, so it may wait for start-up and shut-down (never on an event loop).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** Exit codes: bad arguments or config, and a start that failed. */
  static final int EXIT_USAGE = 2;
  static final int EXIT_START_FAILED = 1;

  private Main() {
  }

  public static void main(String[] args) {
    Path home = Path.of(System.getenv().getOrDefault("PORTHOUSE_HOME", "."));
    String confEnv = System.getenv("PORTHOUSE_CONF");
    Path defaultConf = confEnv != null ? Path.of(confEnv) : home.resolve("conf/porthouse.json");
    LaunchArgs launch;
    PorthouseConfig config;
    try {
      launch = LaunchArgs.parse(args, defaultConf);
      config = PorthouseConfig.load(launch.conf(), System.getenv());
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println("porthouse: " + e.getMessage());
      System.err.println(LaunchArgs.USAGE);
      System.exit(EXIT_USAGE);
      return;
    }
    switch (launch.mode()) {
      case HELP -> System.out.println(LaunchArgs.USAGE);
      case TOKEN -> System.exit(printToken(launch, config));
      case USER_ADD -> System.exit(addUser(launch, config));
      case EMBEDDED -> run(Porthouse.embedded(config), "embedded");
      case CLUSTER -> {
        String clusterFile = config.section("cluster").getString("config");
        Path xml = Path.of(clusterFile).isAbsolute() ? Path.of(clusterFile) : home.resolve(clusterFile);
        String host = System.getenv().getOrDefault("PORTHOUSE_CLUSTER_HOST", "127.0.0.1");
        try {
          JsonObject cluster = config.section("cluster");
          String secret = cluster.getString("secret");
          if (secret == null || secret.isEmpty()) {
            secret = SecretStore.loadOrCreate(Path.of(config.json().getString("dataDir")), "cluster-secret");
          } else if (secret.length() < 32) {
            throw new ConfigException("cluster.secret (PORTHOUSE_CLUSTER_SECRET) must be at least 32 characters");
          }
          Config hazelcast = HazelcastConfigs.fromFile(xml, HazelcastConfigs.secureName(cluster.getString("name"), secret));
          hazelcast.getNetworkConfig().setPort(cluster.getInteger("port"));
          // joining is not bounded (a lite JVM waits for a rooms member as long as it takes, saying so); starting is
          HazelcastClusterManager member = joined(Porthouse.join(hazelcast, launch.verticles(), config));
          run(Porthouse.start(member, host, launch.verticles(), config), "clustered " + launch.verticles());
        } catch (ConfigException | IOException e) {
          System.err.println("porthouse: " + e.getMessage());
          System.exit(EXIT_USAGE);
        }
      }
    }
  }

  /** This JVM's cluster member once it has joined; a failed join ends the JVM. */
  private static HazelcastClusterManager joined(Future<HazelcastClusterManager> joining) {
    try {
      return joining.toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      LOG.error("porthouse failed to start: {}", cause.getMessage(), cause);
      System.exit(EXIT_START_FAILED);
      throw new IllegalStateException(cause); // not reached
    }
  }

  private static void run(Future<Porthouse> starting, String what) {
    long t0 = System.nanoTime();
    Porthouse porthouse;
    try {
      porthouse = starting.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      LOG.error("porthouse failed to start: {}", cause.getMessage(), cause);
      System.exit(EXIT_START_FAILED);
      return;
    }
    LOG.info("porthouse started ({}) in {} ms; Ctrl-C stops it", what, (System.nanoTime() - t0) / 1_000_000);
    int ops = porthouse.httpPort() > 0 ? porthouse.httpPort() : porthouse.opsPort();
    if (ops > 0) {
      String base = "http://127.0.0.1:" + ops;
      LOG.info("metrics {}/metrics, health {}/health, ready {}/ready", base, base, base);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("porthouse stopping: closing sockets, leaving the cluster");
      try {
        porthouse.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        LOG.info("porthouse stopped");
      } catch (Exception e) {
        LOG.warn("shutdown did not finish cleanly: {}", e.toString());
      }
    }, "porthouse-shutdown"));
  }

  /** {@code user add}: the password from the console (asked twice) or the first line of stdin; stored as its PBKDF2 hash. */
  private static int addUser(LaunchArgs launch, PorthouseConfig config) {
    String password;
    try {
      password = readPassword();
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("porthouse user add: " + e.getMessage());
      return EXIT_USAGE;
    }
    Vertx vertx = Vertx.vertx();
    AccountStore accounts = AccountStore.open(vertx, config.json());
    try {
      int iterations = config.section("rooms").getInteger("passwordIterations");
      accounts.migrate()
          .compose(v -> vertx.executeBlocking(() -> PasswordHash.hash(password, iterations)))
          .compose(hash -> accounts.add(launch.sub(), hash, launch.roles(), System.currentTimeMillis()))
          .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      System.out.println("account '" + launch.sub() + "' added" + (launch.roles().isEmpty() ? "" : " with roles " + launch.roles()));
      return 0;
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("porthouse user add: " + cause.getMessage());
      return EXIT_USAGE;
    } finally {
      accounts.close().eventually(vertx::close);
    }
  }

  private static String readPassword() throws IOException {
    Console console = System.console();
    String password;
    if (console != null) {
      char[] first = console.readPassword("password: ");
      char[] again = console.readPassword("again: ");
      if (first == null || !Arrays.equals(first, again)) {
        throw new IllegalArgumentException("the passwords differ");
      }
      password = new String(first);
    } else {
      password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
          .readLine();
    }
    if (password == null || password.isEmpty() || password.length() > 1024) {
      throw new IllegalArgumentException("a password of 1 to 1024 characters is needed (a prompt, or the first line of stdin)");
    }
    return password;
  }

  private static int printToken(LaunchArgs launch, PorthouseConfig config) {
    Vertx vertx = Vertx.vertx();
    try {
      JWTAuth jwt = JWTAuth.create(vertx, JwtKeys.load(config.json()));
      long ttl = launch.ttlSeconds() > 0 ? launch.ttlSeconds() : config.section("auth").getLong("defaultTtlSeconds");
      System.out.println(new TokenIssuer(jwt, config.json()).issue(launch.sub(), launch.roles(), ttl));
      return 0;
    } catch (Exception e) {
      System.err.println("porthouse token: " + e.getMessage());
      return EXIT_USAGE;
    } finally {
      vertx.close();
    }
  }
}
