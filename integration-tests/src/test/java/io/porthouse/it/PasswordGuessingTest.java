package io.porthouse.it;

import io.porthouse.testing.HostileClient;
import io.porthouse.testing.Posts;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack family: buying the server's CPU with password checks (PBKDF2, 600,000 iterations, a
 * third of a second each). Before: a non-owner's rules change naming a password was hashed before
 * it was refused; anonymous password joins and logins with unknown names each paid a hash; twelve
 * guesses from fresh sockets were all checked within 1.7 s (the slow-down was keyed to the
 * socket); parallel guesses all passed the check. Now: nothing is hashed before the caller is
 * authorised, an attempt is counted before its hash (by client, or by address when anonymous,
 * in the room's state: cluster-wide), one at a time, and hashes run in a bounded pool. Counted
 * from outside with the node's {@code porthouse_hashes_total}.
 */
class PasswordGuessingTest {

  private static final long HEAP_BOUND = 16L << 20;

  @TempDir
  Path work;

  @Test
  void guessesAreCountedBeforeTheyAreHashedOneAtATimeAndNothingIsHashedForTheUnauthorised() throws Exception {
    try (AttackedNode node = AttackedNode.start(work, "guess", Map.of("PORTHOUSE_ROOMS_PASSWORD_ITERATIONS", "600000"));
         ControlChat control = node.control();
         WsTestClient alice = node.as("alice", "primary");
         WsTestClient bob = node.as("bob", "primary")) {
      long before = node.heapAfterGc();
      assertThat(alice.request(new JsonObject().put("op", "create").put("room", "vault")
          .put("rules", new JsonObject().put("password", "open sesame")), 1).getString("op")).isEqualTo("created");
      double hashed = hashes(node);

      // a rules change naming a password, by a client that does not own the room: refused unhashed
      JsonObject change = bob.request(new JsonObject().put("op", "rules").put("room", "vault")
          .put("rules", new JsonObject().put("password", "mine now")), 2);
      assertThat(change.getString("code")).isEqualTo("forbidden");
      assertThat(hashes(node)).as("nothing hashed for a refused change").isEqualTo(hashed);

      // twelve guesses from fresh anonymous sockets (one address): the first is checked, then each waits its turn
      List<String> codes = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        try (WsTestClient guesser = node.anonymous()) {
          codes.add(guesser.request(new JsonObject().put("op", "join").put("room", "vault").put("password", "guess " + i), i)
              .getString("code"));
        }
      }
      assertThat(codes.get(0)).isEqualTo("forbidden");
      assertThat(codes.stream().filter("rate_limited"::equals).count()).as("guesses refused unchecked: " + codes)
          .isGreaterThanOrEqualTo(8);
      assertThat(hashes(node) - hashed).as("hashes for twelve guesses").isLessThanOrEqualTo(4);

      // ten guesses at once, each on its own socket of the same client: one is checked, the others wait
      double beforeParallel = hashes(node);
      String carol = node.tokens().token("carol");
      List<HostileClient> parallel = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        HostileClient c = HostileClient.upgrade(node.port(), "/ws", "Authorization: Bearer " + carol);
        c.read(Duration.ofSeconds(10)); // welcome
        parallel.add(c);
      }
      for (HostileClient c : parallel) {
        c.sendText("{\"op\":\"join\",\"room\":\"vault\",\"password\":\"wrong\",\"ref\":1}");
      }
      Map<String, Integer> answers = new HashMap<>();
      for (HostileClient c : parallel) {
        answers.merge(new JsonObject(c.read(Duration.ofSeconds(10)).text()).getString("code"), 1, Integer::sum);
        c.close();
      }
      assertThat(answers).as("ten parallel guesses").containsEntry("forbidden", 1).containsEntry("rate_limited", 9);
      assertThat(hashes(node) - beforeParallel).isEqualTo(1);

      // logins with unknown names from one address, twenty at once: one hash at a time for that address
      double beforeLogins = hashes(node);
      List<CompletableFuture<Integer>> logins = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String user = "nobody-" + i;
        logins.add(CompletableFuture.supplyAsync(() -> Posts.http(node.port(), "POST", "/auth/login",
            new JsonObject().put("user", user).put("password", "x").encode(), null).status()));
      }
      Map<Integer, Integer> statuses = new HashMap<>();
      for (CompletableFuture<Integer> login : logins) {
        statuses.merge(login.get(30, TimeUnit.SECONDS), 1, Integer::sum);
      }
      assertThat(statuses.keySet()).as("wrong (401) or refused unchecked (429)").isSubsetOf(401, 429);
      assertThat(statuses.getOrDefault(429, 0)).as("twenty logins at once from one address: " + statuses).isPositive();
      assertThat(hashes(node) - beforeLogins).as("hashes for them").isLessThan(20);

      // whoever knows the password still gets in (another client: its own count)
      try (WsTestClient dave = node.as("dave")) {
        assertThat(dave.request(new JsonObject().put("op", "join").put("room", "vault").put("password", "open sesame"), 1)
            .getString("op")).isEqualTo("joined");
      }
      control.assertServed();
      node.assertHeapWithin(before, HEAP_BOUND, "password guessing");
    }
  }

  /** Password hashes the node has run (refused ones are not hashed). */
  private static double hashes(AttackedNode node) {
    return Metrics.sum(node.port(), "porthouse_hashes_total", "outcome=\"done\"");
  }
}
