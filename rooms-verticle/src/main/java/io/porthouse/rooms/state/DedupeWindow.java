package io.porthouse.rooms.state;

import java.io.Serializable;

/**
 * How long a room remembers an envelope id it sequenced: at most {@code size} ids and none older
 * than {@code millis}. A repeat can only come from a retry of a call whose owner died mid-call
 * (Hazelcast retries it on the new owner within seconds), and the router has at most one
 * sequencing call in flight per sending socket, so the window must cover the senders that had a
 * message in flight at that moment, for the few seconds a failover takes.
 *
 * @param size   most ids remembered per room (0 turns dedupe off)
 * @param millis oldest id remembered, in milliseconds
 */
public record DedupeWindow(int size, long millis) implements Serializable {
}
