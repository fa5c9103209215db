package io.porthouse.bridge;

import io.porthouse.core.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The links file ({@code bridge.links}): read again whenever its modification time changes. A
 * missing file is no links; a wrong one is refused whole (at start the bridge does not start; later
 * the links stay as they were).
 */
final class LinksFile {

  private static final Logger LOG = LoggerFactory.getLogger(LinksFile.class);

  private final Vertx vertx;
  private final BridgeSettings settings;
  private long stamp = -1;

  LinksFile(Vertx vertx, BridgeSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  /** The links the file holds if it changed since the last read, {@code null} if it did not (or a wrong file after start). */
  Future<Map<String, LinkSpec>> readIfChanged(boolean atStart) {
    String file = Path.of(settings.linksFile()).toString();
    return vertx.fileSystem().exists(file).compose(exists -> {
      if (!exists) {
        if (stamp == 0) {
          return Future.succeededFuture();
        }
        stamp = 0;
        return Future.succeededFuture(Map.of());
      }
      return vertx.fileSystem().props(file).compose(props -> {
        if (props.lastModifiedTime() == stamp) {
          return Future.succeededFuture();
        }
        stamp = props.lastModifiedTime();
        return vertx.fileSystem().readFile(file).compose(bytes -> {
          try {
            return Future.succeededFuture(checked(LinkSpec.parseAll(new JsonObject(bytes))));
          } catch (RuntimeException e) {
            String why = file + ": " + e.getMessage();
            if (atStart) {
              return Future.failedFuture(new ConfigException(why));
            }
            LOG.error("bridge: links file not applied, the links stay as they were: {}", why);
            return Future.succeededFuture();
          }
        });
      });
    });
  }

  /** {@code specs}, if every link has a secret (its own or {@code bridge.secret}); warns of links that share one. */
  private Map<String, LinkSpec> checked(Map<String, LinkSpec> specs) {
    List<String> shared = specs.values().stream().filter(l -> l.secret() == null).map(LinkSpec::name).toList();
    if (!shared.isEmpty() && settings.secret() == null) {
      throw new ConfigException("links " + shared + " have no 'secret' of their own: bridge.secret "
          + "(PORTHOUSE_BRIDGE_SECRET) must be set");
    }
    if (shared.size() > 1) {
      LOG.warn("bridge: links {} share bridge.secret: a peer of one can prove itself as another; give each link "
          + "its own 'secret' in the links file", shared);
    }
    return specs;
  }
}
