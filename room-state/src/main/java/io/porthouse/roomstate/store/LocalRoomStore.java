package io.porthouse.roomstate.store;

import io.porthouse.core.bus.RoomSummary;
import io.porthouse.roomstate.RoomOp;
import io.porthouse.roomstate.RoomState;
import io.porthouse.roomstate.SweepResult;
import io.porthouse.roomstate.SweepRooms;
import io.vertx.core.Future;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Room state in this process (embedded Porthouse): a concurrent map whose {@code compute} runs
 * each operation atomically on its room, on the caller's thread. No hop, no copy, no Hazelcast.
 */
public final class LocalRoomStore implements RoomStore {

  private final ConcurrentHashMap<String, RoomState> rooms = new ConcurrentHashMap<>();

  @Override
  public <R> Future<R> apply(String room, RoomOp<R> op) {
    return Future.succeededFuture(applyNow(room, op));
  }

  /** Runs {@code op} now and answers its result (for callers that need no future). */
  public <R> R applyNow(String room, RoomOp<R> op) {
    Object[] result = new Object[1];
    rooms.compute(room, (name, state) -> {
      Map.Entry<String, RoomState> entry = new AbstractMap.SimpleEntry<>(name, state);
      result[0] = op.process(entry);
      return entry.getValue();
    });
    @SuppressWarnings("unchecked")
    R r = (R) result[0];
    return r;
  }

  @Override
  public Future<List<RoomSummary>> list(RoomListing listing, int limit) {
    List<RoomSummary> out = new ArrayList<>();
    for (Map.Entry<String, RoomState> e : rooms.entrySet()) {
      if (listing.apply(e)) {
        out.add(listing.transform(e));
      }
    }
    out.sort(Comparator.comparing(RoomSummary::name));
    return Future.succeededFuture(out.size() > limit ? List.copyOf(out.subList(0, limit)) : out);
  }

  @Override
  public Future<Map<String, SweepResult>> sweep(SweepRooms sweep) {
    Map<String, SweepResult> results = new HashMap<>();
    for (String room : List.copyOf(rooms.keySet())) {
      SweepResult r = applyNow(room, sweep);
      if (r != null) {
        results.put(room, r);
      }
    }
    return Future.succeededFuture(results);
  }

  @Override
  public int ownedRooms() {
    return rooms.size();
  }
}
