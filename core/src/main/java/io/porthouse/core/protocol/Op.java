package io.porthouse.core.protocol;

import java.util.Locale;

/** The client operations of protocol v1 (the {@code op} field), the same on every ingress. */
public enum Op {
  HELLO, AUTH, CREATE, JOIN, LEAVE, SEND, ROOMS, PING, ATTACH, HISTORY, MEMBERS, RULES, RPC;

  /** The op named by {@code name}, or {@code null} if protocol v1 has none of that name. */
  public static Op byName(String name) {
    switch (name) {
      case "hello": return HELLO;
      case "auth": return AUTH;
      case "create": return CREATE;
      case "join": return JOIN;
      case "leave": return LEAVE;
      case "send": return SEND;
      case "rooms": return ROOMS;
      case "ping": return PING;
      case "attach": return ATTACH;
      case "history": return HISTORY;
      case "members": return MEMBERS;
      case "rules": return RULES;
      case "rpc": return RPC;
      default: return null;
    }
  }

  /** The wire name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
