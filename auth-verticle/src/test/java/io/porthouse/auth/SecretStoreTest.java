package io.porthouse.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SecretStoreTest {

  @Test
  void createsOnceAndKeeps(@TempDir Path dir) throws Exception {
    String first = SecretStore.loadOrCreate(dir.resolve("data"));
    assertThat(first.length()).isGreaterThanOrEqualTo(32);
    assertThat(SecretStore.loadOrCreate(dir.resolve("data"))).isEqualTo(first);
    try (var files = Files.list(dir.resolve("data"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(SecretStore.FILE_NAME);
    }
  }

  @Test
  void racingStartsAgreeOnOneSecret(@TempDir Path dir) throws Exception {
    int n = 16;
    CyclicBarrier barrier = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Callable<String>> tasks = IntStream.range(0, n).<Callable<String>>mapToObj(i -> () -> {
        barrier.await();
        return SecretStore.loadOrCreate(dir);
      }).toList();
      Set<String> secrets = new HashSet<>();
      for (Future<String> f : pool.invokeAll(tasks)) {
        secrets.add(f.get());
      }
      assertThat(secrets).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
