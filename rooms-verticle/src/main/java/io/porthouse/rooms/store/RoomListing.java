package io.porthouse.rooms.store;

import com.hazelcast.projection.Projection;
import com.hazelcast.query.Predicate;
import io.porthouse.rooms.state.RoomState;

import java.io.Serial;
import java.util.Map;
import java.util.Set;

/**
 * Which rooms a socket sees in {@code rooms}: public rooms, rooms its client created, and rooms it
 * is in, with names after {@code after} (the page cursor). Runs where the rooms are (a Hazelcast
 * predicate on each owner, or over the local map); only summaries travel back.
 */
public final class RoomListing implements Predicate<String, RoomState>,
    Projection<Map.Entry<String, RoomState>, RoomSummary> {

  @Serial
  private static final long serialVersionUID = 1L;
  private final String client;
  private final Set<String> mine;
  private final String after;

  public RoomListing(String client, Set<String> mine, String after) {
    this.client = client;
    this.mine = Set.copyOf(mine);
    this.after = after == null ? "" : after;
  }

  @Override
  public boolean apply(Map.Entry<String, RoomState> entry) {
    String name = entry.getKey();
    RoomState room = entry.getValue();
    return name.compareTo(after) > 0
        && (room.listed() || mine.contains(name) || client != null && client.equals(room.owner()));
  }

  @Override
  public RoomSummary transform(Map.Entry<String, RoomState> entry) {
    return new RoomSummary(entry.getKey(), "transient", entry.getValue().size());
  }
}
