package io.porthouse.hooks;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Signs what Porthouse POSTs to the backend, so the backend can tell it from anyone else's POST:
 * {@code X-Porthouse-Signature: v1=<hex HMAC-SHA256 of "timestamp.requestId.body">} keyed with
 * {@code hooks.secret}, beside {@code X-Porthouse-Timestamp} (epoch seconds: the backend refuses
 * old ones, so a captured request cannot be replayed later) and {@code X-Porthouse-Request-Id}
 * (the same on a retry, so the backend can tell a repeat). Not thread-safe: used on one event loop.
 */
public final class RequestSigner {

  public static final String SIGNATURE = "X-Porthouse-Signature";
  public static final String TIMESTAMP = "X-Porthouse-Timestamp";
  public static final String REQUEST_ID = "X-Porthouse-Request-Id";

  private final Mac mac;

  public RequestSigner(String secret) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** POSTs {@code body} (JSON) to {@code url}, signed now as {@code requestId}; no answer within {@code timeoutMillis} fails it. */
  public Future<HttpResponse<Buffer>> post(WebClient client, String url, long timeoutMillis, String requestId, Buffer body) {
    long timestamp = System.currentTimeMillis() / 1000;
    return client.postAbs(url)
        .idleTimeout(timeoutMillis)
        .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
        .putHeader(TIMESTAMP, Long.toString(timestamp))
        .putHeader(REQUEST_ID, requestId)
        .putHeader(SIGNATURE, sign(timestamp, requestId, body))
        .sendBuffer(body);
  }

  /** The {@link #SIGNATURE} header's value for {@code body} sent at {@code timestamp} as {@code requestId}. */
  public String sign(long timestamp, String requestId, Buffer body) {
    return signRaw(Long.toString(timestamp), requestId, body);
  }

  String signRaw(String timestamp, String requestId, Buffer body) {
    mac.update((timestamp + "." + requestId + ".").getBytes(StandardCharsets.UTF_8));
    mac.update(body.getBytes());
    return "v1=" + HexFormat.of().formatHex(mac.doFinal());
  }
}
