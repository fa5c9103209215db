package io.porthouse.it;

import io.porthouse.testing.Eventually;
import io.porthouse.testing.HostileClient;
import io.porthouse.testing.Ports;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack family: holding the node's places and answers. Connections that never say anything, a
 * client opening socket after socket, TCP connections that never authenticate or never leave, and
 * a socket that goes on sending past its rate. Before: no limit of connections per address or
 * client on any port, no deadline to authenticate over TCP, no idle timeout, and a socket over its
 * rate was parsed and answered forever. Now each is bounded and closed with a reason.
 */
class ConnectionFloodTest {

  private static final long HEAP_BOUND = 16L << 20;
  private static final int PER_ADDRESS = 40;

  @TempDir
  static Path work;
  private static AttackedNode node;
  private static int tcp;

  @BeforeAll
  static void start() throws Exception {
    tcp = Ports.freePort();
    node = AttackedNode.start(work, "flood", Map.of("PORTHOUSE_TCP_PORT", String.valueOf(tcp),
        "PORTHOUSE_SESSION_MAX_CONNECTIONS_PER_ADDRESS", String.valueOf(PER_ADDRESS),
        "PORTHOUSE_SESSION_MAX_CONNECTIONS_PER_CLIENT", "3",
        "PORTHOUSE_SESSION_ALLOW_ANONYMOUS", "false", "PORTHOUSE_SESSION_AUTH_TIMEOUT_SECONDS", "2",
        "PORTHOUSE_SESSION_PING_SECONDS", "1", "PORTHOUSE_SESSION_IDLE_TIMEOUT_SECONDS", "4",
        "PORTHOUSE_SESSION_RATE_PER_SECOND", "100", "PORTHOUSE_SESSION_RATE_BURST", "100"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void connectionsThatSayNothingHoldNoMoreThanTheirAddressesLimit() throws Exception {
    try (ControlChat control = node.control()) {
      long before = node.heapAfterGc();
      List<Socket> silent = new ArrayList<>();
      int refused = 0;
      for (int i = 0; i < PER_ADDRESS + 10; i++) {
        Socket s = new Socket("127.0.0.1", i % 2 == 0 ? node.port() : tcp);
        s.setSoTimeout(50); // all read well within the idle timeout: a refused one is closed at once
        silent.add(s);
      }
      for (Socket s : silent) {
        if (s.getPort() == node.port() ? firstByte(s) == -1 : firstLine(s).contains("too many connections from your address")) {
          refused++;
        }
      }
      // the control chat holds 2 connections of this address already (and an earlier test's closed
      // sockets may not all be given back yet); beyond the limit a connection to the HTTP port is
      // closed before a byte is read, one to the TCP port is told why and closed
      assertThat(refused).as("connections over the address's limit are refused at once: never more than "
          + PER_ADDRESS + " held").isBetween(10 + 2, 10 + 2 + 8);
      for (Socket s : silent) {
        s.close();
      }
      Eventually.until("the closed connections give their places back", Duration.ofSeconds(10), () -> accepted(node.port()));
      // places are given back by WebSocket connections too, upgraded or not: many more than the limit, one after the other
      String visitor = node.tokens().token("visitor");
      for (int i = 0; i < PER_ADDRESS + 10; i++) {
        WsTestClient.connectWithToken(node.clients(), node.port(), visitor).close();
      }
      Eventually.until("every closed WebSocket gave its place back", Duration.ofSeconds(10), () -> accepted(node.port()));
      control.assertServed();
      node.assertHeapWithin(before, HEAP_BOUND, "silent connections");
    }
  }

  @Test
  void oneClientHoldsNoMoreSocketsThanItsLimitOnAnyWayIn() throws Exception {
    try (ControlChat control = node.control()) {
      String mallory = node.tokens().token("mallory");
      List<WsTestClient> held = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        held.add(WsTestClient.connectWithToken(node.clients(), node.port(), mallory));
      }
      assertThat(upgrade(mallory)).as("a fourth socket of one client").isEqualTo(429);
      try (Socket line = new Socket("127.0.0.1", tcp)) {
        BufferedReader in = new BufferedReader(new InputStreamReader(line.getInputStream(), StandardCharsets.UTF_8));
        assertThat(in.readLine()).contains("welcome");
        line.getOutputStream().write(("{\"op\":\"auth\",\"token\":\"" + mallory + "\",\"ref\":1}\n").getBytes(StandardCharsets.UTF_8));
        JsonObject answer = new JsonObject(in.readLine());
        assertThat(answer.getString("code")).as("auth as a client holding its limit").isEqualTo("forbidden");
        assertThat(answer.getString("message")).contains("too many connections");
      }
      held.forEach(WsTestClient::close);
      Eventually.until("a socket of the client is taken again once one closed", Duration.ofSeconds(10),
          () -> upgrade(mallory) == 101);
      control.assertServed();
    }
  }

  @Test
  void tcpConnectionsMustAuthenticateInTimeAndMayNotSitIdleOutsideRooms() throws Exception {
    try (ControlChat control = node.control()) {
      try (Socket line = new Socket("127.0.0.1", tcp)) {
        line.setSoTimeout(10_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(line.getInputStream(), StandardCharsets.UTF_8));
        assertThat(in.readLine()).contains("welcome");
        JsonObject close = new JsonObject(in.readLine());
        assertThat(close.getInteger("code")).isEqualTo(1008);
        assertThat(close.getString("reason")).contains("not authenticated");
        assertThat(in.readLine()).as("then the connection ends").isNull();
      }
      String bobToken = node.tokens().token("bob", "primary");
      try (Socket idle = new Socket("127.0.0.1", tcp); Socket member = new Socket("127.0.0.1", tcp)) {
        idle.setSoTimeout(15_000);
        member.setSoTimeout(15_000);
        BufferedReader idleIn = new BufferedReader(new InputStreamReader(idle.getInputStream(), StandardCharsets.UTF_8));
        BufferedReader memberIn = new BufferedReader(new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8));
        idleIn.readLine();
        memberIn.readLine();
        idle.getOutputStream().write(("{\"op\":\"auth\",\"token\":\"" + bobToken + "\"}\n").getBytes(StandardCharsets.UTF_8));
        member.getOutputStream().write(("{\"op\":\"auth\",\"token\":\"" + bobToken + "\"}\n"
            + "{\"op\":\"create\",\"room\":\"idle-room\"}\n{\"op\":\"join\",\"room\":\"idle-room\"}\n")
            .getBytes(StandardCharsets.UTF_8));
        assertThat(idleIn.readLine()).contains("authed");
        JsonObject close = new JsonObject(idleIn.readLine());
        assertThat(close.getString("reason")).contains("idle");
        assertThat(idleIn.readLine()).isNull();
        assertThat(memberIn.readLine()).contains("authed");
        assertThat(memberIn.readLine()).contains("created");
        assertThat(memberIn.readLine()).contains("joined");
        member.getOutputStream().write("{\"op\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(memberIn.readLine()).as("a silent member of a room stays").contains("pong");
      }
      control.assertServed();
    }
  }

  @Test
  void aSocketThatGoesOnPastItsRateIsClosedNotAnsweredForever() throws Exception {
    try (ControlChat control = node.control();
         HostileClient spammer = HostileClient.upgrade(node.port(), "/ws", "Authorization: Bearer " + node.tokens().token("spammer"))) {
      int sent = 0;
      while (sent < 2000 && spammer.sendText("{\"op\":\"ping\"}")) {
        sent++;
      }
      assertThat(spammer.awaitClose(Duration.ofSeconds(10))).as("closed for going on past its rate").isEqualTo((short) 1008);
      control.assertServed();
    }
  }

  /** Whether a new connection to {@code port} stays open (it is not closed at once). */
  private static boolean accepted(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(300);
      return firstByte(s) == 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The first line the server sent on a TCP-port connection. */
  private static String firstLine(Socket s) throws java.io.IOException {
    s.setSoTimeout(5000);
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  /** Reads one byte: -1 when the server closed the connection, else what came (or 0 for nothing yet). */
  private static int firstByte(Socket s) {
    try {
      return s.getInputStream().read();
    } catch (java.net.SocketTimeoutException nothingYet) {
      return 0;
    } catch (java.io.IOException reset) {
      return -1;
    }
  }

  private static int upgrade(String token) {
    return WsTestClient.upgradeStatus(node.clients(), node.port(), "/ws",
        MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.AUTHORIZATION, "Bearer " + token));
  }
}
