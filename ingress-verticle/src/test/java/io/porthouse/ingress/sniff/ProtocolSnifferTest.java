package io.porthouse.ingress.sniff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.porthouse.ingress.sniff.FirstBytes.Protocol;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProtocolSnifferTest {

  private static Protocol of(String first) {
    return FirstBytes.of(Unpooled.copiedBuffer(first, StandardCharsets.ISO_8859_1));
  }

  @Test
  void theFirstBytesTellEachProtocol() {
    assertThat(of("GET /ws HTTP/1.1\r\n")).isEqualTo(Protocol.HTTP);
    assertThat(of("OPTIONS * HTTP/1.1")).isEqualTo(Protocol.HTTP);
    assertThat(of("PRI * HTTP/2.0")).isEqualTo(Protocol.HTTP);
    assertThat(of("\u0016\u0003\u0001\u0002\u0000")).isEqualTo(Protocol.TLS);
    assertThat(of("\u0010\u0014\u0000\u0004MQTT")).isEqualTo(Protocol.MQTT);
    assertThat(of("{\"op\":\"ping\"}\n")).isEqualTo(Protocol.TCP);
    assertThat(of("NEW ROOM r\n")).isEqualTo(Protocol.TCP);
    assertThat(of("GETTING")).as("a method needs its space").isEqualTo(Protocol.TCP);
    assertThat(of("get / HTTP/1.1")).as("methods are upper case").isEqualTo(Protocol.TCP);
  }

  @Test
  void aPrefixOfAMethodWaitsForMoreBytes() {
    assertThat(of("")).isNull();
    assertThat(of("G")).isNull();
    assertThat(of("OPTIONS")).isNull();
    assertThat(of("P")).as("POST, PUT, PATCH, PRI").isNull();
    assertThat(of("PU")).isNull();
    assertThat(of("PUX")).isEqualTo(Protocol.TCP);
  }

  /** What the handoff got: the protocol and the bytes, handed on. */
  private record Handed(Protocol protocol, String bytes) {
  }

  private static EmbeddedChannel sniffing(List<Handed> handed) {
    return new EmbeddedChannel(new ProtocolSniffer((protocol, ctx, head) -> {
      handed.add(new Handed(protocol, head.toString(StandardCharsets.ISO_8859_1)));
      head.release();
    }), new ChannelInboundHandlerAdapter());
  }

  @Test
  void bytesArrivingOneByOneAreHeldThenHandedOnWholeOnce() {
    List<Handed> handed = new ArrayList<>();
    EmbeddedChannel channel = sniffing(handed);
    ByteBuf[] pieces = {bytes("O"), bytes("PTI"), bytes("ON"), bytes("S * HTTP/1.1\r\n")};
    for (ByteBuf piece : pieces) {
      channel.writeInbound(piece);
    }
    assertThat(handed).containsExactly(new Handed(Protocol.HTTP, "OPTIONS * HTTP/1.1\r\n"));
    for (ByteBuf piece : pieces) {
      assertThat(piece.refCnt()).as("every piece released, none leaked").isZero();
    }
  }

  @Test
  void whatIsHeldIsReleasedWhenTheConnectionEndsUndecided() {
    List<Handed> handed = new ArrayList<>();
    EmbeddedChannel channel = sniffing(handed);
    ByteBuf half = bytes("DELE");
    channel.writeInbound(half);
    channel.close();
    assertThat(handed).isEmpty();
    assertThat(half.refCnt()).isZero();
  }

  @Test
  void aConnectionUndecidedAfterTheDeadlineIsClosedADecidedOneIsNot() {
    List<Handed> handed = new ArrayList<>();
    EmbeddedChannel dribbling = sniffing(handed);
    dribbling.writeInbound(bytes("OPTI"));
    dribbling.advanceTimeBy(ProtocolSniffer.DECISION_SECONDS - 1, TimeUnit.SECONDS);
    dribbling.runScheduledPendingTasks();
    assertThat(dribbling.isOpen()).isTrue();
    dribbling.advanceTimeBy(1, TimeUnit.SECONDS);
    dribbling.runScheduledPendingTasks();
    assertThat(dribbling.isOpen()).as("still undecided at the deadline").isFalse();

    EmbeddedChannel decided = new EmbeddedChannel(new ProtocolSniffer((protocol, ctx, head) -> {
      ctx.pipeline().remove(ctx.handler()); // as SharedPort does
      head.release();
    }), new ChannelInboundHandlerAdapter());
    decided.writeInbound(bytes("GET / HTTP/1.1\r\n"));
    decided.advanceTimeBy(ProtocolSniffer.DECISION_SECONDS * 2L, TimeUnit.SECONDS);
    decided.runScheduledPendingTasks();
    assertThat(decided.isOpen()).as("the deadline went with the sniffer").isTrue();
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }
}
