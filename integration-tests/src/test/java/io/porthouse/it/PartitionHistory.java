package io.porthouse.it;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What clients saw during a fault test, and the check over it: every answer a sender got (per
 * message id) and every frame each receiver got, in order. {@link #check} lists every breach of
 * the guarantees: an acknowledged message delivered exactly once to every receiver, in seq order;
 * no seq given to two messages within an epoch; every epoch change and every jump announced by a
 * {@code reset}; no definite refusal of a message that was sequenced, unless an earlier attempt of it
 * was answered {@code outcome_unknown} (or not at all): a refusal is about the attempt it answers.
 */
final class PartitionHistory {

  /** Answers that say nothing was done. */
  private static final Set<String> DEFINITE_REFUSALS = Set.of("unavailable", "forbidden", "not_found", "bad_request",
      "too_large", "rate_limited", "unauthorized", "conflict");

  record Answer(String id, String room, String op, String code, long seq, long at) {
  }

  record Frame(String receiver, JsonObject frame, long at) {
  }

  final List<Answer> answers = new CopyOnWriteArrayList<>();
  final Map<String, List<Frame>> frames = new ConcurrentHashMap<>();

  void answer(String id, String room, JsonObject reply) {
    answers.add(new Answer(id, room, reply.getString("op"), reply.getString("code"),
        reply.getLong("seq", -1L), System.nanoTime()));
  }

  void noAnswer(String id, String room) {
    answers.add(new Answer(id, room, "none", "client_timeout", -1, System.nanoTime()));
  }

  void frame(String receiver, JsonObject frame) {
    frames.computeIfAbsent(receiver, r -> new CopyOnWriteArrayList<>()).add(new Frame(receiver, frame, System.nanoTime()));
  }

  /** What was counted, and every breach found (empty: none). */
  record Verdict(String counts, List<String> breaches, int resets) {
  }

  Verdict check() {
    List<String> breaches = new ArrayList<>();
    Map<String, Long> ackedSeq = new HashMap<>(); // id → seq
    Map<String, String> ackedRoom = new HashMap<>();
    for (Answer a : answers) {
      if ("ack".equals(a.op())) {
        Long before = ackedSeq.put(a.id(), a.seq());
        ackedRoom.put(a.id(), a.room());
        if (before != null && before != a.seq()) {
          breaches.add("message " + a.id() + " acked twice with different seqs: " + before + " and " + a.seq());
        }
      }
    }
    Map<String, String> idBySeq = new HashMap<>(); // room/epoch/seq → id, over every receiver
    Map<String, Long> firstDelivery = new HashMap<>(); // id → when first delivered anywhere
    int delivered = 0;
    int resets = 0;
    Set<String> epochs = new HashSet<>();
    for (Map.Entry<String, List<Frame>> r : frames.entrySet()) {
      Map<String, String> epochOf = new HashMap<>();
      Map<String, Long> lastSeq = new HashMap<>();
      Map<String, Boolean> announced = new HashMap<>();
      Map<String, Integer> timesGot = new HashMap<>();
      for (Frame f : r.getValue()) {
        JsonObject m = f.frame();
        String room = m.getString("room");
        if ("reset".equals(m.getString("op"))) {
          resets++;
          announced.put(room, true);
          if (!m.getString("epoch").equals(epochOf.get(room))) {
            epochOf.put(room, m.getString("epoch"));
            lastSeq.put(room, m.getLong("seq"));
          }
          continue;
        }
        if (!"msg".equals(m.getString("op"))) {
          continue;
        }
        delivered++;
        String epoch = m.getString("epoch");
        long seq = m.getLong("seq");
        String id = m.getJsonObject("data").getString("id");
        epochs.add(room + "/" + epoch);
        if (epochOf.containsKey(room) && !epoch.equals(epochOf.get(room))) {
          breaches.add(r.getKey() + " " + room + ": epoch " + epochOf.get(room) + " became " + epoch + " without a reset");
          lastSeq.put(room, seq - 1);
        }
        epochOf.put(room, epoch);
        long expected = lastSeq.getOrDefault(room, seq - 1) + 1; // the first message after the join starts the chain
        if (seq != expected && !announced.getOrDefault(room, false)) {
          breaches.add(r.getKey() + " " + room + ": seq " + seq + " after " + (expected - 1) + " with no reset");
        } else if (seq < expected && announced.getOrDefault(room, false)) {
          breaches.add(r.getKey() + " " + room + ": seq " + seq + " again after " + (expected - 1));
        }
        announced.put(room, false);
        lastSeq.put(room, seq);
        String key = room + "/" + epoch + "/" + seq;
        String before = idBySeq.putIfAbsent(key, id);
        if (before != null && !before.equals(id)) {
          breaches.add(room + " epoch " + epoch + " seq " + seq + " given to two messages: " + before + " and " + id);
        }
        timesGot.merge(id, 1, Integer::sum);
        firstDelivery.merge(id, f.at(), Math::min);
        Long acked = ackedSeq.get(id);
        if (acked != null && acked != seq) {
          breaches.add(r.getKey() + ": " + id + " acked as seq " + acked + " but delivered as " + seq);
        }
      }
      timesGot.forEach((id, n) -> {
        if (n > 1) {
          breaches.add(r.getKey() + " got " + id + " " + n + " times");
        }
      });
      ackedSeq.forEach((id, seq) -> {
        if (!timesGot.containsKey(id)) {
          breaches.add(r.getKey() + " never got acked " + id + " (" + ackedRoom.get(id) + " seq " + seq + ")");
        }
      });
    }
    int unknown = 0;
    int refused = 0;
    Set<String> inDoubt = new HashSet<>(); // ids an attempt of which was answered outcome_unknown (or not at all)
    for (Answer a : answers) {
      if ("error".equals(a.op()) && DEFINITE_REFUSALS.contains(a.code())) {
        refused++;
        // a refusal says the attempt it answers did nothing; after an attempt in doubt, an earlier
        // one may have done it, and the client goes on retrying with the same id
        Long first = firstDelivery.get(a.id());
        if (first != null && first < a.at() && !inDoubt.contains(a.id())) {
          breaches.add(a.id() + " refused (" + a.code() + ") after it had been sequenced and delivered, no attempt in doubt before");
        }
      } else if (!"ack".equals(a.op())) {
        unknown++;
        inDoubt.add(a.id());
      }
    }
    String counts = String.format("%d answers: %d acked messages, %d definite refusals, %d outcome unknown or no answer; "
            + "%d deliveries to %d receivers, %d resets, %d room epochs", answers.size(), ackedSeq.size(), refused, unknown,
        delivered, frames.size(), resets, epochs.size());
    return new Verdict(counts, breaches, resets);
  }

  /** Writes the history as JSON lines (kept with the test's logs when it fails). */
  void save(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Answer a : answers) {
      lines.add(new JsonObject().put("answer", a.id()).put("room", a.room()).put("op", a.op()).put("code", a.code())
          .put("seq", a.seq()).put("at", a.at()).encode());
    }
    frames.forEach((receiver, list) -> list.forEach(f -> lines.add(new JsonObject().put("receiver", receiver)
        .put("frame", f.frame()).put("at", f.at()).encode())));
    Files.write(file, lines);
  }
}
