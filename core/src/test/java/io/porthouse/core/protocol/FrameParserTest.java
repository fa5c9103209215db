package io.porthouse.core.protocol;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameParserTest {

  private static ClientFrame parse(String s) {
    return FrameParser.parse(Buffer.buffer(s));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"x\": 1, \"b\":[true, null,\"s\"]}", "\"a string with \\\"quotes\\\" and ü\"", "12345", "-1.5e3",
      "true", "null", "[ 1 , 2 ]", "{}"})
  void sendKeepsDataBytesExactly(String data) {
    ClientFrame f = parse("{\"op\":\"send\",\"room\":\"r\",\"data\":" + data + " ,\"ref\":1}");
    assertThat(f.op()).isEqualTo(Op.SEND);
    assertThat(f.data().toString()).isEqualTo(data);
  }

  @Test
  void dataAsLastFieldBeforeClosingBrace() {
    assertThat(parse("{\"op\":\"send\",\"room\":\"r\",\"data\":7}").data().toString()).isEqualTo("7");
    assertThat(parse("{\"op\":\"send\",\"room\":\"r\",\"data\":\"x\"}").data().toString()).isEqualTo("\"x\"");
  }

  @Test
  void readsEveryField() {
    ClientFrame f = parse("{\"op\":\"send\",\"ref\":\"a1\",\"room\":\"chat\",\"data\":{},\"to\":[\"s1\",\"s2\"],\"extra\":{\"ignored\":[1]}}");
    assertThat(f.ref()).isEqualTo("a1");
    assertThat(f.room()).isEqualTo("chat");
    assertThat(f.to()).containsExactly("s1", "s2");
    ClientFrame c = parse("{\"op\":\"create\",\"room\":\"r\",\"rules\":{\"maxMembers\":3},\"ref\":9}");
    assertThat(c.rules().getInteger("maxMembers")).isEqualTo(3);
    assertThat(c.ref()).isEqualTo(9);
    assertThat(parse("{\"op\":\"auth\",\"token\":\"t\"}").token()).isEqualTo("t");
    assertThat(parse("{\"op\":\"ping\"}").op()).isEqualTo(Op.PING);
    assertThat(parse("{\"op\":\"rooms\"}").op()).isEqualTo(Op.ROOMS);
  }

  @Test
  void newRoomShorthandIsCreate() {
    ClientFrame f = parse("NEW ROOM lobby");
    assertThat(f.op()).isEqualTo(Op.CREATE);
    assertThat(f.room()).isEqualTo("lobby");
    assertThatThrownBy(() -> parse("NEW ROOM ")).isInstanceOf(PorthouseException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json", "", "[1,2]", "{\"op\":\"send\"", "{}", "{\"op\":42}", "{\"op\":\"fly\"}",
      "{\"op\":\"join\"}", "{\"op\":\"join\",\"room\":5}", "{\"op\":\"join\",\"room\":\"\"}",
      "{\"op\":\"join\",\"room\":\"a b\"}", "{\"op\":\"send\",\"room\":\"r\"}",
      "{\"op\":\"send\",\"room\":\"r\",\"data\":1,\"to\":\"s1\"}", "{\"op\":\"send\",\"room\":\"r\",\"data\":1,\"to\":[1]}",
      "{\"op\":\"create\",\"room\":\"r\",\"rules\":[]}", "{\"op\":\"ping\",\"ref\":{}}", "{\"op\":\"auth\"}",
      "{\"op\":\"ping\"} {\"op\":\"ping\"}", "{\"op\":\"send\",\"room\":\"r\",\"data\":[1,}"})
  void badFramesAreBadRequests(String frame) {
    assertThatThrownBy(() -> parse(frame))
        .isInstanceOfSatisfying(PorthouseException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
  }

  @Test
  void errorsCarryTheRefWhereverItStands() {
    for (String frame : new String[] {"{\"op\":\"join\",\"room\":7,\"ref\":\"r1\"}", "{\"ref\":\"r1\",\"op\":\"fly\"}",
        "{\"op\":\"send\",\"to\":[1,{\"a\":[2]},\"x\"],\"ref\":\"r1\",\"room\":\"r\",\"data\":1}",
        "{\"op\":\"create\",\"rules\":[1,[2]],\"room\":\"r\",\"ref\":\"r1\"}", "{\"op\":\"join\",\"ref\":\"r1\"}"}) {
      assertThatThrownBy(() -> parse(frame)).as(frame)
          .isInstanceOfSatisfying(PorthouseException.class, e -> assertThat(e.ref()).isEqualTo("r1"));
    }
  }

  @Test
  void roomNameLengthIsBounded() {
    assertThat(parse("{\"op\":\"join\",\"room\":\"" + "a".repeat(128) + "\"}").room()).hasSize(128);
    assertThatThrownBy(() -> parse("{\"op\":\"join\",\"room\":\"" + "a".repeat(129) + "\"}"))
        .isInstanceOf(PorthouseException.class);
  }

  @Test
  void attachNeedsASocketAndAKnownChannel() {
    ClientFrame a = parse("{\"op\":\"attach\",\"socket\":\"n.1\",\"channel\":\"debug\"}");
    assertThat(a.socket()).isEqualTo("n.1");
    assertThat(a.channel()).isEqualTo("debug");
    assertThatThrownBy(() -> parse("{\"op\":\"attach\",\"channel\":\"debug\"}")).hasMessageContaining("socket");
    assertThatThrownBy(() -> parse("{\"op\":\"attach\",\"socket\":\"n.1\",\"channel\":\"spy\"}"))
        .hasMessageContaining("control");
  }

  @Test
  void aFrameEncodesBackToTheSameFrameDataBytesIncluded() {
    String text = "{\"op\":\"send\",\"ref\":3,\"room\":\"r\",\"data\":{\"k\" : 1.50},\"to\":[\"a\"],\"socket\":\"n.1\"}";
    ClientFrame f = parse(text);
    ClientFrame again = FrameParser.parse(f.encode());
    assertThat(again).isEqualTo(f);
    assertThat(again.data().toString()).isEqualTo("{\"k\" : 1.50}");
    assertThat(FrameParser.parse(parse("{\"op\":\"ping\"}").encode()).op()).isEqualTo(Op.PING);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "{", "1 2", "{\"a\":1}x", "nul"})
  void requireJsonValueRefusesAnythingButOneJsonValue(String body) {
    assertThatThrownBy(() -> FrameParser.requireJsonValue(Buffer.buffer(body))).isInstanceOf(PorthouseException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "\"s\"", " {\"a\": [1, 2]} ", "null"})
  void requireJsonValueTakesOneJsonValue(String body) {
    FrameParser.requireJsonValue(Buffer.buffer(body));
  }

  @Test
  void bytesThatAreNotUtf8AreABadRequestWhereverTheyAreEvenInRulesKeys() {
    byte[] head = "{\"ref\":3,\"op\":\"create\",\"room\":\"r\",\"rules\":{\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] tail = "s\":[\"ref\"],\"te\":5}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    io.vertx.core.buffer.Buffer frame = io.vertx.core.buffer.Buffer.buffer().appendBytes(head).appendByte((byte) 0xff).appendBytes(tail);
    PorthouseException e = org.assertj.core.api.Assertions.catchThrowableOfType(() -> FrameParser.parse(frame), PorthouseException.class);
    org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains("UTF-8");
    org.assertj.core.api.Assertions.assertThat(e.ref()).isEqualTo(3L);
    org.assertj.core.api.Assertions.assertThat(Utf8.valid(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})).as("a surrogate").isFalse();
    org.assertj.core.api.Assertions.assertThat(Utf8.valid(new byte[] {(byte) 0xc0, (byte) 0x80})).as("overlong").isFalse();
    org.assertj.core.api.Assertions.assertThat(Utf8.valid("héllo 日本 😀".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
  }
}
