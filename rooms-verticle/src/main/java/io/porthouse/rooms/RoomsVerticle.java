package io.porthouse.rooms;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.porthouse.core.Addresses;
import io.porthouse.core.bus.RoomsLost;
import io.porthouse.core.cluster.HazelcastConfigs;
import io.porthouse.core.cluster.NodeIds;
import io.porthouse.core.ops.Operations;
import io.porthouse.rooms.db.RoomDatabase;
import io.porthouse.roomstate.RoomEvents;
import io.porthouse.roomstate.SweepRooms;
import io.porthouse.roomstate.store.ClusteredRoomStore;
import io.porthouse.roomstate.store.RoomStore;
import io.porthouse.roomstate.store.RoomStores;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes this JVM a holder of room state. Embedded, the state is in-process and this verticle only
 * sweeps empty rooms. Clustered, this JVM is a Hazelcast data member and owns a share of the room
 * partitions (Hazelcast places, replicates and migrates them); this verticle watches the cluster:
 * when a member leaves, the oldest rooms JVM makes the sockets of that member's ingress leave
 * their rooms, and when a partition loses every copy it tells every ingress to restate its
 * memberships (the rooms come back under a new epoch). Nothing here is on the message path.
 */
public final class RoomsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RoomsVerticle.class);
  /** When a loss is announced again, in ms after the first announcement. */
  private static final long[] LOST_REPEATS = {1000, 3000, 6000};

  /** Who left the cluster; touched on this verticle's context only. */
  private final Departures departures = new Departures();
  private RoomStore store;
  private HazelcastInstance hazelcast;
  private UUID membershipListener;
  private UUID lostListener;
  private UUID migrationListener;
  private UUID lifecycleListener;
  private long emptyTtlMillis;
  private boolean announcing;
  private long timer = -1;
  private PersistentRooms persistent;
  private EndpointRegistry endpoints;
  private final List<Meter> meters = new ArrayList<>();
  private final AtomicLong migrations = new AtomicLong();

  @Override
  public Future<?> start() {
    JsonObject conf = config().getJsonObject("rooms");
    emptyTtlMillis = conf.getLong("emptyRoomTtlSeconds") * 1000;
    store = RoomStores.of(vertx);
    if (store instanceof ClusteredRoomStore clustered) {
      hazelcast = clustered.hazelcast();
      watchCluster(clustered);
    }
    timer = vertx.setPeriodic(conf.getLong("sweepMillis"), t -> sweep());
    registerMeters();
    LOG.info("rooms: holding room state ({})", hazelcast == null ? "in this process"
        : "a share of the Hazelcast partitions of " + clustered().map().getName());
    RoomDatabase db = RoomDatabase.open(vertx, config());
    persistent = new PersistentRooms(db, store);
    endpoints = new EndpointRegistry(db);
    return persistent.start(vertx.eventBus()).compose(v -> endpoints.start(vertx.eventBus()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    meters.forEach(Operations.meters()::remove);
    if (endpoints != null) {
      endpoints.stop();
    }
    if (persistent != null) {
      persistent.stop();
    }
    if (hazelcast != null && hazelcast.getLifecycleService().isRunning()) {
      hazelcast.getCluster().removeMembershipListener(membershipListener);
      clustered().map().removePartitionLostListener(lostListener);
      hazelcast.getPartitionService().removeMigrationListener(migrationListener);
      hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
    }
    return Future.succeededFuture();
  }

  /** Rooms this JVM owns, the cluster's members, partition migrations (docs/deploy.md, Metrics). */
  private void registerMeters() {
    MeterRegistry registry = Operations.meters();
    String jvm = hazelcast == null ? "local" : NodeIds.ofMember(hazelcast.getCluster().getLocalMember());
    meters.add(Gauge.builder("porthouse.rooms.owned", store, RoomStore::ownedRooms)
        .tag("node", jvm).description("rooms whose state this JVM owns").register(registry));
    if (hazelcast != null) {
      HazelcastInstance hz = hazelcast;
      meters.add(Gauge.builder("porthouse.cluster.members", hz,
          h -> h.getLifecycleService().isRunning() ? h.getCluster().getMembers().size() : 0).tag("node", jvm)
          .description("members of the Hazelcast cluster as this JVM sees it").register(registry));
      meters.add(FunctionCounter.builder("porthouse.partition.migrations", migrations,
          AtomicLong::get).tag("node", jvm)
          .description("partition replica moves completed (rebalances after members join or leave)").register(registry));
    }
  }

  private ClusteredRoomStore clustered() {
    return (ClusteredRoomStore) store;
  }

  private void watchCluster(ClusteredRoomStore clustered) {
    Context context = vertx.getOrCreateContext();
    membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // Hazelcast migrates a share of the partitions to a new data member by itself; a member
        // seen again (the view from our side of a split) is alive after all.
        String node = NodeIds.ofMember(event.getMember());
        int members = event.getMembers().size();
        context.runOnContext(v -> {
          LOG.info("rooms: cluster member {} (node {}) joined; {} members now", event.getMember(), node, members);
          if (departures.back(node) && oldestRoomsMember()) {
            // a node we had given up for dead is back (a split healed): its sockets' memberships
            // were dropped meanwhile, so it restates them
            LOG.warn("rooms: node {} is back after a split; asking it to restate its memberships", node);
            vertx.eventBus().publish(Addresses.ROOMS_LOST, RoomsLost.at(node).toJson());
          }
        });
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String node = NodeIds.ofMember(event.getMember());
        context.runOnContext(v -> {
          departures.left(node, System.currentTimeMillis(), hasQuorum());
          LOG.info("rooms: cluster member {} (node {}) left; its sockets leave their rooms", event.getMember(), node);
          sweep();
        });
      }
    });
    migrationListener = hazelcast.getPartitionService().addMigrationListener(new MigrationListener() {
      @Override
      public void migrationStarted(MigrationState state) {
        // logged when done
      }

      @Override
      public void migrationFinished(MigrationState state) {
        migrations.addAndGet(state.getCompletedMigrations());
        context.runOnContext(v -> LOG.info("rooms: partitions rebalanced ({} replica moves); this JVM owns {} rooms",
            state.getCompletedMigrations(), store.ownedRooms()));
      }

      @Override
      public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        // one of many per rebalance: the summary above is enough
      }

      @Override
      public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        LOG.warn("rooms: moving partition {} failed; Hazelcast retries it", event.getPartitionId());
      }
    });
    lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        context.runOnContext(v -> {
          // who "left" was seen from the losing side of the split: forget it, or a later sweep
          // from this JVM would drop live sockets
          departures.clear();
          LOG.warn("rooms: merged back into the cluster after a split; the larger side's rooms were kept");
        });
      }
    });
    lostListener = clustered.map().addPartitionLostListener(event -> context.runOnContext(v -> {
      // On the losing side of a split every partition held elsewhere looks lost: only a side
      // with the quorum of rooms members may tell the ingresses to make rooms again.
      if (oldestRoomsMember() && hasQuorum()) {
        LOG.warn("rooms: partition {} lost every copy; its rooms are made again under new epochs as ingresses restate",
            event.getPartitionId());
        announceLost();
        persistent.restoreAll(); // stored rooms of the lost partitions come back with their rules
      }
    }));
  }

  /**
   * One JVM at a time sweeps: the oldest data member (Hazelcast's own member order, no election of
   * ours). The sweep is idempotent, so two JVMs that both believe they are oldest for a moment
   * do no harm.
   */
  private boolean oldestRoomsMember() {
    if (hazelcast == null) {
      return true;
    }
    for (Member m : hazelcast.getCluster().getMembers()) {
      if (!m.isLiteMember()) {
        return m.localMember();
      }
    }
    return false;
  }

  /**
   * Tells every ingress to restate its memberships, once now and again after {@link #LOST_REPEATS}:
   * the event bus finds subscribers through Hazelcast too, and entries of the lost partitions come
   * back only when each node republishes its own, so one announcement alone could reach nobody.
   * Restating is idempotent; a burst of lost partitions makes one series.
   */
  private void announceLost() {
    if (announcing) {
      return;
    }
    announcing = true;
    JsonObject lost = RoomsLost.everywhere("partitions lost").toJson();
    vertx.eventBus().publish(Addresses.ROOMS_LOST, lost);
    for (int i = 0; i < LOST_REPEATS.length; i++) {
      boolean last = i == LOST_REPEATS.length - 1;
      vertx.setTimer(LOST_REPEATS[i], t -> {
        vertx.eventBus().publish(Addresses.ROOMS_LOST, lost);
        if (last) {
          announcing = false;
        }
      });
    }
  }

  /**
   * Whether this side of the cluster has the rooms quorum, if one is set: asked of the quorum
   * function now, not of Hazelcast's cached verdict (refreshed once a heartbeat round), so a JVM
   * that just thawed from a pause never sweeps the rooms of the members it stopped hearing from.
   */
  private boolean hasQuorum() {
    SplitBrainProtectionConfig quorum =
        hazelcast.getConfig().getSplitBrainProtectionConfigs().get(HazelcastConfigs.ROOMS_QUORUM);
    if (quorum == null) {
      return true;
    }
    boolean now = quorum.getFunctionImplementation() == null
        || quorum.getFunctionImplementation().apply(hazelcast.getCluster().getMembers());
    return now && hazelcast.getSplitBrainProtectionService().getSplitBrainProtection(HazelcastConfigs.ROOMS_QUORUM)
        .hasMinimumSize();
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    boolean quorum = hazelcast == null || hasQuorum();
    Set<String> dead = departures.dead(now, quorum);
    if (!quorum || !oldestRoomsMember()) {
      return;
    }
    store.sweep(new SweepRooms(dead, emptyTtlMillis, now))
        .onSuccess(swept -> {
          int dropped = RoomEvents.dropped(swept);
          if (dropped > 0) {
            LOG.info("rooms: {} memberships of departed nodes dropped", dropped);
          }
          RoomEvents.sendLeaves(vertx.eventBus(), swept);
          // webhook events whose deliverer died (or was never asked): any hooks verticle takes them up
          swept.forEach((room, r) -> {
            if (r.orphanedEvents()) {
              vertx.eventBus().send(Addresses.WEBHOOKS_ORPHANED, room);
            }
          });
        })
        .onFailure(e -> LOG.debug("rooms: sweep not done, next one retries: {}", e.toString()));
  }
}
