package io.porthouse.bench.load;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses of the server JVMs within a measured window, read from their GC logs
 * ({@code -Xlog:gc:file=<logs>/gc-<pid>.log}, which every server the bench starts writes): a mark
 * at the window's start, then the pauses logged after it. Tail latency is read beside them.
 */
public final class GcPauses {

  private static final Pattern PAUSE = Pattern.compile("Pause .* ([0-9.]+)ms$");

  private final Path dir;
  private final Map<Long, Long> marks = new HashMap<>();

  private GcPauses(Path dir) {
    this.dir = dir;
  }

  /** Marks where each server's GC log ends now. */
  public static GcPauses mark(Servers servers) {
    GcPauses p = new GcPauses(servers.gcLogs());
    if (p.dir != null) {
      for (long pid : servers.pids()) {
        p.marks.put(pid, p.log(pid).toFile().length());
      }
    }
    return p;
  }

  private Path log(long pid) {
    return dir.resolve("gc-" + pid + ".log");
  }

  /** Pauses since the mark, all servers together: how many, their sum and the longest, in ms (zeros without logs). */
  public double[] since() {
    double count = 0;
    double sum = 0;
    double max = 0;
    for (Map.Entry<Long, Long> mark : marks.entrySet()) {
      Path log = log(mark.getKey());
      if (!Files.isRegularFile(log)) {
        continue;
      }
      try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
        long from = mark.getValue();
        byte[] tail = new byte[(int) Math.max(0, f.length() - from)];
        f.seek(from);
        f.readFully(tail);
        for (String line : new String(tail, StandardCharsets.UTF_8).split("\n")) {
          Matcher m = PAUSE.matcher(line);
          if (m.find()) {
            double ms = Double.parseDouble(m.group(1));
            count++;
            sum += ms;
            max = Math.max(max, ms);
          }
        }
      } catch (IOException e) {
        // a log we cannot read reports nothing
      }
    }
    return new double[] {count, Math.round(sum * 10) / 10.0, Math.round(max * 10) / 10.0};
  }
}
