package io.porthouse.roomstate;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.io.Serial;
import java.util.Map;

/**
 * A room operation that its sequencer runs only if it arrives in time: one that waited longer than
 * {@link #MAX_AGE_MILLIS} since its caller sent it is refused, undone, with {@link LateCallException}.
 *
 * <p>Why: a JVM frozen (a stop-the-world pause, {@code SIGSTOP}, a VM migration) keeps the calls
 * that reached it queued on its partition threads. Past failure detection the others drop it,
 * its rooms' backups take over, and its callers are told the call may have been lost (and retry
 * it there). When it thaws, it would run those queued calls on its own stale copy before it
 * learns that it is out of the cluster, sequencing messages the rest of the cluster never sees:
 * seqs given twice, or holes, after the merge. Refusing what is older than the failure detection
 * could ever allow closes that window. Callers and sequencers compare wall clocks, so the JVMs'
 * clocks must agree within a few seconds (NTP).
 *
 * <p>Only the sequencer decides: its backups apply the wrapped operation as it is (they must apply
 * exactly what the sequencer applied), and a refused call has no backups at all.
 */
public final class TimelyOp<R> extends RoomOp<R> {

  @Serial
  private static final long serialVersionUID = 1L;

  /** Oldest call a sequencer runs: under {@code hazelcast.max.no.heartbeat.seconds} (15 s as shipped). */
  public static final long MAX_AGE_MILLIS = 10_000;

  private RoomOp<R> op;
  private long sentAt;

  /** For Hazelcast, which fills it from the wire. */
  TimelyOp() {
  }

  /** {@code op}, sent now by its caller ({@code sentAt}, the caller's wall clock). */
  public TimelyOp(RoomOp<R> op, long sentAt) {
    this.op = op;
    this.sentAt = sentAt;
  }

  @Override
  public R process(Map.Entry<String, RoomState> entry) {
    long waited = System.currentTimeMillis() - sentAt;
    if (waited > MAX_AGE_MILLIS) {
      throw new LateCallException("room '" + entry.getKey() + "': a call reached its sequencer " + waited
          + " ms after it was sent (this JVM was paused, or its clock is off); not run");
    }
    return op.process(entry);
  }

  @Override
  public EntryProcessor<String, RoomState, R> getBackupProcessor() {
    return op.getBackupProcessor();
  }

  @Override
  public int getClassId() {
    return RoomSerialization.TIMELY;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(sentAt);
    out.writeObject(op);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    sentAt = in.readLong();
    op = in.readObject();
  }

  /** A call its sequencer refused because it arrived too late: nothing was done. */
  public static final class LateCallException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public LateCallException(String message) {
      super(message);
    }
  }
}
