package io.porthouse.core.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.json.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

class JsonStringsTest {

  @Test
  void writesWhatJacksonWrites() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c);
    }
    for (String s : new String[] {"", "plain", "q\"uote", "back\\slash", all.toString(), "é漢字😀", "\u2028\u2029",
        "\u007f\u0000end", "mix \"é\"\n\t"}) {
      assertThat(JsonStrings.append(new StringBuilder(), s).toString()).as(s).isEqualTo(Json.encode(s));
      ByteBuf utf8 = Unpooled.buffer();
      assertThat(JsonStrings.append(utf8, s).toString(StandardCharsets.UTF_8)).as(s).isEqualTo(Json.encode(s));
    }
    assertThat(JsonStrings.append(new StringBuilder(), null).toString()).isEqualTo("null");
  }

  @Test
  void refsAreWrittenAsJacksonWritesThem() {
    for (Object ref : new Object[] {"r-1", "\"", 7, -3L, 1.5, 2.5e-300, Double.POSITIVE_INFINITY, Double.NaN,
        new BigInteger("123456789012345678901234567890"), new BigDecimal("1.0E+400")}) {
      assertThat(JsonStrings.appendRef(new StringBuilder(), ref).toString()).as(String.valueOf(ref))
          .isEqualTo(Json.encode(ref));
    }
  }

  @Test
  void ackIsTheFrameTheJsonApiWouldBuild() {
    assertThat(new io.vertx.core.json.JsonObject(ServerFrames.ack("a\"b", 42)))
        .isEqualTo(new io.vertx.core.json.JsonObject().put("op", "ack").put("ref", "a\"b").put("seq", 42L));
    assertThat(ServerFrames.ack(null, 1)).isEqualTo("{\"op\":\"ack\",\"seq\":1}");
    assertThat(ServerFrames.ack(9, 3)).isEqualTo("{\"op\":\"ack\",\"ref\":9,\"seq\":3}");
  }
}
