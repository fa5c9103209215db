package io.porthouse.ingress.udp;

import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.FrameParser;
import io.porthouse.core.protocol.Op;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.ingress.post.Publisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;

/**
 * The UDP ingress: each datagram is one single-shot {@code send}, {@code {"op":"send","room":…,
 * "data":…,"token":"…"}}, posted with the same rules as HTTP POST ({@link Publisher}). Nothing
 * goes back over UDP. Datagrams that cannot be parsed, are over the limit, fail auth or are
 * refused are dropped and counted by error code; the counts are logged at most every
 * {@link #LOG_EVERY_MILLIS} (never a line per datagram) and shown in {@code /health}.
 */
public final class UdpIngress {

  private static final Logger LOG = LoggerFactory.getLogger(UdpIngress.class);
  static final long LOG_EVERY_MILLIS = 10_000;
  private static final int MAX_DATAGRAM = 65_536;

  private final Vertx vertx;
  private final Publisher publisher;
  private final int maxBytes;
  private final Map<ErrorCode, Long> dropped = new EnumMap<>(ErrorCode.class);
  private final Map<ErrorCode, Long> droppedLogged = new EnumMap<>(ErrorCode.class);
  private DatagramSocket socket;
  private long received;
  private long posted;
  private long timer = -1;

  public UdpIngress(Vertx vertx, Publisher publisher, int maxBytes) {
    this.vertx = vertx;
    this.publisher = publisher;
    this.maxBytes = maxBytes;
  }

  public Future<DatagramSocket> listen(String host, int port) {
    // Vert.x reads each datagram into a buffer of the receive-buffer size (and makes it SO_RCVBUF):
    // 64 KiB holds the largest datagram whole, so an oversized one is seen as such, never cut.
    socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(MAX_DATAGRAM));
    socket.handler(packet -> receive(packet.data()));
    timer = vertx.setPeriodic(LOG_EVERY_MILLIS, t -> logDrops());
    return socket.listen(port, host);
  }

  public Future<Void> close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return socket == null ? Future.succeededFuture() : socket.close();
  }

  /** The port it listens on. */
  public int port() {
    return socket.localAddress().port();
  }

  private void receive(Buffer datagram) {
    received++;
    if (datagram.length() > maxBytes) {
      drop(ErrorCode.TOO_LARGE);
      return;
    }
    ClientFrame frame;
    try {
      frame = FrameParser.parse(datagram);
    } catch (PorthouseException e) {
      drop(e.code());
      return;
    }
    if (frame.op() != Op.SEND) {
      drop(ErrorCode.BAD_REQUEST);
      return;
    }
    publisher.publish(frame.token(), frame.room(), EnvelopeKind.TEXT, frame.data(), frame.id())
        .onSuccess(seq -> posted++)
        .onFailure(e -> drop(BusErrors.toPorthouse(e).code()));
  }

  private void drop(ErrorCode why) {
    dropped.merge(why, 1L, Long::sum);
  }

  private void logDrops() {
    if (dropped.equals(droppedLogged)) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    dropped.forEach((code, n) -> {
      long since = n - droppedLogged.getOrDefault(code, 0L);
      if (since > 0) {
        sb.append(sb.length() == 0 ? "" : ", ").append(code.code()).append(' ').append(since);
      }
    });
    droppedLogged.clear();
    droppedLogged.putAll(dropped);
    LOG.warn("udp: dropped datagrams in the last {} s: {}", LOG_EVERY_MILLIS / 1000, sb);
  }

  public long received() {
    return received;
  }

  public long posted() {
    return posted;
  }

  /** Datagrams dropped, by error code. */
  public Map<String, Long> dropped() {
    Map<String, Long> out = new TreeMap<>();
    dropped.forEach((code, n) -> out.put(code.code(), n));
    return out;
  }
}
