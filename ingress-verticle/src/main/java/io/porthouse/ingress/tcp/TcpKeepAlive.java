package io.porthouse.ingress.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import jdk.net.ExtendedSocketOptions;

/**
 * TCP keep-alive on one accepted connection, with times short enough to matter: protocol v1 over
 * TCP has no pings a line client such as {@code nc} would answer, so a peer that vanished without
 * a FIN (half-open) is found by the kernel: idle {@code idleSeconds}, then probes every 10 s, and
 * dropped after 3 unanswered ones. Works on the epoll and NIO transports.
 */
final class TcpKeepAlive {

  private static final int INTERVAL_SECONDS = 10;
  private static final int PROBES = 3;

  private TcpKeepAlive() {
  }

  static void apply(Channel channel, int idleSeconds) {
    var config = channel.config();
    config.setOption(ChannelOption.SO_KEEPALIVE, true);
    if (channel instanceof EpollSocketChannel) {
      config.setOption(EpollChannelOption.TCP_KEEPIDLE, idleSeconds);
      config.setOption(EpollChannelOption.TCP_KEEPINTVL, INTERVAL_SECONDS);
      config.setOption(EpollChannelOption.TCP_KEEPCNT, PROBES);
    } else {
      config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idleSeconds);
      config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), INTERVAL_SECONDS);
      config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), PROBES);
    }
  }
}
