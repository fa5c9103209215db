package io.porthouse.roomstate;

import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A room's rules as its sequencer applies them: who may enter ({@link #admit}), who may speak and how
 * ({@link #maySend}, {@link #toAllowed}), in what format ({@link #deliveredAs}), and its limits. Made
 * from the room's effective rules ({@link RoomRules#effective}) the same way on the sequencer and on
 * every backup, so applying it is deterministic. The room's creator, and clients with role
 * {@code owner}, pass the access rules (not the limits).
 */
public final class RoomPolicy implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** What a room takes and delivers (rule {@code format}). */
  public enum Format {
    ANY, JSON, TEXT, BINARY;

    static Format byName(String name) {
      for (Format f : values()) {
        if (f.name().toLowerCase(Locale.ROOT).equals(name)) {
          return f;
        }
      }
      return null;
    }
  }

  /** The policy of a room with no rules (a room made again after a loss before its rules are known). */
  static final RoomPolicy OPEN = new RoomPolicy(new JsonObject());

  final boolean listed;
  /** The webhook events the room makes (rule {@code webhooks}). */
  private final Set<String> webhooks;
  private final boolean authenticated;
  private final List<String> roles;
  private final List<String> clients;
  private final String passwordHash;
  private final boolean creatorOnlySends;
  private final List<String> sendRoles;
  private final List<String> sendClients;
  private final boolean toAllowed;
  final boolean echo;
  private final Format format;
  private final int maxMembers;
  private final int maxAnonymous;
  private final int maxMessageBytes;
  final int rate;
  final int burst;
  final boolean history;
  final HistoryLimits historyLimits;
  final boolean presence;
  /** Rule {@code exclusive}: a member is in this room alone, until a server-side verticle moves it. */
  final boolean exclusive;
  /** Rule {@code keeper}: messages sent here go to this keeper verticle only, not to members nor history. */
  final String keeper;
  /** Rule {@code persistent}: kept in the database, not removed when empty. */
  final boolean persistent;
  /** Rule {@code otp}: a join needs a one-time code of the client's enrolled authenticator. */
  private final boolean otp;

  RoomPolicy(JsonObject rules) {
    listed = rules.getBoolean("public", false);
    authenticated = rules.getBoolean("authenticated", false);
    roles = names(rules, "roles");
    clients = names(rules, "clients");
    passwordHash = rules.getString("password");
    creatorOnlySends = "owner".equals(rules.getString("send"));
    sendRoles = names(rules, "sendRoles");
    sendClients = names(rules, "sendClients");
    toAllowed = rules.getBoolean("to", true);
    echo = rules.getBoolean("echo", false);
    format = Format.byName(rules.getString("format", "any"));
    maxMembers = rules.getInteger("maxMembers", Integer.MAX_VALUE);
    maxAnonymous = rules.getInteger("maxAnonymous", Integer.MAX_VALUE);
    maxMessageBytes = rules.getInteger("maxMessageBytes", Integer.MAX_VALUE);
    rate = rules.getInteger("rate", 0);
    burst = rules.getInteger("burst", Math.max(1, rate));
    history = rules.getBoolean("history", true);
    historyLimits = new HistoryLimits(history ? rules.getInteger("historySize", Integer.MAX_VALUE) : 0,
        rules.getLong("historyTtlSeconds", Long.MAX_VALUE / 1000) * 1000);
    presence = rules.getBoolean("presence", false);
    exclusive = rules.getBoolean("exclusive", false);
    keeper = rules.getString("keeper");
    persistent = rules.getBoolean("persistent", false);
    otp = rules.getBoolean("otp", false);
    List<String> events = names(rules, "webhooks");
    webhooks = events == null ? Set.of() : Set.copyOf(events);
  }

  /** Whether the room makes webhook events of {@code type} (rule {@code webhooks}). */
  boolean tells(String type) {
    return webhooks != null && webhooks.contains(type); // null: a policy from a build before webhooks
  }

  private static List<String> names(JsonObject rules, String key) {
    JsonArray a = rules.getJsonArray(key);
    return a == null ? null : a.stream().map(String.class::cast).toList();
  }

  /** Whether a room of this policy has a password. */
  boolean hasPassword() {
    return passwordHash != null;
  }

  /** The stored hash a router checks a join's password against. */
  String passwordHash() {
    return passwordHash;
  }

  /** Whether the access rules admit only some identities (then the room is listed to those they admit). */
  boolean restrictsIdentity() {
    return authenticated || otp || roles != null || clients != null;
  }

  /**
   * Why {@code client} (with {@code roles}) may not enter room {@code room}, or {@code null} if it
   * may. {@code passwordProof} is the hash a router verified the join's password against.
   */
  RoomReply.Refused admit(String room, String client, List<String> roles, boolean isCreator, String passwordProof,
                  boolean otpChecked) {
    if (isCreator || roles.contains("owner")) {
      return null;
    }
    RoomReply.Refused refused = admitIdentity(room, client, roles, false);
    if (refused != null) {
      return refused;
    }
    if (otp && !otpChecked) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "room '" + room + "' needs a one-time code ('otp' in the join) from the"
          + " authenticator enrolled with POST /auth/otp/enroll");
    }
    if (passwordHash != null && !passwordHash.equals(passwordProof)) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "room '" + room + "' needs its password ('password' in the join)");
    }
    return null;
  }

  /**
   * Why a post by {@code client} (with {@code roles}) may not enter room {@code room}, or
   * {@code null} if it may: the access rules a join passes, without its secrets (a post has no way
   * to give a password or a one-time code, so such a room takes none but its creator's).
   */
  RoomReply.Refused admitPost(String room, String client, List<String> roles, boolean isCreator) {
    if (isCreator || roles.contains("owner")) {
      return null;
    }
    if (passwordHash != null || otp) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "room '" + room + "' takes no posts: it needs a "
          + (passwordHash != null ? "password" : "one-time code") + " that only a join can give");
    }
    return admit(room, client, roles, false, null, false);
  }

  /** Whether a join needs a secret: a password or a one-time code. */
  boolean needsSecret() {
    return passwordHash != null || otp;
  }

  /** The access rules but the secrets ({@code authenticated}, {@code roles}, {@code clients}): why this identity may not enter, or {@code null}. */
  RoomReply.Refused admitIdentity(String room, String client, List<String> roles, boolean isCreator) {
    if (isCreator || roles.contains("owner")) {
      return null;
    }
    if (restrictsIdentity() && client == null) {
      return new RoomReply.Refused(ErrorCode.UNAUTHORIZED, "room '" + room + "' is for authenticated clients: send 'auth' first");
    }
    if (this.roles != null && this.roles.stream().noneMatch(roles::contains)) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "room '" + room + "' needs one of the roles " + this.roles);
    }
    if (clients != null && !clients.contains(client)) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "room '" + room + "' admits only the clients it lists");
    }
    return null;
  }

  /** Whether the access rules alone (no password) admit this identity: for room lists. */
  boolean mayList(String client, List<String> roles) {
    return restrictsIdentity() && client != null && (this.roles == null || this.roles.stream().anyMatch(roles::contains))
        && (clients == null || clients.contains(client));
  }

  /** Whether one more member (anonymous if {@code anonymous}) fits, given the counts now. */
  RoomReply.Refused fits(String room, int members, int anonymousMembers, boolean anonymous) {
    if (members >= maxMembers) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "room '" + room + "' is full (" + maxMembers + " members)");
    }
    if (anonymous && anonymousMembers >= maxAnonymous) {
      return new RoomReply.Refused(maxAnonymous == 0 ? ErrorCode.UNAUTHORIZED : ErrorCode.FORBIDDEN,
          maxAnonymous == 0 ? "room '" + room + "' is for authenticated clients: send 'auth' first"
              : "room '" + room + "' has its " + maxAnonymous + " anonymous members already");
    }
    return null;
  }

  /** Whether a member with this identity may send (rules {@code send}, {@code sendRoles}, {@code sendClients}). */
  boolean maySend(String client, List<String> roles, boolean isCreator) {
    if (isCreator || roles.contains("owner")) {
      return true;
    }
    return !creatorOnlySends && (sendRoles == null || sendRoles.stream().anyMatch(roles::contains))
        && (sendClients == null || client != null && sendClients.contains(client));
  }

  /** Whether senders may name receivers ({@code to}). */
  boolean toAllowed() {
    return toAllowed;
  }

  /** Why a payload of {@code bytes} is too big, or {@code null}. */
  RoomReply.Refused checkSize(String room, int bytes) {
    return bytes > maxMessageBytes
        ? new RoomReply.Refused(ErrorCode.TOO_LARGE, "room '" + room + "' takes messages of at most " + maxMessageBytes + " bytes")
        : null;
  }

  /**
   * The kind a message of {@code kind} is delivered as in a room of this format, or {@code null}
   * if the room does not take it ({@link #formatRefused} says why). The payload's bytes never change:
   * <ul>
   *   <li>{@code json}: JSON data ({@code TEXT}) that is an object or array as is; raw text
   *   ({@code RAW_TEXT}) that parses as a JSON object or array becomes JSON data; other text and
   *   binary are refused;</li>
   *   <li>{@code text}: JSON data is delivered as its text ({@code RAW_TEXT}: raw members get
   *   the JSON's text, protocol members a JSON string of it); raw text as is; binary refused;</li>
   *   <li>{@code binary}: binary only;</li>
   *   <li>{@code any}: everything as is.</li>
   * </ul>
   */
  EnvelopeKind deliveredAs(EnvelopeKind kind, byte[] payload) {
    return switch (format) {
      case JSON -> kind == EnvelopeKind.TEXT && startsObjectOrArray(payload) ? kind
          : kind == EnvelopeKind.RAW_TEXT && parsesAsObjectOrArray(payload) ? EnvelopeKind.TEXT
          : null;
      case TEXT -> kind == EnvelopeKind.TEXT || kind == EnvelopeKind.RAW_TEXT ? EnvelopeKind.RAW_TEXT : null;
      case BINARY -> kind == EnvelopeKind.BINARY ? kind : null;
      case ANY -> kind;
    };
  }

  /** The refusal of a message this room's format does not take ({@link #deliveredAs} answered {@code null}). */
  RoomReply.Refused formatRefused(String room) {
    return new RoomReply.Refused(ErrorCode.BAD_REQUEST, "room '" + room + "' takes " + switch (format) {
      case JSON -> "JSON objects or arrays only";
      case TEXT -> "text only";
      case BINARY -> "binary messages only";
      case ANY -> "any message";
    });
  }

  private static boolean startsObjectOrArray(byte[] json) {
    for (byte b : json) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b == '{' || b == '[';
      }
    }
    return false;
  }

  private static boolean parsesAsObjectOrArray(byte[] text) {
    if (!startsObjectOrArray(text)) {
      return false;
    }
    try {
      Json.decodeValue(Buffer.buffer(text));
      return true;
    } catch (DecodeException e) {
      return false;
    }
  }
}
