package io.porthouse.bridge;

import io.vertx.core.json.JsonObject;

/** What one link has done since the bridge started, as its status shows it (docs/bridge.md, Status). */
final class LinkCounts {

  long sent;
  long fromHistory;
  long received;
  long duplicates;
  long loops;
  long refused;
  long resetsSent;
  long resetsTaken;
  long reconnects;
  long authFailures;
  /** Now minus the origin ingress's receive time of the last message taken; -1 before the first. */
  long lagMillis = -1;

  JsonObject toJson() {
    return new JsonObject().put("sent", sent).put("sentFromHistory", fromHistory).put("received", received)
        .put("duplicatesDropped", duplicates).put("loopsDropped", loops).put("refused", refused)
        .put("resetsSent", resetsSent).put("resetsTaken", resetsTaken).put("reconnects", reconnects)
        .put("authFailures", authFailures).put("lagMillis", lagMillis);
  }
}
