package io.porthouse.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts for partition tests: Linux network namespaces, each joined by a veth pair to one bridge in
 * this namespace, which holds {@link #gateway()} (where the test's clients stand). A host's links
 * to others are cut with blackhole routes (both ways, or one way for an asymmetric cut) and healed
 * by removing them; the clients' address is never cut. Needs root ({@code ip netns}); a machine
 * where namespaces cannot be made says why ({@link #unavailable}).
 */
final class NetworkHosts implements AutoCloseable {

  private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  private final int subnet = ThreadLocalRandom.current().nextInt(20, 250);
  private final List<String> cuts = new ArrayList<>();
  private final int count;
  private boolean made;

  private NetworkHosts(int count) {
    this.count = count;
  }

  /** Why network namespaces cannot be made here, or {@code null} if they can. */
  static String unavailable() {
    try {
      Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "'ip netns list' failed: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!"root".equals(System.getProperty("user.name"))) {
        return "network namespaces need root (running as " + System.getProperty("user.name") + ")";
      }
      return null;
    } catch (IOException | InterruptedException e) {
      return "no 'ip' command (iproute2): " + e;
    }
  }

  /** Makes {@code count} hosts, numbered from 1. */
  static NetworkHosts create(int count) throws Exception {
    NetworkHosts hosts = new NetworkHosts(count);
    try {
      hosts.make();
    } catch (Exception e) {
      hosts.close();
      throw e;
    }
    return hosts;
  }

  private void make() throws Exception {
    made = true;
    ip("link", "add", bridge(), "type", "bridge");
    ip("addr", "add", gateway() + "/24", "dev", bridge());
    ip("link", "set", bridge(), "up");
    for (int i = 1; i <= count; i++) {
      ip("netns", "add", netns(i));
      ip("link", "add", "v" + tag + "h" + i, "type", "veth", "peer", "name", "eth0", "netns", netns(i));
      ip("link", "set", "v" + tag + "h" + i, "master", bridge(), "up");
      ip("-n", netns(i), "addr", "add", address(i) + "/24", "dev", "eth0");
      ip("-n", netns(i), "link", "set", "eth0", "up");
      ip("-n", netns(i), "link", "set", "lo", "up");
    }
  }

  String netns(int host) {
    return "ph" + tag + "h" + host;
  }

  String address(int host) {
    return "10.77." + subnet + "." + (10 + host);
  }

  /** Where the clients are (this namespace, on the bridge). */
  String gateway() {
    return "10.77." + subnet + ".1";
  }

  /** The subnet's addresses as a Hazelcast interface pattern. */
  String interfacePattern() {
    return "10.77." + subnet + ".*";
  }

  private String bridge() {
    return "phb" + tag;
  }

  /** {@code from} no longer reaches {@code to} (one way: replies from {@code to} are lost too, so TCP between them stops). */
  void cutOneWay(int from, int to) throws Exception {
    ip("-n", netns(from), "route", "add", "blackhole", address(to) + "/32");
    cuts.add(from + ">" + to);
  }

  /** {@code a} and {@code b} no longer reach each other. */
  void cut(int a, int b) throws Exception {
    cutOneWay(a, b);
    cutOneWay(b, a);
  }

  /** Every cut healed. */
  void healAll() throws Exception {
    for (String cut : List.copyOf(cuts)) {
      String[] ends = cut.split(">");
      ip("-n", netns(Integer.parseInt(ends[0])), "route", "del", "blackhole", address(Integer.parseInt(ends[1])) + "/32");
      cuts.remove(cut);
    }
  }

  private static void ip(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + ": no answer in 20 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + ": " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() throws Exception {
    if (!made) {
      return;
    }
    for (int i = 1; i <= count; i++) {
      try {
        ip("netns", "del", netns(i)); // takes its end of the veth pair, and so the pair, with it
      } catch (IOException notMade) {
        // made only part way
      }
    }
    try {
      ip("link", "del", bridge());
    } catch (IOException notMade) {
      // never made
    }
  }
}
