package io.porthouse.ingress.sniff;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import io.porthouse.ingress.mqtt.MqttIngress;
import io.porthouse.ingress.tcp.TcpIngress;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.net.impl.NetSocketImpl;
import io.vertx.core.net.impl.VertxHandler;

import java.io.File;
import java.util.Set;

/**
 * The HTTP port as the one port of every protocol ({@code http.sharedPort}): each connection the
 * HTTP server accepts first meets a {@link ProtocolSniffer}. HTTP goes on as it came (WebSocket
 * upgrades, SockJS, posts, the admin API, {@code /metrics}); newline-delimited JSON and MQTT get
 * their own handlers in place of HTTP's, the way Vert.x's HTTP server itself turns a TCP
 * connection into HTTP (it replaces the connection's {@code handler}); TLS, when a certificate is
 * configured, is decrypted and recognised again inside. The first bytes are handed on whole; after
 * them nothing of this class is in the path. A connection keeps its count against its address
 * from when the HTTP server accepted it to its close, whatever it turns out to speak.
 */
public final class SharedPort {

  /** What stays in a connection's pipeline when it speaks something other than HTTP; the rest is HTTP's (codec, read timeout, WebSocket compression). */
  private static final Set<String> KEPT = Set.of("sniffer", "tls", "sniffer-tls", "handler");

  private final TcpIngress tcp;
  private final int tcpKeepAliveSeconds;
  private final MqttIngress mqtt;
  private final SslContext tls;

  /** {@code tls}: the server's certificate and key, or {@code null} (TLS connections are then closed). */
  public SharedPort(TcpIngress tcp, int tcpKeepAliveSeconds, MqttIngress mqtt, SslContext tls) {
    this.tcp = tcp;
    this.tcpKeepAliveSeconds = tcpKeepAliveSeconds;
    this.mqtt = mqtt;
    this.tls = tls;
  }

  /** The TLS context of PEM files (certificate chain, PKCS#8 key), or {@code null} when neither is given. */
  public static SslContext tlsOf(String certFile, String keyFile) {
    if (certFile == null && keyFile == null) {
      return null;
    }
    if (certFile == null || keyFile == null) {
      throw new IllegalArgumentException("http.tlsCertFile and http.tlsKeyFile go together: give both or neither");
    }
    try {
      return SslContextBuilder.forServer(new File(certFile), new File(keyFile)).build();
    } catch (Exception e) {
      throw new IllegalArgumentException("http.tlsCertFile/http.tlsKeyFile: cannot read a PEM certificate and key ("
          + e.getMessage() + ")", e);
    }
  }

  /** Whether TLS connections are taken (a certificate is configured). */
  public boolean tls() {
    return tls != null;
  }

  /** Puts a sniffer in front of a connection the HTTP server just accepted (before its first byte). */
  public void watch(Http1xServerConnection connection) {
    connection.channelHandlerContext().pipeline().addFirst("sniffer", new ProtocolSniffer(this::outsideTls));
  }

  private void outsideTls(FirstBytes.Protocol protocol, ChannelHandlerContext sniffer, ByteBuf head) {
    hand(protocol, sniffer, head, false);
  }

  private void insideTls(FirstBytes.Protocol protocol, ChannelHandlerContext sniffer, ByteBuf head) {
    hand(protocol, sniffer, head, true);
  }

  private void hand(FirstBytes.Protocol protocol, ChannelHandlerContext sniffer, ByteBuf head, boolean inTls) {
    ChannelPipeline pipeline = sniffer.pipeline();
    switch (protocol) {
      case HTTP -> {
      }
      case TLS -> {
        if (tls == null || inTls) { // no certificate configured, or TLS inside TLS
          ReferenceCountUtil.release(head);
          sniffer.close();
          return;
        }
        // decrypts from here on (its handshake is bounded by the SslHandler's 10 s), then recognises again
        pipeline.addAfter(sniffer.name(), "tls", tls.newHandler(sniffer.alloc()));
        pipeline.addAfter("tls", "sniffer-tls", new ProtocolSniffer(this::insideTls));
      }
      case TCP, MQTT -> {
        NetSocketImpl socket = toNetSocket(pipeline);
        if (protocol == FirstBytes.Protocol.TCP) {
          tcp.serve(socket, tcpKeepAliveSeconds, () -> { });
        } else {
          mqtt.serve(socket);
        }
      }
      default -> throw new IllegalStateException(protocol.name());
    }
    pipeline.remove(sniffer.handler());
    sniffer.fireChannelRead(head); // to the handler after the sniffer: what it was, with nothing held back
  }

  /** Turns the HTTP connection of {@code pipeline} into a plain TCP one, as Vert.x's NetServer makes them. */
  private static NetSocketImpl toNetSocket(ChannelPipeline pipeline) {
    Http1xServerConnection http = (Http1xServerConnection) ((VertxHandler<?>) pipeline.get("handler")).getConnection();
    for (String name : pipeline.names()) {
      if (!KEPT.contains(name) && pipeline.get(name) != null) { // get: null for Netty's own tail
        pipeline.remove(name);
      }
    }
    VertxHandler<NetSocketImpl> handler = VertxHandler.create(chctx ->
        new NetSocketImpl(http.context(), chctx, null, null, http.metrics(), false));
    pipeline.replace("handler", "handler", handler);
    NetSocketImpl socket = handler.getConnection();
    socket.metric(http.metric()); // the server's connection metrics see it closed, as they saw it opened
    return socket;
  }
}
