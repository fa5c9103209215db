package io.porthouse.core.envelope;

/**
 * What a {@link EnvelopeKind#CONTROL} envelope tells a room's members, outside the room's message
 * stream: every member a node holds hears it at once (but the member it is about), and a hub acts on
 * some itself. Its envelope id starts with the notice's prefix, so the kind travels with the id and
 * the envelope's wire format stays as it is.
 */
public enum Notice {
  /** Someone joined or left a presence room. */
  PRESENCE("presence-"),
  /** The room's rules changed (hubs take {@code echo} from it). */
  RULES("rules-"),
  /** The room was deleted (hubs drop it; its members are out). */
  CLOSED("closed-"),
  /** What another cluster sent the room was lost on a bridge link. */
  BRIDGE_RESET("bridge-reset-");

  private final String prefix;

  Notice(String prefix) {
    this.prefix = prefix;
  }

  /** An envelope id for this notice, unique by {@code suffix}. */
  public String id(String suffix) {
    return prefix + suffix;
  }

  /** The notice {@code control} carries, or {@code null} for an envelope that is not one. */
  public static Notice of(Envelope control) {
    if (control.kind() != EnvelopeKind.CONTROL) {
      return null;
    }
    for (Notice n : values()) {
      if (control.id().startsWith(n.prefix)) {
        return n;
      }
    }
    return null;
  }
}
