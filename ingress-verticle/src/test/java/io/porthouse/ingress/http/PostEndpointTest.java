package io.porthouse.ingress.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostEndpointTest {

  @Test
  void aFormIsAJsonObjectOfItsFieldsRepeatedOnesAsArrays() {
    JsonObject json = new JsonObject(PostEndpoint.formAsJson(Buffer.buffer("a=1&b=x+y&b=%C3%BC&empty=")));
    assertThat(json).isEqualTo(new JsonObject().put("a", "1").put("b", new JsonArray().add("x y").add("ü")).put("empty", ""));
    assertThat(new JsonObject(PostEndpoint.formAsJson(Buffer.buffer("")))).isEqualTo(new JsonObject());
  }
}
