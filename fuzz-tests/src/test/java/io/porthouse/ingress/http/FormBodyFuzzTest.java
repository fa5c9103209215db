package io.porthouse.ingress.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.FrameParser;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.buffer.Buffer;

/** A form body ({@code application/x-www-form-urlencoded}), any bytes: one JSON object, or {@code bad_request}. */
class FormBodyFuzzTest {

  @FuzzTest
  void form(byte[] body) {
    Buffer json;
    try {
      json = PostEndpoint.formAsJson(Buffer.buffer(body));
    } catch (PorthouseException refused) {
      if (refused.code() != ErrorCode.BAD_REQUEST) {
        throw new AssertionError(refused);
      }
      return;
    }
    FrameParser.requireJsonValue(json);
    if (json.getByte(0) != '{') {
      throw new AssertionError("a form becomes a JSON object: " + json);
    }
  }
}
