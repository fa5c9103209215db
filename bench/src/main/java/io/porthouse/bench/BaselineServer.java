package io.porthouse.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.transport.Transport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ceiling Porthouse is measured against: the smallest sensible Vert.x 5 WebSocket broadcast
 * server with rooms. The room is the URL path: every text frame from one socket is written to all
 * other sockets on the same path. One verticle instance per core shares the port; a frame is
 * handed to each instance over the local event bus, and each writes it to its own sockets of that
 * room (no cross-thread socket writes).
 *
 * <p>{@code java -cp porthouse-bench.jar io.porthouse.bench.BaselineServer PORT}
 */
public final class BaselineServer extends VerticleBase {

  private static final String BROADCAST = "baseline.broadcast";
  private final Map<String, List<Conn>> rooms = new HashMap<>();
  private final int port;
  private long nextId;

  private record Conn(ServerWebSocket ws, String id) {
  }

  BaselineServer(int port) {
    this.port = port;
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
    String transportName = args.length > 1 ? args[1] : "nio";
    Transport transport = switch (transportName) {
      case "epoll", "native" -> Transport.EPOLL;
      default -> Transport.NIO;
    };
    int instances = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.builder().withTransport(transport).build();
    vertx.deployVerticle(() -> new BaselineServer(port), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("baseline listening on " + port + " with " + instances + " instances, transport "
            + transport.name()))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<String>localConsumer(BROADCAST, msg -> {
      String text = msg.body();
      String from = msg.headers().get("from");
      List<Conn> members = rooms.get(msg.headers().get("room"));
      if (members == null) {
        return;
      }
      for (Conn c : members) {
        if (!c.id.equals(from)) {
          c.ws.writeTextMessage(text);
        }
      }
    });
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .webSocketHandler(ws -> {
          Conn conn = new Conn(ws, System.identityHashCode(this) + "." + (++nextId));
          String room = ws.path();
          List<Conn> members = rooms.computeIfAbsent(room, r -> new ArrayList<>());
          members.add(conn);
          DeliveryOptions from = new DeliveryOptions().addHeader("from", conn.id).addHeader("room", room);
          ws.closeHandler(v -> {
            members.remove(conn);
            if (members.isEmpty()) {
              rooms.remove(room, members);
            }
          });
          ws.textMessageHandler(text -> vertx.eventBus().publish(BROADCAST, text, from));
        })
        .listen();
  }
}
