package io.porthouse.it;

import io.porthouse.core.Addresses;
import io.porthouse.core.cluster.HazelcastConfigs;
import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.launcher.Porthouse;
import io.porthouse.testing.ClusterFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.Tokens;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The cluster's door, in one JVM with real Hazelcast and the event bus over TLS: a node with the
 * cluster secret joins and talks; one with the public name but a wrong secret is a cluster of its
 * own and receives no event-bus message of the cluster, nor reaches its services; one with the
 * secret but without the event bus's TLS certificate joins Hazelcast but gets no event-bus message.
 */
class ClosedClusterTest {

  private static final String PROBE = "porthouse.test.probe";
  private final List<Porthouse> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    for (Porthouse p : nodes) {
      WsTestClient.await(p.close());
    }
  }

  private Porthouse node(String name, int port, String secret, JsonObject cluster, String... verticles) {
    PorthouseConfig config = PorthouseConfig.of(new JsonObject().put("http", new JsonObject().put("port", 0))
        .put("auth", new JsonObject().put("jwtSecret", Tokens.randomSecret()))
        .put("cluster", new JsonObject().put("minRoomsMembers", 1).mergeIn(cluster)));
    Porthouse p = WsTestClient.await(Porthouse.clustered(
        HazelcastConfigs.loopback(HazelcastConfigs.secureName(name, secret), port), "127.0.0.1", List.of(verticles), config));
    nodes.add(p);
    return p;
  }

  /** What a node's consumer of the probe address receives (its own publishes included). */
  private static List<Object> probe(Porthouse p) {
    List<Object> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    WsTestClient.await(p.vertx().eventBus().consumer(PROBE, m -> got.add(m.body())).completion());
    return got;
  }

  @Test
  void onlyAMemberWithTheSecretAndTheCertificateGetsTheClustersMessages() {
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    JsonObject tls = new JsonObject().put("tlsKeyFile", cert.privateKeyPath()).put("tlsCertFile", cert.certificatePath())
        .put("tlsTrustFile", cert.certificatePath());
    String name = "closed-" + UUID.randomUUID();
    String secret = "the-secret-" + UUID.randomUUID();
    int port = 17000 + ThreadLocalRandom.current().nextInt(600, 800) * 20;
    Porthouse member = node(name, port, secret, tls, "auth", "rooms"); // a data member: it holds the subscriptions
    Porthouse friend = node(name, port, secret, tls);
    Porthouse stranger = node(name, port, "a-wrong-secret-" + UUID.randomUUID(), tls, "rooms");
    Porthouse plain = node(name, port, secret, new JsonObject());
    List<Object> atMember = probe(member);
    List<Object> atFriend = probe(friend);
    List<Object> atStranger = probe(stranger);
    List<Object> atPlain = probe(plain);
    Eventually.until("member, friend and plain in one Hazelcast cluster", Duration.ofSeconds(30),
        () -> ClusterFixture.hazelcast(member).getCluster().getMembers().size() == 3);
    assertThat(ClusterFixture.hazelcast(stranger).getCluster().getMembers()).as("the stranger is alone").hasSize(1);

    // over TLS, the friend reaches the member, and the member the friend
    friend.vertx().eventBus().publish(PROBE, "from the friend");
    member.vertx().eventBus().publish(PROBE, "from the member");
    Eventually.until("both heard each other", Duration.ofSeconds(20),
        () -> atMember.contains("from the friend") && atFriend.contains("from the member"));
    // the friend reaches the member's auth; the stranger finds no such service at all
    Throwable verified = catchThrowable(() -> WsTestClient.await(friend.vertx().eventBus()
        .request(Addresses.AUTH_VERIFY, new JsonObject().put("token", "not-a-token"))));
    assertThat(((ReplyException) verified).failureType()).as("auth answered (and refused the token)")
        .isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    Throwable unreached = catchThrowable(() -> WsTestClient.await(stranger.vertx().eventBus()
        .request(Addresses.AUTH_VERIFY, new JsonObject().put("token", "not-a-token"))));
    assertThat(((ReplyException) unreached).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
    stranger.vertx().eventBus().publish(PROBE, "from the stranger");

    // one more round: when it has reached the friend, the earlier ones have long been delivered or refused
    member.vertx().eventBus().publish(PROBE, "again");
    Eventually.until("the second round, and the stranger's own publish (its bus works, alone)", Duration.ofSeconds(20),
        () -> atFriend.contains("again") && atMember.contains("again") && atStranger.contains("from the stranger"));
    assertThat(atStranger).as("the stranger got only its own publish").containsExactly("from the stranger");
    assertThat(atMember).as("the member never got the stranger's")
        .containsExactlyInAnyOrder("from the friend", "from the member", "again");
    assertThat(atPlain).as("no TLS certificate: no event-bus message, though it is in Hazelcast").isEmpty();
  }
}
