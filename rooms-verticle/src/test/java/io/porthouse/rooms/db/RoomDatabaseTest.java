package io.porthouse.rooms.db;

import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The persistent-room store on a real H2 file database and a real PostgreSQL server (started here from Maven Central's binaries). */
class RoomDatabaseTest {

  private static EmbeddedPostgres postgres;
  private static Vertx vertx;

  @TempDir
  static Path data;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
    postgres.close();
  }

  private static RoomDatabase open(String kind, String name) {
    JsonObject db = kind.equals("h2") ? new JsonObject()
        : new JsonObject().put("url", postgres.getJdbcUrl("postgres", "postgres")).put("user", "postgres");
    JsonObject config = PorthouseConfig.of(new JsonObject().put("dataDir", data.resolve(name).toString()).put("db", db)).json();
    return RoomDatabase.open(vertx, config);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void storesListsChangesAndRemovesRoomsAndRefusesATakenName(String kind) throws Exception {
    RoomDatabase db = open(kind, "store-" + kind);
    await(db.migrate());
    await(db.migrate()); // a second start finds the schema in place
    String room = "café-🚀-" + kind + "-" + System.nanoTime();
    await(db.insert(new RoomDatabase.Stored(room, "{\"public\":true}", "alice", 1234)));
    assertThatThrownBy(() -> await(db.insert(new RoomDatabase.Stored(room, "{}", "bob", 5))))
        .hasCauseInstanceOf(PorthouseException.class)
        .cause().satisfies(e -> assertThat(((PorthouseException) e).code()).isEqualTo(ErrorCode.CONFLICT));
    await(db.insert(new RoomDatabase.Stored(room + "-ownerless", "{}", null, 7)));
    assertThat(await(db.all())).filteredOn(r -> r.name().startsWith(room))
        .containsExactly(new RoomDatabase.Stored(room, "{\"public\":true}", "alice", 1234),
            new RoomDatabase.Stored(room + "-ownerless", "{}", null, 7));
    assertThat(await(db.updateRules(room, "{\"public\":false}"))).isTrue();
    assertThat(await(db.updateRules("no-such-room", "{}"))).isFalse();
    assertThat(await(db.delete(room + "-ownerless"))).isTrue();
    assertThat(await(db.delete(room + "-ownerless"))).isFalse();
    RoomDatabase reopened = open(kind, "store-" + kind); // another pool on the same database: it was written, not cached
    assertThat(await(reopened.all())).filteredOn(r -> r.name().startsWith(room))
        .containsExactly(new RoomDatabase.Stored(room, "{\"public\":false}", "alice", 1234));
    await(reopened.close());
    await(db.close());
  }
}
