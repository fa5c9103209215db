package io.porthouse.router.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.HookCall;
import io.porthouse.core.bus.TemplatesRequest;
import io.porthouse.core.config.ConfigException;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.roomstate.RoomRules;
import io.porthouse.roomstate.RoomTemplates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The room templates in force on this router: those of the config ({@code templates}), and over
 * them those set through the admin API ({@code /admin/templates}), kept in a cluster-wide map
 * ({@code porthouse.templates}: Hazelcast's, with its backup, when clustered). A change through
 * the admin API is checked here, written to the map, then published: every router of the cluster
 * reads the map again, so within a moment all make rooms alike. Admin-set templates live as long as
 * the cluster does (a config template is for good). A room keeps the rules it was made with.
 */
public final class TemplateBook {

  private static final Logger LOG = LoggerFactory.getLogger(TemplateBook.class);
  private static final String MAP = "porthouse.templates";

  private final Vertx vertx;
  private final JsonObject configured;
  private final boolean defaultAutoCreate;
  private final RoomRules ruleBook;
  private final boolean hooksUrl;
  private final boolean webhooksUrl;
  private volatile RoomTemplates current;
  private volatile JsonObject adminSet = new JsonObject();

  public TemplateBook(Vertx vertx, JsonObject config, RoomRules ruleBook) {
    this.vertx = vertx;
    this.configured = config.getJsonObject("templates", new JsonObject()).copy();
    this.defaultAutoCreate = config.getJsonObject("rooms").getBoolean("autoCreate");
    this.ruleBook = ruleBook;
    this.hooksUrl = config.getJsonObject("hooks").getString("url") != null;
    this.webhooksUrl = config.getJsonObject("webhooks").getString("url") != null;
    this.current = RoomTemplates.of(configured, defaultAutoCreate, ruleBook);
  }

  /** The template of {@code room} now. */
  public RoomTemplates.Template of(String room) {
    return current.of(room);
  }

  /** Reads the admin-set templates, and answers the admin API and the cluster's change notices from now on. */
  public Future<Void> start() {
    return Future.all(List.of(
            vertx.eventBus().<JsonObject>localConsumer(Addresses.TEMPLATES,
                BusErrors.answering(body -> handle(TemplatesRequest.fromJson(body)))).completion(),
            vertx.eventBus().consumer(Addresses.TEMPLATES_CHANGED, msg -> reload()
                .onFailure(e -> LOG.warn("templates: not read again after a change: {}", e.toString()))).completion()))
        .compose(v -> reload());
  }

  private Future<AsyncMap<String, String>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }

  /** Reads the admin-set templates again; one that no longer checks out (a ceiling lowered since) is left out, said in the log. */
  private Future<Void> reload() {
    return map().compose(AsyncMap::entries).map(entries -> {
      JsonObject admin = new JsonObject();
      JsonObject merged = configured.copy();
      entries.forEach((pattern, json) -> {
        try {
          RoomTemplates.check(pattern, new JsonObject(json), ruleBook, defaultAutoCreate);
          admin.put(pattern, new JsonObject(json));
          merged.put(pattern, new JsonObject(json));
        } catch (RuntimeException e) {
          LOG.warn("templates: '{}' set through the admin API is left out: {}", pattern, e.getMessage());
        }
      });
      current = RoomTemplates.of(merged, defaultAutoCreate, ruleBook);
      adminSet = admin;
      return null;
    });
  }

  private Future<JsonObject> handle(TemplatesRequest request) {
    if (request instanceof TemplatesRequest.Put put) {
      return put(put.pattern(), put.template());
    }
    if (request instanceof TemplatesRequest.Delete delete) {
      return delete(delete.pattern());
    }
    return Future.succeededFuture(listing());
  }

  private Future<JsonObject> put(String pattern, JsonObject template) {
    if (pattern == null || pattern.isEmpty()) {
      return Future.failedFuture(PorthouseException.badRequest("a template needs a pattern"));
    }
    RoomTemplates.Template checked;
    try {
      checked = RoomTemplates.check(pattern, template, ruleBook, defaultAutoCreate);
    } catch (ConfigException e) {
      return Future.failedFuture(PorthouseException.badRequest(e.getMessage().replace("config key ", "")));
    }
    if (!checked.hooks().isEmpty() && !hooksUrl) {
      return Future.failedFuture(PorthouseException.badRequest("template '" + pattern + "' asks hooks "
          + checked.hooks().stream().map(HookCall.Hook::wireName).toList() + " but this server has no 'hooks.url'"));
    }
    if (checked.makesEvents() && !webhooksUrl) {
      return Future.failedFuture(PorthouseException.badRequest("template '" + pattern + "' makes webhook events "
          + "but this server has no 'webhooks.url'"));
    }
    return map().compose(m -> m.put(pattern, template.encode())).compose(v -> changed());
  }

  private Future<JsonObject> delete(String pattern) {
    if (pattern == null) {
      return Future.failedFuture(PorthouseException.badRequest("a template needs a pattern"));
    }
    return map().compose(m -> m.remove(pattern)).compose(was -> {
      if (was == null) {
        return Future.failedFuture(PorthouseException.of(configured.containsKey(pattern) ? ErrorCode.CONFLICT : ErrorCode.NOT_FOUND,
            configured.containsKey(pattern) ? "template '" + pattern + "' is set in the config file, not through the admin API"
                : "no template '" + pattern + "' set through the admin API"));
      }
      return changed();
    });
  }

  /** Every router reads the templates again (this one before it answers). */
  private Future<JsonObject> changed() {
    return reload().map(v -> {
      vertx.eventBus().publish(Addresses.TEMPLATES_CHANGED, new JsonObject());
      return listing();
    });
  }

  private JsonObject listing() {
    JsonObject templates = configured.copy();
    JsonObject setBy = new JsonObject();
    configured.fieldNames().forEach(p -> setBy.put(p, "config"));
    for (Map.Entry<String, Object> e : adminSet) {
      templates.put(e.getKey(), e.getValue());
      setBy.put(e.getKey(), "admin");
    }
    return new JsonObject().put("templates", templates).put("setBy", setBy);
  }
}
