package io.porthouse.ingress.sse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamPositionTest {

  @Test
  void anIdNamesThePlaceInEveryRoomAndReadsBack() {
    StreamPosition p = new StreamPosition();
    p.at("lobby", 42, "3kq8zj1x0m2a");
    p.at("news,café:1", 7, "9f2kd0a7xq1b");
    assertThat(p.id()).isEqualTo("lobby:42:3kq8zj1x0m2a news%2Ccaf%C3%A9%3A1:7:9f2kd0a7xq1b");
    StreamPosition back = StreamPosition.parse(p.id());
    assertThat(back.rooms()).containsExactly("lobby", "news,café:1");
    assertThat(back.of("news,café:1")).isEqualTo(new StreamPosition.At(7, "9f2kd0a7xq1b"));
  }

  @Test
  void whatCannotBeReadIsLeftOutAndThatRoomStartsAfresh() {
    StreamPosition p = StreamPosition.parse("a:1:e1 b:x:e2 c:-3:e3 d:4 e:5: %zz:6:e6 f:7:e7:extra g:8:e8 h%00:9:e9 i:10:e\u0000");
    assertThat(p.rooms()).containsExactly("a", "g");
    assertThat(StreamPosition.parse(null).rooms()).isEmpty();
    assertThat(StreamPosition.parse("a:1:e".repeat(StreamPosition.MAX_ID_LENGTH)).rooms()).as("too long: ignored").isEmpty();
    assertThat(StreamPosition.parse("a:99999999999999999999:e").rooms()).isEmpty();
  }
}
