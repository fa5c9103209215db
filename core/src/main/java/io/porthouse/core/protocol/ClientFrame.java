package io.porthouse.core.protocol;

import io.vertx.core.buffer.Buffer;
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
 */
public record ClientFrame(Op op, Object ref, String room, String token, JsonObject rules, Buffer data,
                          List<String> to, String after) {
}
