package io.porthouse.it;

import io.porthouse.testing.Posts;

/** Reads a node's Prometheus metrics ({@code GET /metrics}) as an operator's scraper would. */
final class Metrics {

  private Metrics() {
  }

  /** The sum of every sample of {@code name} whose labels contain {@code labels} (e.g. {@code code="1013"}; empty: all). */
  static double sum(int port, String name, String labels) {
    Posts.Answer a = Posts.http(port, "GET", "/metrics", null, null);
    if (a.status() != 200) {
      throw new AssertionError("GET /metrics answered " + a.status());
    }
    double total = 0;
    for (String line : a.body().split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        int brace = line.indexOf('}');
        String tags = brace < 0 ? "" : line.substring(0, brace);
        if (tags.contains(labels)) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return total;
  }
}
