package io.porthouse.roomstate;

import java.io.Serializable;

/**
 * How long a room remembers a message it sequenced (by its sender's {@code id}, or its envelope
 * id): at most {@code size} of them and none older than {@code millis}. A repeat comes from a
 * call resent inside the cluster after its sequencer died mid-call (within the ~20 s of retries), or
 * from a client that retries with the same {@code id} after a timeout, an {@code outcome_unknown}
 * or a reconnect. The router has at most one sequencing call of up to 64 messages in flight per
 * sender, so the size must cover the senders that had a batch in flight when the sequencer failed
 * (1024 by default: 16 full batches), and the age the failover plus a client's reconnect (120 s).
 *
 * @param size   most ids remembered per room (0 turns dedupe off)
 * @param millis oldest id remembered, in milliseconds
 */
public record DedupeWindow(int size, long millis) implements Serializable {
}
