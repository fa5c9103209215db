package io.porthouse.ingress.hub;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LocalHubTest {

  private static final class Recorder implements LocalHub.Member {
    final String id;
    final List<Buffer> frames = new ArrayList<>();
    int flushes;
    final Set<String> rooms = new HashSet<>();

    Recorder(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String client() {
      return null;
    }

    @Override
    public Set<String> rooms() {
      return rooms;
    }

    @Override
    public void flush() {
      flushes++;
    }

    @Override
    public Future<Void> shutdown() {
      return Future.succeededFuture();
    }

    @Override
    public void deliver(Buffer frame) {
      frames.add(frame);
    }
  }

  private final List<Runnable> laterTasks = new ArrayList<>();
  private final LocalHub hub = new LocalHub(laterTasks::add);
  private final Recorder a = new Recorder("n.1");
  private final Recorder b = new Recorder("n.2");
  private final Recorder c = new Recorder("n.3");

  private static Envelope envelope(String from, List<String> to, long seq) {
    return new Envelope("id", "n", from, null, EnvelopeKind.TEXT, "r", to, Buffer.buffer("{\"x\":1}"), 0, seq);
  }

  @Test
  void deliversOneSerialisedFrameToEveryMemberButTheSender() {
    for (Recorder m : List.of(a, b, c)) {
      hub.connected(m);
      hub.add("r", m);
    }
    assertThat(hub.deliver(envelope("n.1", null, 7))).isEqualTo(2);
    assertThat(a.frames).isEmpty();
    assertThat(b.frames).hasSize(1);
    assertThat(b.frames.get(0)).isSameAs(c.frames.get(0)); // serialised once for the node
    assertThat(new JsonObject(b.frames.get(0).toString()).getLong("seq")).isEqualTo(7);
    assertThat(hub.envelopesIn()).isEqualTo(1);
    assertThat(hub.framesOut()).isEqualTo(2);
  }

  @Test
  void flushesEachMemberOncePerBurst() {
    hub.flushLater(a);
    hub.flushLater(b);
    assertThat(laterTasks).hasSize(1); // one task for the whole burst
    assertThat(a.flushes).isZero();
    laterTasks.remove(0).run();
    assertThat(a.flushes).isEqualTo(1);
    assertThat(b.flushes).isEqualTo(1);
    hub.flushLater(a);
    assertThat(laterTasks).hasSize(1);
  }

  @Test
  void toListNarrowsToListedLocalMembers() {
    hub.add("r", a);
    hub.add("r", b);
    hub.add("r", c);
    assertThat(hub.deliver(envelope("n.1", List.of("n.3", "n.1", "elsewhere.9"), 1))).isEqualTo(1);
    assertThat(c.frames).hasSize(1);
    assertThat(b.frames).isEmpty();
  }

  @Test
  void removedAndDisconnectedMembersGetNothing() {
    hub.connected(a);
    hub.connected(b);
    hub.add("r", a);
    hub.add("r", b);
    hub.remove("r", a);
    b.rooms.add("r");
    hub.disconnected(b, b.rooms);
    assertThat(hub.deliver(envelope("x.1", null, 1))).isZero();
    assertThat(hub.socketCount()).isEqualTo(1);
  }
}
