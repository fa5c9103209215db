package io.porthouse.client;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rooms a client is in and the last place it saw in each (seq in epoch): kept up to date by
 * its joins and leaves and by what the server pushes (messages, resets, a room closed, a move), and
 * used after a reconnect to join each again from there. Touched on the client's context only.
 */
final class JoinedRooms {

  private record At(long seq, String epoch) {
  }

  private final Map<String, At> rooms = new LinkedHashMap<>();

  /** A join answered: from its seq, or from a later one seen already in the same epoch. */
  void joined(JsonObject answer) {
    String room = answer.getString("room");
    At known = rooms.get(room);
    long seq = known != null && known.epoch().equals(answer.getString("epoch"))
        ? Math.max(known.seq(), answer.getLong("seq")) : answer.getLong("seq");
    rooms.put(room, new At(seq, answer.getString("epoch")));
  }

  void left(String room) {
    rooms.remove(room);
  }

  /** A frame the server pushed: a message or a reset moves the place on; closed and moved take rooms away. */
  void pushed(String op, JsonObject frame) {
    String room = frame.getString("room");
    switch (op) {
      case "msg", "reset" -> {
        if (rooms.containsKey(room) && frame.getString("epoch") != null && frame.getLong("seq") != null) {
          rooms.put(room, new At(frame.getLong("seq"), frame.getString("epoch")));
        }
      }
      case "closed" -> rooms.remove(room);
      case "moved" -> { // out of the room that held it, or of every room
        if (frame.getString("from") == null) {
          rooms.clear();
        } else {
          rooms.remove(frame.getString("from"));
        }
      }
      default -> {
      }
    }
  }

  /**
   * Every room joined again through {@code ask}, one after another, with {@code since} and
   * {@code epoch}: each told to {@code resumed}; a room that refuses now (closed, rules changed) is
   * dropped and told to {@code refused}; a failure the server may get over fails the whole resume.
   */
  Future<Void> resume(Function<JsonObject, Future<JsonObject>> ask, Handler<Pushed.Resumed> resumed,
                      Handler<PorthouseClientException> refused) {
    Future<Void> all = Future.succeededFuture();
    List<Map.Entry<String, At>> places = new ArrayList<>(rooms.entrySet());
    for (Map.Entry<String, At> place : places) {
      String room = place.getKey();
      At at = place.getValue();
      all = all.compose(v -> ask.apply(new JsonObject().put("op", "join").put("room", room).put("since", at.seq())
          .put("epoch", at.epoch())).map(j -> {
            boolean recovered = j.getBoolean("recovered", false);
            At now = rooms.get(room);
            if (!recovered || now == null || !j.getString("epoch").equals(now.epoch())) {
              rooms.put(room, new At(j.getLong("seq"), j.getString("epoch")));
            }
            resumed.handle(new Pushed.Resumed(room, recovered, j.getLong("seq"), j.getString("epoch")));
            return (Void) null;
          }).recover(failure -> {
            if (failure instanceof PorthouseClientException p && !p.retryable()) {
              rooms.remove(room);
              refused.handle(p);
              return Future.succeededFuture();
            }
            return Future.failedFuture(failure);
          }));
    }
    return all;
  }
}
