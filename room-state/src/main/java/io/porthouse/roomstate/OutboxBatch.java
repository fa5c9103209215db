package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.porthouse.core.cluster.HazelcastConfigs;

import java.io.IOException;

/**
 * What a deliverer is given of a room's webhook events ({@link DrainOutbox}): the next events in
 * order (JSON texts), the number of the last one (to acknowledge), and how many events the bound
 * dropped before them; or that there are none ({@link #EMPTY}, no room too), or that another node
 * holds the lease ({@link #BUSY}).
 */
public final class OutboxBatch implements IdentifiedDataSerializable {

  static final OutboxBatch EMPTY = new OutboxBatch(new String[0], 0, 0);
  static final OutboxBatch BUSY = leased();

  private String[] events = new String[0];
  private long last;
  private long dropped;
  private boolean busy;

  OutboxBatch() {
  }

  OutboxBatch(String[] events, long last, long dropped) {
    this.events = events;
    this.last = last;
    this.dropped = dropped;
  }

  private static OutboxBatch leased() {
    OutboxBatch b = new OutboxBatch();
    b.busy = true;
    return b;
  }

  /** The events' JSON texts, oldest first. */
  public String[] events() {
    return events;
  }

  /** The number of the last event given (acknowledge up to it). */
  public long last() {
    return last;
  }

  /** Events the bound dropped before these, not yet told. */
  public long dropped() {
    return dropped;
  }

  /** Another node holds the lease: it delivers them. */
  public boolean busy() {
    return busy;
  }

  public boolean isEmpty() {
    return !busy && events.length == 0;
  }

  @Override
  public int getFactoryId() {
    return HazelcastConfigs.ROOMS_SERIALIZATION_FACTORY;
  }

  @Override
  public int getClassId() {
    return RoomSerialization.OUTBOX_BATCH;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeStringArray(events);
    out.writeLong(last);
    out.writeLong(dropped);
    out.writeBoolean(busy);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    events = in.readStringArray();
    last = in.readLong();
    dropped = in.readLong();
    busy = in.readBoolean();
  }
}
