package io.porthouse.router.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.roomstate.RoomTemplates;
import io.vertx.core.eventbus.EventBus;

/**
 * Tells the hooks verticle beside this router that a room operation it applied may have made
 * webhook events (the room's template says it makes some), so it delivers them now rather than
 * when the sweeper next finds them.
 */
public final class EventsMade {

  private final EventBus bus;
  private final TemplateBook templates;

  public EventsMade(EventBus bus, TemplateBook templates) {
    this.bus = bus;
    this.templates = templates;
  }

  /** After an operation on {@code room} (a join, a leave, a message) was applied. */
  public void after(String room) {
    if (templates.of(room).makesEvents()) {
      bus.send(Addresses.WEBHOOKS_DRAIN, room);
    }
  }
}
