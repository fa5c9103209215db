package io.porthouse.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which classes a connection costs on the heap: the difference of two {@code jcmd
 * GC.class_histogram} outputs (taken after full GCs, before and after opening the connections),
 * divided by the number of connections, largest first.
 */
final class HeapHistogram {

  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

  private HeapHistogram() {
  }

  static String perConnection(String before, String after, int connections, int top) {
    Map<String, long[]> a = parse(before);
    Map<String, long[]> b = parse(after);
    StringBuilder out = new StringBuilder(String.format("%-80s %12s %12s%n", "class", "bytes/conn", "objects/conn"));
    b.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), new long[] {
            e.getValue()[0] - a.getOrDefault(e.getKey(), new long[2])[0],
            e.getValue()[1] - a.getOrDefault(e.getKey(), new long[2])[1]}))
        .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
        .limit(top)
        .forEach(e -> out.append(String.format("%-80s %12.1f %12.2f%n", e.getKey(),
            e.getValue()[1] / (double) connections, e.getValue()[0] / (double) connections)));
    return out.toString();
  }

  /** The histogram's total bytes (its {@code Total} line). */
  static long totalBytes(String histogram) {
    Matcher m = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE).matcher(histogram);
    return m.find() ? Long.parseLong(m.group(2)) : -1;
  }

  /** class name to {instances, bytes}. */
  private static Map<String, long[]> parse(String histogram) {
    Map<String, long[]> rows = new HashMap<>();
    Matcher m = ROW.matcher(histogram);
    while (m.find()) {
      rows.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
          (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
    }
    return rows;
  }
}
