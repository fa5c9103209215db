package io.porthouse.router.rooms;

import io.porthouse.core.bus.HistoryPage;
import io.porthouse.core.bus.HistoryRead;
import io.porthouse.core.bus.MemberNodes;
import io.porthouse.core.bus.MembersPage;
import io.porthouse.core.bus.MembersRead;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.bus.RoomsList;
import io.porthouse.core.bus.RoomsPage;
import io.porthouse.roomstate.HistoryLimits;
import io.porthouse.roomstate.ListMembers;
import io.porthouse.roomstate.MemberPage;
import io.porthouse.roomstate.ReadHistory;
import io.porthouse.roomstate.RoomReply;
import io.porthouse.roomstate.store.RoomListing;
import io.porthouse.roomstate.store.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/** What a room holds, read in bounded pages: {@code history}, {@code members}, and the {@code rooms} list. */
final class RoomReads {

  private final RoomStore store;
  private final HistoryLimits history;
  private final int maxReplay;
  private final int membersPage;
  private final int listLimit;

  RoomReads(RoomStore store, HistoryLimits history, int maxReplay, int membersPage, int listLimit) {
    this.store = store;
    this.history = history;
    this.maxReplay = maxReplay;
    this.membersPage = membersPage;
    this.listLimit = listLimit;
  }

  /** {@code history} of a member, or a node's gap repair. */
  Future<JsonObject> history(JsonObject body) {
    HistoryRead read = HistoryRead.fromJson(body);
    int limit = (int) Math.max(0, Math.min(read.limit() == null ? maxReplay : read.limit(), maxReplay));
    return store.apply(read.room(), new ReadHistory(read.socket(), read.node(), read.since(), read.upTo(), limit, history,
            System.currentTimeMillis()))
        .map(reply -> {
          RoomReply.History r = reply.orThrow(RoomReply.History.class);
          return new HistoryPage(read.room(), r.seq(), r.epoch(), r.complete(), Arrays.asList(r.messages())).toJson();
        });
  }

  Future<JsonObject> members(JsonObject body) {
    MembersRead read = MembersRead.fromJson(body);
    String room = read.room();
    ListMembers op = new ListMembers(read.socket(), read.after(), membersPage);
    if (read.admin()) { // the admin API (its caller has role owner)
      op.forAdmin();
    }
    if (read.nodes()) { // a server-side member asks which nodes hold members
      return store.apply(room, op.nodesOnly()).map(page -> {
        MemberPage p = page.orThrow();
        List<String> nodes = new ArrayList<>(p.size());
        for (int i = 0; i < p.size(); i++) {
          nodes.add(p.socket(i));
        }
        return new MemberNodes(room, nodes).toJson();
      });
    }
    return store.apply(room, op)
        .map(page -> {
          MemberPage p = page.orThrow();
          List<MembersPage.Member> members = new ArrayList<>(p.size());
          for (int i = 0; i < p.size(); i++) {
            members.add(new MembersPage.Member(p.socket(i), p.client(i), p.info(i) == null ? null : new JsonObject(p.info(i))));
          }
          return new MembersPage(room, members, p.more()).toJson();
        });
  }

  Future<JsonObject> list(JsonObject body) {
    RoomsList ask = RoomsList.fromJson(body);
    RoomCommand c = ask.asker();
    RoomListing listing = new RoomListing(c.client(), c.roles(), new HashSet<>(ask.mine()), ask.after(),
        ask.all() && c.roles().contains("owner")).inSpace(c.space());
    return store.list(listing, listLimit + 1)
        .map(found -> new RoomsPage(found.stream().limit(listLimit).toList(), found.size() > listLimit).toJson());
  }
}
