package io.porthouse.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Single-shot publishing for tests, over real sockets: HTTP POST to
 * {@code /rooms/{room}/messages} (the JDK's HTTP client) and UDP datagrams (the JDK's datagram
 * socket).
 */
public final class Posts {

  /** An HTTP answer: status and body. */
  public record Answer(int status, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Posts() {
  }

  /** POSTs {@code body} with {@code contentType} to room {@code room}; {@code token} may be null. */
  public static Answer post(int port, String room, String contentType, String body, String token) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rooms/"
            + URLEncoder.encode(room, StandardCharsets.UTF_8).replace("+", "%20") + "/messages"))
        .timeout(ProtocolTestClient.TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      req.header("Content-Type", contentType);
    }
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError("POST failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Any HTTP request with a JSON body ({@code null}: none); {@code token} may be null. */
  public static Answer http(int port, String method, String path, String json, String token) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(ProtocolTestClient.TIMEOUT)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      req.header("Content-Type", "application/json");
    }
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** POSTs JSON. */
  public static Answer postJson(int port, String room, String json, String token) {
    return post(port, room, "application/json", json, token);
  }

  /** Sends one datagram to the UDP ingress. */
  public static void datagram(int port, byte[] bytes) {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new AssertionError("datagram not sent: " + e, e);
    }
  }

  /** Sends {@code {"op":"send","room":…,"data":…,"token":…}} as one datagram ({@code token} left out if null). */
  public static void datagram(int port, String room, Object data, String token) {
    JsonObject op = new JsonObject().put("op", "send").put("room", room).put("data", data);
    if (token != null) {
      op.put("token", token);
    }
    datagram(port, op.encode().getBytes(StandardCharsets.UTF_8));
  }
}
