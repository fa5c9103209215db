package io.porthouse.ingress.sniff;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first bytes of a connection on the shared port, cut into any chunks: the sniffer decides
 * once, on the same protocol as for the whole stream, hands on every byte that came up to its
 * decision in order, holds no more than a decision needs, and leaks no buffer, decided or not.
 */
class ProtocolSnifferFuzzTest {

  @FuzzTest
  void chunks(FuzzedDataProvider data) {
    byte[] stream = data.consumeBytes(64);
    List<FirstBytes.Protocol> decided = new ArrayList<>();
    List<byte[]> handed = new ArrayList<>();
    EmbeddedChannel channel = new EmbeddedChannel(new ProtocolSniffer((protocol, ctx, head) -> {
      decided.add(protocol);
      byte[] b = new byte[head.readableBytes()];
      head.readBytes(b);
      head.release();
      handed.add(b);
    }), new ChannelInboundHandlerAdapter());
    List<ByteBuf> pieces = new ArrayList<>();
    int pos = 0;
    int before = 0;
    while (pos < stream.length && decided.isEmpty()) {
      int n = Math.min(stream.length - pos, 1 + data.consumeInt(0, 8));
      ByteBuf piece = Unpooled.copiedBuffer(stream, pos, n);
      pieces.add(piece);
      before = pos;
      channel.writeInbound(piece);
      pos += n;
    }
    channel.close();
    for (ByteBuf piece : pieces) {
      if (piece.refCnt() != 0) {
        throw new AssertionError("a piece of the first bytes leaked");
      }
    }
    FirstBytes.Protocol whole = FirstBytes.of(Unpooled.wrappedBuffer(stream));
    if (decided.isEmpty()) {
      if (whole != null && stream.length > 0) {
        throw new AssertionError("undecided on " + Arrays.toString(stream) + " which is " + whole);
      }
      return;
    }
    if (decided.size() != 1 || decided.get(0) != whole) {
      throw new AssertionError("decided " + decided + " but the whole stream is " + whole);
    }
    if (before >= FirstBytes.MAX_NEEDED) {
      throw new AssertionError("held " + before + " bytes before deciding");
    }
    if (!Arrays.equals(handed.get(0), Arrays.copyOf(stream, pos))) {
      throw new AssertionError("handed on other bytes than came");
    }
  }
}
