package io.porthouse.bench.load;

import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What a scenario needs to know of the servers under test: the WebSocket ports to spread clients
 * over, and the process ids whose CPU time counts as server CPU.
 *
 * @param ports    client ports (subscriber {@code i} uses {@code ports[i % size]}; publishers the first)
 * @param tcpPorts the TCP ingress ports, where subscribers over TCP go (empty if none)
 * @param pids     server processes
 * @param cpuOf    CPU seconds of a pid (from {@code /proc})
 * @param gcLogs   where the servers' GC logs are ({@code gc-<pid>.log}), or {@code null}
 */
public record Servers(List<Integer> ports, List<Integer> tcpPorts, List<Long> pids, ToDoubleFunction<Long> cpuOf,
                      int publisherPort, Path gcLogs) {

  public Servers(List<Integer> ports, List<Integer> tcpPorts, List<Long> pids, ToDoubleFunction<Long> cpuOf) {
    this(ports, tcpPorts, pids, cpuOf, ports.get(0), null);
  }

  public double cpuSeconds() {
    double sum = 0;
    for (long pid : pids) {
      sum += cpuOf.applyAsDouble(pid);
    }
    return sum;
  }

  public int portFor(int i) {
    return ports.get(i % ports.size());
  }

  /** Where subscriber {@code i} connects over {@code via}. */
  public int portFor(int i, Wire.Via via) {
    return via == Wire.Via.TCP ? tcpPorts.get(i % tcpPorts.size()) : portFor(i);
  }
}
