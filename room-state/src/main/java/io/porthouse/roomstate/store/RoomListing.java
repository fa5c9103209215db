package io.porthouse.roomstate.store;

import com.hazelcast.projection.Projection;
import com.hazelcast.query.Predicate;
import io.porthouse.core.bus.RoomSummary;
import io.porthouse.roomstate.RoomState;

import java.io.Serial;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rooms a socket sees in {@code rooms}: public rooms, rooms its client created, rooms it
 * is in, and rooms whose access rules name its identity (rules {@code roles}, {@code clients},
 * {@code authenticated}: a room open to anyone is listed only with rule {@code public}), with names after {@code after} (the page cursor). Runs where the rooms are (a Hazelcast
 * predicate on each rooms member, or over the local map); only summaries travel back.
 */
public final class RoomListing implements Predicate<String, RoomState>,
    Projection<Map.Entry<String, RoomState>, RoomSummary> {

  @Serial
  private static final long serialVersionUID = 1L;
  private final String client;
  private final List<String> roles;
  private final Set<String> mine;
  private final String after;

  private final boolean everything;
  /** Only this owner's rooms ({@code null}: any), for a socket that came in by its endpoint. */
  private String space;

  /** Only {@code owner}'s rooms (a socket that came in by that owner's endpoint). */
  public RoomListing inSpace(String owner) {
    space = owner;
    return this;
  }

  public RoomListing(String client, List<String> roles, Set<String> mine, String after) {
    this(client, roles, mine, after, false);
  }

  /** {@code everything}: every room (the admin API, for role {@code owner}). */
  public RoomListing(String client, List<String> roles, Set<String> mine, String after, boolean everything) {
    this.everything = everything;
    this.client = client;
    this.roles = List.copyOf(roles);
    this.mine = Set.copyOf(mine);
    this.after = after == null ? "" : after;
  }

  @Override
  public boolean apply(Map.Entry<String, RoomState> entry) {
    String name = entry.getKey();
    RoomState room = entry.getValue();
    return name.compareTo(after) > 0 && (space == null || space.equals(room.creator()))
        && (everything || room.listed() || mine.contains(name) || client != null && client.equals(room.creator())
        || room.listedTo(client, roles));
  }

  @Override
  public RoomSummary transform(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    return new RoomSummary(entry.getKey(), room.persistent() ? "persistent" : "transient", room.size(),
        everything ? room.seq() : -1);
  }
}
