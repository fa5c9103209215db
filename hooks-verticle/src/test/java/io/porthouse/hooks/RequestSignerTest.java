package io.porthouse.hooks;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSignerTest {

  @Test
  void signsTimestampIdAndBodyAsOpensslDoes() {
    // printf 'ts.id.body' | openssl dgst -sha256 -hmac 0123456789abcdef  (timestamp "ts" stands in for digits here)
    RequestSigner signer = new RequestSigner("0123456789abcdef");
    String expected = "v1=6332dc160e2d994a657c09c1b27dd381978afcc0ddaf9cb9e1f7aa3da793eda7";
    assertThat(signer.signRaw("ts", "id", Buffer.buffer("body"))).isEqualTo(expected);
    assertThat(signer.signRaw("ts", "id", Buffer.buffer("body"))).as("the same again: no state kept").isEqualTo(expected);
    assertThat(signer.signRaw("ts", "id", Buffer.buffer("bodY"))).isNotEqualTo(expected);
    assertThat(new RequestSigner("0123456789abcdeF").signRaw("ts", "id", Buffer.buffer("body"))).isNotEqualTo(expected);
  }
}
