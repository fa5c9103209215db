package io.porthouse.core.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One parsed client frame. Fields an op does not use are {@code null}.
 *
 * @param op    the operation
 * @param ref   the client's {@code ref} (a {@code String} or a {@code Number}), echoed in the reply
 * @param room  room name ({@code create}, {@code join}, {@code leave}, {@code send})
 * @param token JWT ({@code auth})
 * @param rules room rules ({@code create}, optional)
 * @param data  the raw bytes of {@code data} exactly as sent ({@code send})
 * @param to    receiving socket ids ({@code send}, optional)
 * @param after page cursor: list rooms whose names sort after this one ({@code rooms}, optional)
 * @param socket another socket of the same client: the primary to attach to ({@code attach}), or
 *               the primary a control companion runs this op for (any other op, optional)
 * @param channel what a companion is for: {@code control} or {@code debug} ({@code attach})
 * @param since   the last seq the client saw: a {@code join} that resumes, or where {@code history} starts (optional)
 * @param epoch   the epoch {@code since} belongs to ({@code join} that resumes)
 * @param limit   most messages {@code history} answers (optional)
 * @param password a room's password ({@code join} of a room with rule {@code password}; never logged nor echoed)
 * @param otp      a one-time code from the client's enrolled authenticator ({@code join} of a room with rule {@code otp})
 * @param id       the client's own id for this message ({@code send}, optional): a repeat of it is the same message
 * @param method   what the backend is asked to do ({@code rpc})
 */
public record ClientFrame(Op op, Object ref, String room, String token, JsonObject rules, Buffer data,
                          List<String> to, String after, String socket, String channel, Long since, String epoch,
                          Integer limit, String password, String otp, String id, String method) {

  /** Longest {@code id} a client may give a message, in characters. */
  public static final int MAX_ID_LENGTH = 128;

  /** {@code id} if it is a message id a client may give (1 to {@link #MAX_ID_LENGTH} characters); else {@code bad_request}. */
  public static String checkId(String id, String what) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw PorthouseException.badRequest(what + " must be 1 to " + MAX_ID_LENGTH + " characters");
    }
    return id;
  }

  /** A frame of the fields most ops have (no resume, history or companion fields). */
  public static ClientFrame of(Op op, Object ref, String room, String token) {
    return new ClientFrame(op, ref, room, token, null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  /** The frame as protocol v1 JSON again ({@code data} spliced in as its bytes), e.g. to hand it to another node. */
  public Buffer encode() {
    JsonObject o = new JsonObject().put("op", op.wireName());
    putIfSet(o, "ref", ref);
    putIfSet(o, "room", room);
    putIfSet(o, "token", token);
    putIfSet(o, "rules", rules);
    putIfSet(o, "to", to == null ? null : new JsonArray(to));
    putIfSet(o, "after", after);
    putIfSet(o, "socket", socket);
    putIfSet(o, "channel", channel);
    putIfSet(o, "since", since);
    putIfSet(o, "epoch", epoch);
    putIfSet(o, "limit", limit);
    putIfSet(o, "password", password);
    putIfSet(o, "otp", otp);
    putIfSet(o, "id", id);
    putIfSet(o, "method", method);
    Buffer json = o.toBuffer();
    if (data == null) {
      return json;
    }
    return Buffer.buffer(json.length() + data.length() + 9).appendBuffer(json, 0, json.length() - 1)
        .appendString(",\"data\":").appendBuffer(data).appendString("}");
  }

  private static void putIfSet(JsonObject o, String key, Object value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  /** The same frame without {@code socket}: as the primary runs it for its control companion. */
  public ClientFrame onPrimary() {
    return new ClientFrame(op, ref, room, token, rules, data, to, after, null, null, since, epoch, limit, password, otp, id,
        method);
  }

  /** Shown in logs and debug channels: never the password. */
  @Override
  public String toString() {
    return "ClientFrame[op=" + op + ", ref=" + ref + ", room=" + room + (password == null ? "" : ", password=***") + "]";
  }
}
