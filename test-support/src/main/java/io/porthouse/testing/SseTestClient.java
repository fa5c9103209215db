package io.porthouse.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Server-Sent Events client over a real HTTP connection, parsing the stream as a browser's
 * {@code EventSource} does (fields {@code id}, {@code event}, {@code data}; comments counted, not
 * kept). A refused stream keeps its status and body.
 */
public final class SseTestClient implements AutoCloseable {

  /** One event: its name, its data (JSON here), and the id it carried, if any. */
  public record Event(String name, String id, String data) {
    public JsonObject json() {
      return new JsonObject(data);
    }
  }

  private final HttpClient http;
  private final List<Event> events = new ArrayList<>();
  private int status;
  private String body;
  private int comments;
  private boolean ended;

  private SseTestClient(HttpClient http) {
    this.http = http;
  }

  /** GETs {@code uri} on 127.0.0.1:{@code port} with {@code headers}; answers once the status is known (and a refusal's body). */
  public static SseTestClient open(Vertx vertx, int port, String uri, MultiMap headers) {
    HttpClient http = vertx.createHttpClient();
    SseTestClient client = new SseTestClient(http);
    // the body is taken on the response's event loop, as it arrives
    WsTestClient.await(http.request(new RequestOptions().setMethod(HttpMethod.GET)
            .setHost("127.0.0.1").setPort(port).setURI(uri).setHeaders(headers))
        .compose(req -> req.send())
        .compose(response -> {
          client.status = response.statusCode();
          if (client.status != 200) {
            return response.body().map(b -> client.body = b.toString());
          }
          client.read(response);
          return Future.succeededFuture();
        }));
    return client;
  }

  public static SseTestClient open(Vertx vertx, int port, String uri) {
    return open(vertx, port, uri, MultiMap.caseInsensitiveMultiMap());
  }

  private void read(HttpClientResponse response) {
    String[] field = new String[3]; // event, id, data
    RecordParser lines = RecordParser.newDelimited("\n", line -> {
      String l = line.toString();
      if (l.endsWith("\r")) { // CRLF lines, as SockJS's eventsource transport writes them
        l = l.substring(0, l.length() - 1);
      }
      synchronized (events) {
        if (l.isEmpty()) {
          if (field[2] != null) {
            events.add(new Event(field[0] == null ? "message" : field[0], field[1], field[2]));
            events.notifyAll();
          }
          field[0] = null;
          field[1] = null;
          field[2] = null;
        } else if (l.startsWith(":")) {
          comments++;
          events.notifyAll();
        } else if (l.startsWith("event: ")) {
          field[0] = l.substring(7);
        } else if (l.startsWith("id: ")) {
          field[1] = l.substring(4);
        } else if (l.startsWith("data: ")) {
          field[2] = field[2] == null ? l.substring(6) : field[2] + "\n" + l.substring(6);
        }
      }
    });
    response.handler(lines);
    response.endHandler(v -> {
      synchronized (events) {
        ended = true;
        events.notifyAll();
      }
    });
  }

  public int status() {
    return status;
  }

  /** The body of a refused stream. */
  public String body() {
    return body;
  }

  /** The first event not yet taken that matches, waited for. */
  public Event next(Predicate<Event> match) {
    long deadline = System.nanoTime() + ProtocolTestClient.TIMEOUT.toNanos();
    synchronized (events) {
      while (true) {
        for (int i = 0; i < events.size(); i++) {
          if (match.test(events.get(i))) {
            return events.remove(i);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no such event within " + ProtocolTestClient.TIMEOUT + "; waiting: " + events
              + (ended ? " (the stream ended)" : ""));
        }
        waitFor(left);
      }
    }
  }

  /** The next event of this name. */
  public Event next(String name) {
    return next(e -> e.name().equals(name));
  }

  /** Waits until the stream carried {@code count} comments (pings) in all. */
  public void awaitComments(int count) {
    long deadline = System.nanoTime() + ProtocolTestClient.TIMEOUT.toNanos();
    synchronized (events) {
      while (comments < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended) {
          throw new AssertionError(comments + " comments, not " + count + (ended ? "; the stream ended" : ""));
        }
        waitFor(left);
      }
    }
  }

  /** Whether the server ended the stream. */
  public boolean ended() {
    synchronized (events) {
      return ended;
    }
  }

  private void waitFor(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(events, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    WsTestClient.await(http.close());
  }
}
