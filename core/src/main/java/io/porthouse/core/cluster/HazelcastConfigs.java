package io.porthouse.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.porthouse.core.config.ConfigException;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hazelcast configurations for Porthouse clusters. Production reads {@code conf/cluster.xml};
 * tests build a loopback config in code with their own cluster name and port, so they never join
 * another run's cluster.
 */
public final class HazelcastConfigs {

  private HazelcastConfigs() {
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
    // A killed member is noticed within seconds, not the default minute.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
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
