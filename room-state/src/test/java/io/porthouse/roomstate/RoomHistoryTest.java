package io.porthouse.roomstate;

import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.envelope.EnvelopeKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RoomHistoryTest {

  private static StoredMessage message(long seq, String text, long at) {
    return new StoredMessage(seq, "s-" + seq, "c", EnvelopeKind.TEXT, text.getBytes(StandardCharsets.UTF_8), null, at);
  }

  private static List<Long> seqs(List<StoredMessage> messages) {
    return messages.stream().map(StoredMessage::seq).toList();
  }

  @Test
  void keepsTheNewestWithinCountBytesAndAge() {
    RoomHistory h = new RoomHistory();
    HistoryLimits limits = new HistoryLimits(3, 1000, 12);
    for (long seq = 1; seq <= 5; seq++) {
      h.keep(seq, EnvelopeKind.TEXT, seq * 10, message(seq, "\"ab\"", 0), limits); // 4 bytes each
    }
    assertThat(seqs(h.between(0, 99, null, 100, limits, 50))).containsExactly(3L, 4L, 5L);
    h.keep(6, EnvelopeKind.TEXT, 60, message(6, "\"abcdefgh\"", 0), limits); // 10 bytes: only it fits
    assertThat(seqs(h.between(0, 99, null, 100, limits, 60))).containsExactly(6L);
    assertThat(h.holdsAllAfter(5, limits, 60)).isTrue();
    assertThat(h.holdsAllAfter(4, limits, 60)).isFalse();
    h.keep(7, EnvelopeKind.TEXT, 2000, message(7, "1", 0), limits); // 6 expired by then
    assertThat(seqs(h.between(0, 99, null, 100, limits, 2000))).containsExactly(7L);
    h.keep(8, EnvelopeKind.TEXT, 2001, message(8, "\"far too large\"", 0), limits);
    assertThat(h.between(0, 99, null, 100, limits, 2001)).isEmpty();
    assertThat(h.holdsAllAfter(7, limits, 2001)).isFalse();
  }

  @Test
  void readsGiveBackWhatWasKeptThroughEveryMoveOfTheArena() {
    RoomHistory h = new RoomHistory();
    Deque<StoredMessage> expected = new ArrayDeque<>();
    Random random = new Random(7);
    HistoryLimits limits = new HistoryLimits(50, Long.MAX_VALUE / 4, 4000);
    long bytes = 0;
    for (long seq = 1; seq <= 5000; seq++) {
      String text = "\"" + "x".repeat(random.nextInt(seq % 1000 == 0 ? 3000 : 200)) + seq + "\"";
      StoredMessage m = new StoredMessage(seq, "s", seq % 3 == 0 ? null : "c" + seq, EnvelopeKind.RAW_TEXT,
          text.getBytes(StandardCharsets.UTF_8), seq % 5 == 0 ? List.of("s2") : null, seq, seq % 7 == 0 ? "other" : null);
      h.keep(seq, EnvelopeKind.TEXT, seq, m, limits);
      expected.addLast(m);
      bytes += m.payload().length;
      while (expected.size() > 50 || bytes > 4000) {
        bytes -= expected.pollFirst().payload().length;
      }
      if (seq % 97 == 0 || seq % 1000 == 0) {
        List<StoredMessage> read = h.between(0, Long.MAX_VALUE, null, 1000, limits, seq);
        assertThat(read).hasSize(expected.size());
        int i = 0;
        for (StoredMessage want : expected) {
          StoredMessage got = read.get(i++);
          assertThat(got.seq()).isEqualTo(want.seq());
          assertThat(got.payload()).isEqualTo(want.payload());
          assertThat(got.client()).isEqualTo(want.client());
          assertThat(got.to()).isEqualTo(want.to());
          assertThat(got.via()).isEqualTo(want.via());
          assertThat(got.kind()).isEqualTo(EnvelopeKind.TEXT); // as it was delivered
        }
      }
    }
    assertThat(seqs(h.between(0, Long.MAX_VALUE, "s1", 1000, limits, 5000))).isNotEmpty().noneMatch(seq -> seq % 5 == 0);
    assertThat(seqs(h.between(0, Long.MAX_VALUE, "s2", 1000, limits, 5000))).anyMatch(seq -> seq % 5 == 0);
  }

  @Test
  void aBackupReadsTheSameMessages() throws Exception {
    RoomHistory h = new RoomHistory();
    HistoryLimits limits = new HistoryLimits(10, 10_000, 1 << 20);
    for (long seq = 1; seq <= 25; seq++) {
      h.keep(seq, EnvelopeKind.TEXT, seq, message(seq, "{\"n\":" + seq + "}", 0), limits);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(h);
      out.writeObject(new RoomHistory()); // never kept anything
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      RoomHistory copy = (RoomHistory) in.readObject();
      RoomHistory empty = (RoomHistory) in.readObject();
      assertThat(seqs(copy.between(0, 99, null, 100, limits, 30))).containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L,
          23L, 24L, 25L);
      assertThat(new String(copy.between(24, 25, null, 1, limits, 30).get(0).payload(), StandardCharsets.UTF_8))
          .isEqualTo("{\"n\":25}");
      copy.keep(26, EnvelopeKind.TEXT, 26, message(26, "1", 0), limits);
      assertThat(seqs(copy.between(24, 99, null, 100, limits, 30))).containsExactly(25L, 26L);
      assertThat(empty.between(0, 99, null, 100, limits, 30)).isEmpty();
      assertThat(empty.holdsAllAfter(0, limits, 30)).isFalse();
      empty.keep(1, EnvelopeKind.TEXT, 1, message(1, "1", 0), limits);
      assertThat(seqs(empty.between(0, 99, null, 100, limits, 2))).containsExactly(1L);
    }
  }
}
