package io.porthouse.router.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.OtpCheck;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.security.HashingPool;
import io.porthouse.core.security.PasswordHash;
import io.porthouse.roomstate.JoinRoom;
import io.porthouse.roomstate.RoomReply;
import io.porthouse.roomstate.SecretCheck;
import io.porthouse.roomstate.store.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Checks what a join gives to enter a room with a secret (a password, a one-time code). The room
 * counts the attempt first ({@link SecretCheck#begin}: refused at once if this client, or this
 * address when anonymous, must wait, has an attempt being checked, or fails the room's other
 * access rules), then the password is checked against the room's hash in the hashing pool (never
 * on a partition thread) and the code by auth, and the join carries what was checked: the sequencer
 * admits it only if the room still has that hash. A wrong secret makes the next attempt wait
 * ({@link SecretCheck#end}); a check, or a join, that could not be done counts nothing.
 */
final class JoinSecrets {

  private final RoomStore store;
  private final HashingPool hashing;
  private final EventBus bus;

  JoinSecrets(RoomStore store, HashingPool hashing, EventBus bus) {
    this.store = store;
    this.hashing = hashing;
    this.bus = bus;
  }

  /** {@code op} carrying what was checked of {@code password} and {@code code}, or the refusal (counted). */
  Future<JoinRoom> prove(RoomCommand c, String password, String code, JoinRoom op) {
    String who = c.attemptsBy();
    return store.apply(c.room(), SecretCheck.begin(c.socket(), c.client(), c.roles(), who, c.space(), now())).compose(begun -> {
      if (!(begun.orThrow(RoomReply.class) instanceof RoomReply.Rules rules)) {
        return Future.succeededFuture(op); // no secret needed from this identity: the join decides
      }
      JsonObject needs = new JsonObject(rules.rules());
      String hash = needs.getString("password");
      Future<JoinRoom> proven = Future.succeededFuture(op);
      if (hash != null) {
        proven = password == null ? Future.failedFuture(wrong("room '" + c.room() + "' needs its password ('password' in the join)"))
            : hashing.run(who, () -> PasswordHash.verify(password, hash)).compose(right -> right
                ? Future.succeededFuture(op.withPasswordProof(hash))
                : Future.failedFuture(wrong("wrong password for room '" + c.room() + "'")));
      }
      if (needs.getBoolean("otp", false)) { // auth checks the code against the client's enrolled secret
        proven = proven.compose(j -> code == null
            ? Future.failedFuture(wrong("room '" + c.room() + "' needs a one-time code ('otp' in the join)"))
            : bus.request(Addresses.AUTH_OTP_VERIFY, new OtpCheck(c.client(), code).toJson())
                .map(ok -> j.withOtpChecked()));
      }
      return proven.recover(e -> {
        ErrorCode why = BusErrors.toPorthouse(e).code();
        return ended(c, why == ErrorCode.FORBIDDEN || why == ErrorCode.UNAUTHORIZED, e);
      });
    });
  }

  /** The join whose secret was checked could not be done ({@code failure}): its attempt ends without a verdict. */
  <T> Future<T> abandoned(RoomCommand c, Throwable failure) {
    return ended(c, false, failure);
  }

  private <T> Future<T> ended(RoomCommand c, boolean wrong, Throwable failure) {
    return store.apply(c.room(), SecretCheck.end(c.attemptsBy(), wrong, now())).transform(ended -> Future.failedFuture(failure));
  }

  private static PorthouseException wrong(String message) {
    return PorthouseException.of(ErrorCode.FORBIDDEN, message);
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
