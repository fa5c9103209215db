package io.porthouse.ingress.sse;

import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Identity;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.Op;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RoomNames;
import io.porthouse.ingress.Authenticator;
import io.porthouse.ingress.BackendHooks;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.ReadTimeout;
import io.porthouse.ingress.session.Session;
import io.porthouse.ingress.session.ops.Ops;
import io.porthouse.ingress.ws.WebSocketEndpoint;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /sse?rooms=a,b} (token as for {@code /ws}: {@code ?token=} or {@code Authorization}):
 * a Server-Sent Events stream that is a socket of this node in those rooms, one way. Every room is
 * joined before the stream opens: a refused join (no such room, not allowed) answers its HTTP
 * status and leaves no room joined, so a browser's {@code EventSource} stops instead of retrying.
 * {@code Last-Event-ID} (or {@code ?lastEventId=}) resumes each room from where the stream was, as
 * {@code join} with {@code since} and {@code epoch} does: the missed messages first, then
 * {@code event: joined} with {@code recovered}. Sends go by {@code POST /rooms/{room}/messages}.
 * The connection's read timeout is taken off (a stream's client never speaks); pings keep it
 * alive, and a client that stops reading is closed as any slow consumer is.
 */
public final class SseEndpoint {

  private final NodeContext node;
  private final Ops ops;

  public SseEndpoint(NodeContext node, Ops ops) {
    this.node = node;
    this.ops = ops;
  }

  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    List<String> rooms;
    try {
      rooms = rooms(req);
    } catch (PorthouseException e) {
      req.response().setStatusCode(400).end(e.getMessage());
      return;
    }
    String token = Authenticator.token(req.headers(), req.query());
    if (token == null && !node.auth().admitsWithoutToken(node.settings().allowAnonymous())) {
      req.response().setStatusCode(401).end("a token is required");
      return;
    }
    String lastId = req.getHeader("Last-Event-ID") != null ? req.getHeader("Last-Event-ID") : req.getParam("lastEventId");
    StreamPosition from = StreamPosition.parse(lastId);
    node.auth().identify(token, "sse", req.remoteAddress(), req.headers())
        .onFailure(e -> WebSocketEndpoint.refuse(req, e))
        .onSuccess(arrival -> {
          if (!WebSocketEndpoint.refusedClient(req, node, arrival.identity())) {
            open(req, arrival, rooms, from);
          }
        });
  }

  /** The stream's rooms are those of the URL (rooms the connect hook names are not joined: the URL is the stream's contract). */
  private void open(HttpServerRequest req, BackendHooks.Arrival arrival, List<String> rooms, StreamPosition from) {
    SseTransport transport = new SseTransport(req.response(), req.remoteAddress(), node.settings().writeQueueMaxBytes());
    Session session = new Session(transport, node, ops, arrival.identity());
    session.arrived(new BackendHooks.Arrival(arrival.identity(), List.of(), arrival.fromBackend()));
    transport.session(session);
    req.response().closeHandler(v -> session.closed());
    session.start();
    // one join after another, as a socket's requests go; the first refusal ends it
    Future<List<String>> joins = Future.succeededFuture(new ArrayList<>());
    for (String room : rooms) {
      StreamPosition.At at = from.of(room);
      ClientFrame join = new ClientFrame(Op.JOIN, "sse", room, null, null, null, null, null, null, null,
          at == null ? null : at.seq(), at == null ? null : at.epoch(), null, null, null, null, null);
      joins = joins.compose(answers -> ops.run(session, join).map(answer -> {
        answers.add(answer);
        return answers;
      }));
    }
    joins.onSuccess(answers -> {
      for (String answer : answers) {
        JsonObject joined = new JsonObject(answer);
        transport.position().at(joined.getString("room"), joined.getLong("seq"), joined.getString("epoch"));
        transport.send(answer);
      }
      if (!req.response().closed()) {
        ReadTimeout.remove(req); // nothing is read from an open stream: pings keep it, a slow reader is closed
        transport.open();
      }
    }).onFailure(e -> {
      PorthouseException refused = BusErrors.toPorthouse(e);
      session.closed(); // all or nothing: a refused stream leaves every room it joined
      if (!req.response().ended() && !req.response().closed()) {
        req.response().setStatusCode(refused.code().httpStatus()).end(refused.getMessage());
      }
    });
  }

  /** {@code rooms=a,b} and {@code room=…}: 1 to {@code session.maxRoomsPerSocket} valid names, each once. */
  private List<String> rooms(HttpServerRequest req) {
    Set<String> names = new LinkedHashSet<>();
    String list = req.getParam("rooms");
    if (list != null && !list.isEmpty()) {
      for (String name : list.split(",")) {
        names.add(RoomNames.check(name));
      }
    }
    for (String name : req.params().getAll("room")) { // a name with a comma: ?room=a,b
      names.add(RoomNames.check(name));
    }
    if (names.isEmpty()) {
      throw PorthouseException.badRequest("name the rooms: /sse?rooms=a,b");
    }
    if (names.size() > node.settings().maxRoomsPerSocket()) {
      throw PorthouseException.badRequest("at most " + node.settings().maxRoomsPerSocket() + " rooms per stream");
    }
    return List.copyOf(names);
  }
}
