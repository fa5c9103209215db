package io.porthouse.roomstate.store;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The one room store of a Vert.x instance, shared by the verticles deployed on it: in-process
 * when Vert.x is not clustered, the Hazelcast map of the cluster manager's instance when it is.
 */
public final class RoomStores {

  private static final String LOCAL_MAP = "porthouse.room-store";

  private record Holder(RoomStore store) implements Shareable {
  }

  private RoomStores() {
  }

  public static synchronized RoomStore of(Vertx vertx) {
    LocalMap<String, Holder> holders = vertx.sharedData().getLocalMap(LOCAL_MAP);
    Holder holder = holders.get("store");
    if (holder == null) {
      holder = new Holder(create(vertx));
      holders.put("store", holder);
    }
    return holder.store();
  }

  private static RoomStore create(Vertx vertx) {
    if (!vertx.isClustered()) {
      return new LocalRoomStore();
    }
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    if (!(manager instanceof HazelcastClusterManager hazelcast)) {
      throw new IllegalStateException("clustered Porthouse needs the Hazelcast cluster manager, not " + manager);
    }
    return new ClusteredRoomStore(vertx, hazelcast.getHazelcastInstance());
  }
}
