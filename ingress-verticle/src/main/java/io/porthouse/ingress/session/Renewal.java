package io.porthouse.ingress.session;

import io.porthouse.core.bus.Identity;
import io.porthouse.ingress.BackendHooks;

/**
 * Renewal of an identity the backend gave a socket (connect hook): with the refresh hook on, the
 * backend is asked {@code hooks.refreshAheadSeconds} before it expires for a later expiry; told
 * one, the socket goes on as it was; refused (or the backend unreachable), the socket expires at
 * its {@code exp} as a token's would. An identity from a token is never renewed this way (its
 * client sends a fresh {@code auth}). Touched on the socket's event loop.
 */
final class Renewal {

  private final BackendHooks hooks;
  private boolean renewable;
  private boolean refused;
  private boolean asking;

  Renewal(BackendHooks hooks) {
    this.hooks = hooks;
  }

  /** The socket's identity now comes from the backend ({@code true}) or from a token. */
  void from(boolean backend) {
    renewable = backend && hooks.settings().refresh();
    refused = false;
  }

  /** When the socket hears its identity ran out: ahead of {@code exp} while it can be renewed, else at {@code exp}. */
  long watchAt(Identity identity) {
    long exp = identity.expiresAt() * 1000;
    return renewable && !refused ? exp - hooks.settings().refreshAheadMillis() : exp;
  }

  /** Asks the backend to renew, if it may: {@code true} when it asks (the socket does not expire now). */
  boolean renew(Session session) {
    if (!renewable || refused) {
      return false;
    }
    if (asking) {
      return true;
    }
    asking = true;
    Identity current = session.identity();
    hooks.refresh(current, session.id()).onComplete(ar -> {
      asking = false;
      if (session.isClosing() || session.identity() != current) {
        return; // closed, or another identity meanwhile
      }
      if (ar.succeeded() && ar.result().expiresAt() * 1000 > System.currentTimeMillis()) {
        session.renewed(ar.result());
      } else {
        refused = true; // expires at its exp, as a token would
        session.renewed(current);
      }
    });
    return true;
  }
}
