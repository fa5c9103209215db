package io.porthouse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, read from {@code /proc} (Linux). */
final class ProcStats {

  /** Clock ticks per second of {@code /proc/PID/stat} times ({@code getconf CLK_TCK}; 100 on Linux). */
  private static final double TICKS = 100.0;

  private ProcStats() {
  }

  /** User + system CPU seconds the process has used. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after the command: state(0) ppid(1) … utime(11) stime(12)
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
    }
  }

  /** Resident set size in KiB. */
  static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      throw new IllegalStateException("no VmRSS for " + pid);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
    }
  }
}
