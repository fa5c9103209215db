package io.porthouse.bridge;

import io.porthouse.bridge.wire.FrameDecoder;
import io.porthouse.bridge.wire.LinkFrame;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * One connection of a link: the handshake ({@code hello}, {@code proof} both ways, then
 * {@code ready}), frames in and out, heartbeats. It never trusts the peer before its proof: any
 * frame but {@code hello}/{@code proof}/{@code close} before that, a malformed or oversized frame,
 * a handshake that takes longer than {@link #HANDSHAKE_MILLIS}, or silence longer than
 * {@code deadAfterMillis} closes the connection with a logged reason, and nothing reaches a room.
 */
final class LinkSession {

  private static final Logger LOG = LoggerFactory.getLogger(LinkSession.class);
  static final long HANDSHAKE_MILLIS = 5_000;

  private enum State { HELLO, PROOF, READY, OPEN, CLOSED }

  /** Where a session reports what the handshake found; implemented by the bridge verticle. */
  interface Host {
    /** The link a peer names in its {@code hello}, if this side accepts it. */
    Link accepting(String name);

    /** A peer failed the handshake (wrong secret, unknown link, wrong cluster): counted, logged at a bounded rate. */
    void refused(String remote, Link link, String why);
  }

  private final Vertx vertx;
  private final NetSocket socket;
  private final BridgeSettings settings;
  private LinkAuth auth;
  private final Host host;
  private final String remote;
  private final String myNonce = LinkAuth.nonce();
  private Link link;
  private String peerCluster;
  private String peerNonce;
  private State state = State.HELLO;
  private long lastReceived = System.currentTimeMillis();
  private long lastSent = lastReceived;
  private final long opened = lastReceived;
  private final long timer;
  private final boolean dialledHere;
  private final Runnable onEnd;

  /** A session this side dialled for {@code dialled}, or accepted ({@code dialled} null). */
  LinkSession(Vertx vertx, NetSocket socket, BridgeSettings settings, Host host, Link dialled, Runnable onEnd) {
    this.onEnd = onEnd;
    this.vertx = vertx;
    this.socket = socket;
    this.settings = settings;
    this.auth = dialled == null ? null : LinkAuth.of(dialled.spec(), settings);
    this.host = host;
    this.link = dialled;
    this.dialledHere = dialled != null;
    this.remote = String.valueOf(socket.remoteAddress());
    FrameDecoder decoder = new FrameDecoder(settings.maxFrameBytes() + 256, this::frame);
    socket.handler(chunk -> {
      if (state == State.CLOSED) {
        return;
      }
      lastReceived = System.currentTimeMillis();
      try {
        decoder.feed(chunk);
      } catch (IllegalArgumentException e) {
        protocolError(e.getMessage());
      }
    });
    socket.closeHandler(v -> end("connection closed by " + remote, null));
    socket.exceptionHandler(e -> close("connection error: " + e.getMessage()));
    timer = vertx.setPeriodic(Math.max(50, settings.heartbeatMillis() / 2), t -> tick());
    if (dialled != null) {
      send(LinkFrame.json(LinkFrame.HELLO, hello().put("link", dialled.name())));
    }
  }

  Link link() {
    return link;
  }

  /** Whether this side dialled it (and so dials again when it ends). */
  boolean dialledHere() {
    return dialledHere;
  }

  String peerCluster() {
    return peerCluster;
  }

  boolean open() {
    return state == State.OPEN;
  }

  NetSocket socket() {
    return socket;
  }

  void send(LinkFrame f) {
    if (state == State.CLOSED) {
      return;
    }
    lastSent = System.currentTimeMillis();
    socket.write(f.encode());
  }

  private JsonObject hello() {
    return new JsonObject().put("v", 1).put("cluster", settings.cluster()).put("nonce", myNonce);
  }

  private void frame(LinkFrame f) {
    if (state == State.CLOSED) {
      return;
    }
    try {
      switch (f.type()) {
        case LinkFrame.HELLO -> onHello(f.jsonBody());
        case LinkFrame.PROOF -> onProof(f.jsonBody());
        case LinkFrame.READY -> {
          expect(State.READY, f);
          state = State.OPEN;
          link.peerReady(this, f.jsonBody());
        }
        case LinkFrame.CLOSE -> end("peer closed it: " + f.jsonBody().getString("reason"), null);
        case LinkFrame.PING -> expect(State.OPEN, f);
        case LinkFrame.MSG -> {
          expect(State.OPEN, f);
          link.msg(this, f.envelope());
        }
        case LinkFrame.ACK -> {
          expect(State.OPEN, f);
          link.acked(f.jsonBody());
        }
        case LinkFrame.RESET -> {
          expect(State.OPEN, f);
          link.reset(f.jsonBody());
        }
        case LinkFrame.MESH -> {
          expect(State.OPEN, f);
          link.mesh(f.jsonBody());
        }
        default -> protocolError("unknown frame type " + f.type());
      }
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      protocolError("malformed " + LinkFrame.name(f.type()) + " frame: " + e.getMessage());
    }
  }

  private void expect(State wanted, LinkFrame f) {
    if (state != wanted) {
      throw new IllegalArgumentException("'" + LinkFrame.name(f.type()) + "' not expected before the handshake is done");
    }
  }

  private void onHello(JsonObject hello) {
    if (state != State.HELLO) {
      throw new IllegalArgumentException("a second 'hello'");
    }
    peerCluster = hello.getString("cluster");
    peerNonce = hello.getString("nonce");
    if (hello.getInteger("v", 0) != 1 || peerCluster == null || !peerCluster.matches(LinkSpec.NAME) || peerNonce == null
        || peerNonce.length() < 16 || peerNonce.length() > 128) {
      refuse("bad hello " + hello.encode());
      return;
    }
    if (peerCluster.equals(settings.cluster())) {
      refuse("the peer says it is this cluster (" + peerCluster + ")");
      return;
    }
    if (link == null) { // accepted: the dialling peer names the link
      String name = hello.getString("link");
      link = name == null ? null : host.accepting(name);
      if (link == null) {
        refuse("no link '" + name + "' is accepted here");
        return;
      }
      auth = LinkAuth.of(link.spec(), settings); // the link's own secret, if it has one
      send(LinkFrame.json(LinkFrame.HELLO, hello()));
    }
    if (link.spec().peer() != null && !link.spec().peer().equals(peerCluster)) {
      refuse("link '" + link.name() + "' is for cluster " + link.spec().peer() + ", not " + peerCluster);
      return;
    }
    state = State.PROOF;
    send(LinkFrame.json(LinkFrame.PROOF,
        new JsonObject().put("proof", auth.proof(link.name(), settings.cluster(), peerNonce, myNonce))));
  }

  private void onProof(JsonObject proof) {
    if (state != State.PROOF) {
      throw new IllegalArgumentException("'proof' before 'hello'");
    }
    if (!auth.verify(proof.getString("proof"), link.name(), peerCluster, myNonce, peerNonce)) {
      refuse("authentication failed (wrong secret?)");
      return;
    }
    state = State.READY;
    link.authenticated(this);
  }

  private void refuse(String why) {
    host.refused(remote, link, why);
    end("refused: " + why, "refused");
  }

  private void protocolError(String why) {
    LOG.warn("bridge link {} ({}): {}; closing", link == null ? "?" : link.name(), remote, why);
    close(why);
  }

  private void tick() {
    long now = System.currentTimeMillis();
    if (state != State.OPEN && now - opened > HANDSHAKE_MILLIS) {
      close("handshake not done within " + HANDSHAKE_MILLIS + " ms");
    } else if (now - lastReceived > settings.deadAfterMillis()) {
      close("nothing received for " + (now - lastReceived) + " ms");
    } else if (state == State.OPEN && now - lastSent >= settings.heartbeatMillis()) {
      send(LinkFrame.json(LinkFrame.PING, new JsonObject()));
    }
  }

  /** Closes with a reason the peer is told. */
  void close(String reason) {
    end(reason, reason);
  }

  /** Ends the session once: the peer is told {@code told} (unless null), the link hears {@code reason}. */
  private void end(String reason, String told) {
    if (state == State.CLOSED) {
      return;
    }
    if (told != null) {
      send(LinkFrame.json(LinkFrame.CLOSE, new JsonObject().put("reason", told)));
    }
    state = State.CLOSED;
    vertx.cancelTimer(timer);
    socket.close();
    onEnd.run();
    if (link != null) {
      link.sessionClosed(this, reason);
    }
  }
}
