package io.porthouse.ingress.http;

import io.porthouse.core.Addresses;
import io.porthouse.core.cluster.NodeIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /admin/nodes}: every member of the cluster (the cluster manager's view) with, for
 * each ingress node, its counts ({@link Addresses#ingressStatus}); a member without an ingress
 * (rooms, bridge) is listed as {@code "ingress":false}, one that does not answer within 2 s as
 * {@code "unreachable":true}. Embedded, the one node. Sorted by node id; this node has {@code "self":true}.
 */
final class ClusterNodes {

  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(2000);

  private final Vertx vertx;
  private final String self;

  ClusterNodes(Vertx vertx, String self) {
    this.vertx = vertx;
    this.self = self;
  }

  Future<JsonObject> list() {
    List<String> ids = new ArrayList<>();
    if (vertx.isClustered()) {
      for (String clusterNode : ((VertxInternal) vertx).clusterManager().getNodes()) {
        ids.add(NodeIds.ofClusterNode(clusterNode));
      }
    } else {
      ids.add(self);
    }
    ids.sort(null);
    List<Future<JsonObject>> answers = new ArrayList<>(ids.size());
    for (String id : ids) {
      answers.add(ask(id).map(status -> id.equals(self) ? status.copy().put("self", true) : status));
    }
    return Future.join(answers).transform(done -> Future.succeededFuture(
        new JsonObject().put("nodes", new JsonArray(answers.stream().map(f -> (Object) f.result()).toList()))));
  }

  private Future<JsonObject> ask(String id) {
    return vertx.eventBus().<JsonObject>request(Addresses.ingressStatus(id), new JsonObject(), ASK)
        .map(reply -> reply.body())
        .recover(e -> Future.succeededFuture(e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
            ? new JsonObject().put("node", id).put("ingress", false)
            : new JsonObject().put("node", id).put("unreachable", true).put("reason", e.getMessage())));
  }
}
