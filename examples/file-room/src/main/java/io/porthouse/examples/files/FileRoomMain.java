package io.porthouse.examples.files;

import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.launcher.Porthouse;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Porthouse embedded with the file room beside it, as docs/extending.md deploys an extension:
 * {@code examples/file-room/run} starts it. The configuration is Porthouse's own
 * ({@code conf/porthouse.json}, then {@code PORTHOUSE_*}); the file room listens on
 * {@code FILES_TCP_PORT} (2121) for nc and {@code FILES_HTTP_PORT} (8021) for WebSockets, and keeps
 * persistent rooms' files under Porthouse's data directory.
 */
public final class FileRoomMain {

  private FileRoomMain() {
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getenv().getOrDefault("PORTHOUSE_HOME", "."));
    Path conf = home.resolve("conf/porthouse.json");
    PorthouseConfig config = PorthouseConfig.load(Files.exists(conf) ? conf : null, System.getenv());
    Porthouse porthouse = Porthouse.embedded(config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    JsonObject files = new JsonObject()
        .put("host", config.json().getJsonObject("http").getString("host"))
        .put("tcpPort", Integer.parseInt(System.getenv().getOrDefault("FILES_TCP_PORT", "2121")))
        .put("httpPort", Integer.parseInt(System.getenv().getOrDefault("FILES_HTTP_PORT", "8021")))
        .put("dataDir", config.json().getString("dataDir"));
    porthouse.vertx().deployVerticle(new FileRoomVerticle(), new DeploymentOptions().setConfig(files))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.println("file room: nc " + files.getString("host") + " " + files.getInteger("tcpPort")
        + ", ws://" + files.getString("host") + ":" + files.getInteger("httpPort") + "/files/{room}?token=…");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        porthouse.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // exiting anyway
      }
    }));
  }
}
