package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.porthouse.core.cluster.HazelcastConfigs;

import java.io.IOException;
import java.util.List;

/**
 * What a sweep did to one room: the members of departed nodes it dropped (socket and client of
 * each), and, if the room has presence on, the nodes still holding members (to tell them once).
 */
public final class SweepResult implements IdentifiedDataSerializable {

  private static final String[] NONE = new String[0];
  private String[] sockets = NONE;
  private String[] clients = NONE;
  private boolean presence;
  private String[] nodes = NONE;
  /** The room holds webhook events no deliverer holds (see {@link RoomState#webhooksOrphaned}). */
  private boolean orphanedEvents;

  SweepResult() {
  }

  SweepResult withOrphanedEvents(boolean orphaned) {
    orphanedEvents = orphaned;
    return this;
  }

  /** Webhook events of the room wait and no deliverer holds them: one should be asked. */
  public boolean orphanedEvents() {
    return orphanedEvents;
  }

  SweepResult(List<String[]> dropped, boolean presence, String[] nodes) {
    this.sockets = dropped.stream().map(d -> d[0]).toArray(String[]::new);
    this.clients = dropped.stream().map(d -> d[1]).toArray(String[]::new);
    this.presence = presence;
    this.nodes = nodes;
  }

  /** Members dropped. */
  public int dropped() {
    return sockets.length;
  }

  public String socket(int i) {
    return sockets[i];
  }

  public String client(int i) {
    return clients[i];
  }

  public boolean presence() {
    return presence;
  }

  /** Nodes still holding members of a presence room. */
  public String[] nodes() {
    return nodes;
  }

  @Override
  public int getFactoryId() {
    return HazelcastConfigs.ROOMS_SERIALIZATION_FACTORY;
  }

  @Override
  public int getClassId() {
    return RoomSerialization.SWEEP_RESULT;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeStringArray(sockets);
    out.writeStringArray(clients);
    out.writeBoolean(presence);
    out.writeStringArray(nodes);
    out.writeBoolean(orphanedEvents);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    sockets = in.readStringArray();
    clients = in.readStringArray();
    presence = in.readBoolean();
    nodes = in.readStringArray();
    orphanedEvents = in.readBoolean();
  }
}
