package io.porthouse.ingress.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.FrameParser;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.Authenticator;
import io.porthouse.ingress.post.Publisher;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /rooms/{room}/messages}: the server-side publish API and a web form's target. The
 * body is the message's {@code data}: JSON ({@code application/json}, any JSON value), or a form
 * ({@code application/x-www-form-urlencoded}, its fields become a JSON object; a repeated field
 * an array). Needs {@code Authorization: Bearer}. Answers {@code 202 {"seq":n}}, or the v1 error
 * frame with the error's HTTP status (400, 401, 403, 404, 413, 415, 429, 500).
 */
public final class PostEndpoint {

  /** Fields a form may have (Netty's decoder stops there). */
  static final int MAX_FIELDS = 1024;

  private final Publisher publisher;
  private final int maxBytes;

  public PostEndpoint(Publisher publisher, int maxBytes) {
    this.publisher = publisher;
    this.maxBytes = maxBytes;
  }

  /** {@code room}: the path segment, already URL-decoded. */
  public void handle(HttpServerRequest request, String room) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    boolean form = mediaType.equals("application/x-www-form-urlencoded");
    if (!form && !mediaType.equals("application/json")) {
      answer(request, 415, ServerFrames.error(null, ErrorCode.BAD_REQUEST,
          "Content-Type must be application/json or application/x-www-form-urlencoded"));
      return;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && length.chars().allMatch(Character::isDigit) && !length.isEmpty()
        && Long.parseLong(length) > maxBytes) {
      fail(request, tooLarge(Long.parseLong(length)));
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] over = new boolean[1];
    request.handler(chunk -> {
      if (over[0]) {
        return;
      }
      if (body.length() + chunk.length() > maxBytes) {
        over[0] = true;
        fail(request, tooLarge(body.length() + chunk.length()));
        request.connection().close(); // do not read the rest of an oversized body
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> {
      if (over[0]) {
        return;
      }
      Buffer data;
      try {
        data = form ? formAsJson(body) : body;
        if (!form) {
          FrameParser.requireJsonValue(data);
        }
      } catch (PorthouseException e) {
        fail(request, e);
        return;
      }
      publisher.publish(Authenticator.bearer(request.headers()), room, EnvelopeKind.TEXT, data,
          request.getHeader("Idempotency-Key"))
          .onSuccess(seq -> answer(request, 202, new JsonObject().put("seq", seq).encode()))
          .onFailure(e -> fail(request, BusErrors.toPorthouse(e)));
    });
  }

  private PorthouseException tooLarge(long bytes) {
    return PorthouseException.of(ErrorCode.TOO_LARGE, "body of " + bytes + " bytes is over the limit of " + maxBytes);
  }

  /** A form's fields as a JSON object (a field given more than once becomes an array of its values). */
  static Buffer formAsJson(Buffer body) {
    Map<String, List<String>> fields;
    try {
      fields = new QueryStringDecoder(body.toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8, false, MAX_FIELDS)
          .parameters();
    } catch (IllegalArgumentException malformed) { // a bad %-escape
      throw PorthouseException.badRequest("form body is not valid: " + malformed.getMessage());
    }
    JsonObject out = new JsonObject();
    fields.forEach((name, values) -> out.put(name, values.size() == 1 ? values.get(0) : new JsonArray(List.copyOf(values))));
    return out.toBuffer();
  }

  private static void fail(HttpServerRequest request, PorthouseException e) {
    answer(request, e.code().httpStatus(), ServerFrames.error(null, e.code(), e.getMessage()));
  }

  private static void answer(HttpServerRequest request, int status, String json) {
    if (!request.response().ended() && !request.response().closed()) {
      request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
    }
  }
}
