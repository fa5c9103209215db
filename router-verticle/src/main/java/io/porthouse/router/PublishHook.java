package io.porthouse.router;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.HookCall;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.roomstate.CheckSender;
import io.porthouse.roomstate.RoomReply;
import io.porthouse.roomstate.RoomTemplates;
import io.porthouse.router.rooms.TemplateBook;
import io.porthouse.roomstate.store.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.List;

/**
 * The publish hook, after the interceptor chain: a message to a room whose template asks
 * {@code publish} goes to the application's backend before it is sequenced, once the room said
 * it would take it from this sender (membership, a post's access rules, rule {@code send}: one
 * read on the room's sequencer, so the backend never hears of what the room would refuse, and a
 * stranger cannot make the server call it). The backend allows
 * it ({@code result} without {@code data}), replaces its data ({@code result.data}, any JSON
 * value, then sent as text), or refuses it (its code reaches the sender; nothing is sequenced).
 * The router keeps a sender's messages in order while their calls are in flight
 * ({@code SenderOrder}): a slow answer delays that sender's later messages, never reorders them.
 * The backend sees {@code data} as JSON when the message is JSON text, else {@code text} (other
 * text) or {@code binary} (base64).
 */
final class PublishHook {

  private final EventBus bus;
  private final RoomStore store;
  private final TemplateBook templates;

  PublishHook(EventBus bus, RoomStore store, TemplateBook templates) {
    this.bus = bus;
    this.store = store;
    this.templates = templates;
  }

  /** {@code e} as the backend allows or rewrites it (or at once, for a room that does not ask); refused as the room or the backend refuses it. */
  Future<Envelope> ask(Envelope e, List<String> postRoles) {
    if (!templates.of(e.room()).asks(HookCall.Hook.PUBLISH)) {
      return Future.succeededFuture(e);
    }
    return store.apply(e.room(), new CheckSender(e.socket(), e.client(), postRoles, e.to() != null))
        .compose(reply -> {
          reply.orThrow(RoomReply.Done.class);
          return askBackend(e);
        });
  }

  private Future<Envelope> askBackend(Envelope e) {
    JsonObject body = new JsonObject().put("client", e.client()).put("socket", e.socket()).put("room", e.room())
        .put("id", e.sendId());
    if (e.kind() == EnvelopeKind.BINARY) {
      body.put("binary", Base64.getEncoder().encodeToString(e.payload().getBytes()));
    } else {
      try {
        body.put("data", Json.decodeValue(e.payload()));
      } catch (DecodeException notJson) {
        body.put("text", e.payload().toString());
      }
    }
    return bus.<JsonObject>request(Addresses.HOOKS_CALL, new HookCall(HookCall.Hook.PUBLISH, body).toJson())
        .map(reply -> {
          JsonObject result = reply.body();
          if (!result.containsKey("data")) {
            return e;
          }
          Buffer replaced = Json.encodeToBuffer(result.getValue("data"));
          return e.withPayload(replaced).withKind(EnvelopeKind.TEXT);
        });
  }
}
