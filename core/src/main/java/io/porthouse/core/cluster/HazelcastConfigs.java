package io.porthouse.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.porthouse.core.config.ConfigException;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hazelcast configurations for Porthouse clusters. Production reads {@code conf/cluster.xml};
 * tests build a loopback config in code with their own cluster name and port, so they never join
 * another run's cluster.
 */
public final class HazelcastConfigs {

  /** The Hazelcast map of room state, keyed by room name. */
  public static final String ROOMS_MAP = "porthouse.rooms";
  /** The Hazelcast {@code DataSerializableFactory} id of room operations and replies. */
  public static final int ROOMS_SERIALIZATION_FACTORY = 1701;
  /** Its class (in the rooms module, on every Porthouse JVM's classpath), registered by name. */
  private static final String ROOMS_SERIALIZATION_CLASS = "io.porthouse.roomstate.RoomSerialization";
  /** The Hazelcast serializer type id of room replies (records of a sealed interface, which a {@code DataSerializableFactory} cannot make). */
  public static final int ROOM_REPLY_SERIALIZER = 1702;
  private static final String ROOM_REPLY_CLASS = "io.porthouse.roomstate.RoomReply";
  private static final String ROOM_REPLY_SERIALIZER_CLASS = "io.porthouse.roomstate.RoomReplySerializer";

  /** The split-brain protection guarding {@link #ROOMS_MAP}. */
  public static final String ROOMS_QUORUM = "porthouse-rooms-quorum";

  private HazelcastConfigs() {
  }

  /**
   * Makes {@code config} fit a Porthouse JVM. A JVM that runs no {@code rooms} verticle is a lite
   * member: it holds no partition, so killing it loses no room state. The rooms map gets its
   * defaults unless the file configured it: OBJECT format (entry processors work on the object,
   * no serialisation per message), {@code cluster.roomsBackups} synchronous backups, merge policy
   * put-if-absent (after a split the larger side's rooms win), and, when
   * {@code cluster.minRoomsMembers} is above 1, a split-brain protection that refuses room
   * operations on a side with fewer rooms members than that.
   */
  public static Config prepare(Config config, int backups, int minRoomsMembers, boolean runsRooms) {
    config.setLiteMember(!runsRooms);
    config.getSerializationConfig().getDataSerializableFactoryClasses()
        .putIfAbsent(ROOMS_SERIALIZATION_FACTORY, ROOMS_SERIALIZATION_CLASS);
    if (config.getSerializationConfig().getSerializerConfigs().stream().noneMatch(s -> ROOM_REPLY_CLASS.equals(s.getTypeClassName()))) {
      config.getSerializationConfig().addSerializerConfig(new SerializerConfig()
          .setTypeClassName(ROOM_REPLY_CLASS).setClassName(ROOM_REPLY_SERIALIZER_CLASS));
    }
    setIfAbsent(config, "hazelcast.operation.fail.on.indeterminate.state", "true");
    setIfAbsent(config, "hazelcast.merge.first.run.delay.seconds", "5");
    setIfAbsent(config, "hazelcast.merge.next.run.delay.seconds", "5");
    // an asymmetric cut (A and C lose each other, both reach B): the master drops one of the two
    // after collecting reports for 3 heartbeats, instead of leaving their calls failing
    setIfAbsent(config, "hazelcast.partial.member.disconnection.resolution.heartbeat.count", "3");
    if (Boolean.parseBoolean(config.getProperty("hazelcast.operation.fail.on.indeterminate.state"))) {
      backUpVertxMapsAsync(config);
    }
    if (config.getMapConfigOrNull(ROOMS_MAP) == null) {
      MapConfig rooms = new MapConfig(ROOMS_MAP)
          .setInMemoryFormat(InMemoryFormat.OBJECT)
          .setBackupCount(backups)
          .setAsyncBackupCount(0)
          .setMergePolicyConfig(new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(), 100));
      if (minRoomsMembers > 1) {
        rooms.setSplitBrainProtectionName(ROOMS_QUORUM);
      }
      config.addMapConfig(rooms);
    }
    if (minRoomsMembers > 1 && config.getSplitBrainProtectionConfigs().get(ROOMS_QUORUM) == null) {
      config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(ROOMS_QUORUM, true)
          .setProtectOn(SplitBrainProtectionOn.READ_WRITE)
          .setFunctionImplementation(new RoomsMembersQuorum(minRoomsMembers)));
    }
    return config;
  }

  /**
   * The rooms quorum of a clustered JVM: {@code cluster.minRoomsMembers} if set, else a majority
   * of {@code cluster.roomsMembers} (the rooms JVMs the cluster is meant to have). A rooms JVM
   * with neither refuses to start: without a quorum both sides of a partition would sequence the
   * same rooms, and an operator must not have to remember a setting for that not to happen.
   * {@code minRoomsMembers} 1 says so outright (availability over consistency).
   */
  public static int roomsQuorum(int roomsMembers, int minRoomsMembers, boolean runsRooms) {
    if (minRoomsMembers > 0) {
      return minRoomsMembers;
    }
    if (roomsMembers > 0) {
      return roomsMembers / 2 + 1;
    }
    if (runsRooms) {
      throw new ConfigException("a clustered rooms JVM needs cluster.roomsMembers (PORTHOUSE_CLUSTER_ROOMS_MEMBERS): how "
          + "many rooms JVMs the cluster has. A side of a partition with fewer than a majority of them refuses room "
          + "operations, so no room is sequenced on both sides. (cluster.minRoomsMembers=1 turns that off: both sides "
          + "go on, and after the partition heals one side's messages are lost.)");
    }
    return 1;
  }

  /**
   * Vert.x's own maps (its nodes, its subscriptions) get their backups asynchronously. Failing on
   * an indeterminate state is a member-wide setting, made for the rooms map; with it, a write to a
   * map with synchronous backups fails when a backup's ack is late (over 5 s: a busy or paused
   * JVM). Vert.x's writes are not retried: a node failed to start ({@code __vertx.nodeInfo},
   * seen in the suite beside a CPU-bound process), and one that fails in its member-removed
   * handler skips republishing its subscriptions. Vert.x needs no backup ack: it writes its node
   * and republishes its own subscriptions whenever a member leaves, which is when a backup is used.
   */
  private static void backUpVertxMapsAsync(Config config) {
    for (String name : new String[] {"__vertx.nodeInfo", "__vertx.haInfo"}) {
      MapConfig map = config.getMapConfig(name);
      map.setAsyncBackupCount(Math.min(6, map.getBackupCount() + map.getAsyncBackupCount())).setBackupCount(0);
    }
    MultiMapConfig subs = config.getMultiMapConfig("__vertx.subs");
    subs.setAsyncBackupCount(Math.min(6, subs.getBackupCount() + subs.getAsyncBackupCount())).setBackupCount(0);
  }

  private static void setIfAbsent(Config config, String property, String value) {
    if (config.getProperty(property) == null) {
      config.setProperty(property, value);
    }
  }

  /**
   * The Hazelcast cluster name of cluster {@code name} with secret {@code secret}: {@code name-}
   * and 16 hex digits of HMAC-SHA256(secret, name). Hazelcast's open-source edition has no member
   * authentication, but it refuses a member whose cluster name differs at join: so a JVM that
   * knows the public name and not the secret cannot join, take part in the partitions or receive
   * any event-bus message (subscriptions travel through the cluster). It does not protect against
   * someone who can read the join traffic (the derived name crosses the wire in clear): TLS for
   * cluster and event-bus traffic is the setting for that (docs/configuration.md, cluster.secret).
   */
  public static String secureName(String name, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] h = mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
      return name + "-" + HexFormat.of().formatHex(h, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /** Reads a Hazelcast XML file and names the cluster {@code clusterName}. */
  public static Config fromFile(Path xml, String clusterName) {
    if (!Files.isRegularFile(xml)) {
      throw new ConfigException("cluster config file not found: " + xml + " (set cluster.config or PORTHOUSE_CLUSTER_CONFIG)");
    }
    try {
      Config config = new XmlConfigBuilder(xml.toString()).build();
      config.setClusterName(clusterName);
      return config;
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("cannot read cluster config " + xml + ": " + e.getMessage(), e);
    }
  }

  /**
   * A cluster on 127.0.0.1 only: TCP-IP join, no multicast, members on ports from {@code port}
   * upwards, no join delay. Keeps the maps Vert.x needs (from {@link ConfigUtil#loadConfig()}).
   */
  public static Config loopback(String clusterName, int port) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // A killed member is noticed within a second (its connections close), a silent one after 15 s,
    // not the default minute; shorter suspects healthy members whose heartbeats are late under load.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(true).setPortCount(20);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
    return config;
  }
}
