package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.Serializable;

/**
 * How much of its recent past a room keeps (server-wide config {@code history.*}): at most
 * {@code size} messages of at most {@code maxBytes} payload bytes in all, none older than
 * {@code ttlMillis}. {@code size} 0 keeps none. The bytes bound is what makes any history read or
 * resume replay small, whatever the members sent.
 */
public record HistoryLimits(int size, long ttlMillis, long maxBytes) implements Serializable {

  public static final HistoryLimits NONE = new HistoryLimits(0, 0, 0);

  /** The server-wide limits ({@code history.size}, {@code history.ttlSeconds}, {@code history.maxBytes}). */
  public static HistoryLimits fromConfig(JsonObject config) {
    JsonObject h = config.getJsonObject("history");
    return new HistoryLimits(h.getInteger("size"), h.getLong("ttlSeconds") * 1000, h.getLong("maxBytes"));
  }

  /** Limits without a bytes bound of their own (a room's rules; the server's bound applies). */
  public HistoryLimits(int size, long ttlMillis) {
    this(size, ttlMillis, Long.MAX_VALUE);
  }

  /** The stricter of these limits and {@code other} in each dimension (the server's and a room's own). */
  public HistoryLimits within(HistoryLimits other) {
    return new HistoryLimits(Math.min(size, other.size), Math.min(ttlMillis, other.ttlMillis), Math.min(maxBytes, other.maxBytes));
  }

  void writeTo(ObjectDataOutput out) throws IOException {
    out.writeInt(size);
    out.writeLong(ttlMillis);
    out.writeLong(maxBytes);
  }

  static HistoryLimits readFrom(ObjectDataInput in) throws IOException {
    return new HistoryLimits(in.readInt(), in.readLong(), in.readLong());
  }
}
