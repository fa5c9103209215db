package io.porthouse.router.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The room {@code rooms.lobby} names (the shipped config: {@code lobby}; default none): a public,
 * persistent room anyone may join and speak in, with presence and recent history, so that a first
 * visitor of the demo page has somewhere to go. Made at start, as any persistent room is, by the
 * server itself with role {@code owner}; kept when it is there already (another JVM made it, or an
 * earlier run: it is stored). Until the room's holders answer (a cluster starting in any order) the
 * create is tried again, every {@link #RETRY_MILLIS}.
 */
public final class Lobby {

  /** The lobby's rules: open to all, small messages, a steady rate per socket. */
  public static final JsonObject RULES = new JsonObject().put("persistent", true).put("public", true)
      .put("presence", true).put("history", true).put("historySize", 100).put("format", "json")
      .put("maxMessageBytes", 4096).put("rate", 5).put("burst", 10);

  private static final Logger LOG = LoggerFactory.getLogger(Lobby.class);
  private static final long RETRY_MILLIS = 2000;

  private final Vertx vertx;
  private final String name;
  private final String node;
  private long timer = -1;
  private boolean stopped;

  public Lobby(Vertx vertx, String name, String node) {
    this.vertx = vertx;
    this.name = name;
    this.node = node;
  }

  /** Makes the lobby unless it exists; goes on trying in the background while the rooms cannot answer. */
  public void start() {
    if (name.isEmpty() || stopped) {
      return;
    }
    RoomCommand create = new RoomCommand(name, "porthouse-lobby-" + node, node, "porthouse", List.of("owner"), RULES);
    vertx.eventBus().<JsonObject>request(Addresses.ROOMS_CREATE, create.toJson())
        .onSuccess(made -> LOG.info("rooms: made the lobby '{}' (rooms.lobby), a public persistent room", name))
        .onFailure(e -> {
          PorthouseException error = BusErrors.toPorthouse(e);
          if (error.code() == ErrorCode.CONFLICT) {
            LOG.debug("rooms: the lobby '{}' is there", name);
          } else if (error.code().serverSide()) {
            timer = vertx.setTimer(RETRY_MILLIS, t -> start());
          } else {
            LOG.error("rooms: cannot make the lobby '{}' (rooms.lobby): {}", name, error.getMessage());
          }
        });
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }
}
