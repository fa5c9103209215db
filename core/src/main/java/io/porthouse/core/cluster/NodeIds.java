package io.porthouse.core.cluster;

import com.hazelcast.cluster.Member;

import java.security.SecureRandom;
import java.util.Set;
import java.util.UUID;

/**
 * Ingress node ids: 10 characters of {@code [a-z0-9]}. A clustered node's id is derived from its
 * Vert.x cluster node id (which the Hazelcast cluster manager keeps as a member attribute), so
 * whoever sees a member leave the cluster knows which node's sockets went with it; an embedded
 * node's id is random.
 */
public final class NodeIds {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int LENGTH = 10;

  /** The attribute where Vert.x's Hazelcast cluster manager keeps a member's Vert.x node id. */
  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  private NodeIds() {
  }

  /** The ingress node id of a Hazelcast member. */
  public static String ofMember(Member member) {
    String vertxNode = member.getAttribute(VERTX_NODE_ID);
    return ofClusterNode(vertxNode != null ? vertxNode : member.getUuid().toString());
  }

  /** The ingress node id of the JVM whose Vert.x cluster node id ({@code ClusterManager.getNodeId()}) this is. */
  public static String ofClusterNode(String clusterNodeId) {
    UUID uuid = UUID.fromString(clusterNodeId);
    long bits = uuid.getMostSignificantBits() ^ Long.rotateLeft(uuid.getLeastSignificantBits(), 17);
    StringBuilder sb = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      sb.append(ALPHABET.charAt((int) Long.remainderUnsigned(bits, ALPHABET.length())));
      bits = Long.divideUnsigned(bits, ALPHABET.length());
    }
    return sb.toString();
  }

  /**
   * The node id of a further ingress in the JVM of ingress node {@code jvmNode} (an extension
   * verticle, docs/extending.md): {@code <jvmNode>-<name>}. Its sockets go with that JVM: when the
   * JVM's member leaves the cluster, {@link #belongsTo} counts them as its.
   */
  public static String extension(String jvmNode, String name) {
    return jvmNode + "-" + name;
  }

  /** Whether node {@code node} is one of {@code jvmNodes} or an extension ingress of one of them. */
  public static boolean belongsTo(String node, Set<String> jvmNodes) {
    if (jvmNodes.contains(node)) {
      return true;
    }
    int dash = node.indexOf('-');
    return dash > 0 && jvmNodes.contains(node.substring(0, dash));
  }

  /** A random node id (embedded). */
  public static String random() {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
