package io.porthouse.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one client text frame of protocol v1 into a {@link ClientFrame}, or throws a
 * {@link PorthouseException} with code {@code bad_request} naming what is wrong.
 *
 * <p>It streams over the bytes once (Jackson's streaming parser) and keeps {@code data} as the
 * exact byte range the client sent, so the payload reaches other members unaltered and is never
 * turned into a {@code JsonObject}. Unknown fields are ignored, so newer clients stay compatible.
 */
public final class FrameParser {

  /** How deep a frame's JSON may nest (objects and arrays, the frame itself counting one): deeper is {@code bad_request}. */
  public static final int MAX_DEPTH = 32;
  private static final byte[] NEW_ROOM = "NEW ROOM ".getBytes(StandardCharsets.US_ASCII);
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();

  private FrameParser() {
  }

  /** Parses {@code frame}, the complete bytes of one text message. */
  public static ClientFrame parse(Buffer frame) {
    byte[] bytes = frame.getBytes();
    if (!Utf8.valid(bytes)) { // nested values are skipped undecoded: checked whole, once
      throw PorthouseException.badRequest("frame is not valid UTF-8").withRef(RefScanner.find(bytes, bytes.length));
    }
    if (startsWith(bytes, NEW_ROOM)) {
      String room = new String(bytes, NEW_ROOM.length, bytes.length - NEW_ROOM.length, StandardCharsets.UTF_8).strip();
      return ClientFrame.of(Op.CREATE, null, validRoom(room), null);
    }
    try (JsonParser p = JSON.createParser(bytes)) {
      return parseObject(p, bytes);
    } catch (StreamConstraintsException deep) {
      throw PorthouseException.badRequest("frame nests JSON deeper than " + MAX_DEPTH + " levels")
          .withRef(RefScanner.find(bytes, bytes.length));
    } catch (IOException malformed) {
      throw PorthouseException.badRequest("frame is not valid JSON").withRef(RefScanner.find(bytes, bytes.length));
    }
  }

  /** Throws {@code bad_request} unless {@code bytes} are exactly one JSON value (what {@code data} may be). */
  public static void requireJsonValue(Buffer bytes) {
    byte[] raw = bytes.getBytes();
    if (!Utf8.valid(raw)) {
      throw PorthouseException.badRequest("body is not valid UTF-8");
    }
    try (JsonParser p = JSON.createParser(raw)) {
      if (p.nextToken() == null) {
        throw PorthouseException.badRequest("body is empty: a JSON value is expected");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw PorthouseException.badRequest("body must be exactly one JSON value");
      }
    } catch (StreamConstraintsException deep) {
      throw PorthouseException.badRequest("body nests JSON deeper than " + MAX_DEPTH + " levels");
    } catch (IOException malformed) {
      throw PorthouseException.badRequest("body is not valid JSON");
    }
  }

  /** Longest rpc {@code method}, in characters. */
  static final int MAX_METHOD = 128;

  private static ClientFrame parseObject(JsonParser p, byte[] bytes) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw PorthouseException.badRequest("frame must be a JSON object");
    }
    String opName = null;
    Object ref = null;
    String room = null;
    String token = null;
    JsonObject rules = null;
    Buffer data = null;
    List<String> to = null;
    String after = null;
    String socket = null;
    String channel = null;
    Long since = null;
    String epoch = null;
    Integer limit = null;
    String password = null;
    String otp = null;
    String id = null;
    String method = null;
    PorthouseException firstError = null; // kept while reading on, so the error can echo ref
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      try {
        switch (field) {
          case "op" -> opName = string(p, value, "op");
          case "ref" -> ref = ref(p, value);
          case "room" -> room = validRoom(string(p, value, "room"));
          case "token" -> token = string(p, value, "token");
          case "rules" -> rules = rules(p, value, bytes);
          case "data" -> data = rawValue(p, bytes);
          case "to" -> to = stringArray(p, value, "to");
          case "after" -> after = string(p, value, "after");
          case "socket" -> socket = string(p, value, "socket");
          case "channel" -> channel = string(p, value, "channel");
          case "since" -> since = count(p, value, "since", 0);
          case "epoch" -> epoch = string(p, value, "epoch");
          case "password" -> password = string(p, value, "password");
          case "otp" -> otp = string(p, value, "otp");
          case "id" -> id = messageId(p, value);
          case "method" -> method = method(p, value);
          case "limit" -> limit = (int) Math.min(Integer.MAX_VALUE, count(p, value, "limit", 1));
          default -> p.skipChildren();
        }
      } catch (PorthouseException e) {
        if (p.currentToken().isStructStart()) {
          p.skipChildren();
        }
        firstError = firstError == null ? e : firstError;
      }
    }
    if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
      throw PorthouseException.badRequest("frame must be exactly one JSON object");
    }
    if (firstError != null) {
      throw firstError.withRef(ref);
    }
    if (opName == null) {
      throw PorthouseException.badRequest("missing field 'op'").withRef(ref);
    }
    Op op = Op.byName(opName);
    if (op == null) {
      throw PorthouseException.badRequest("unknown op '" + opName + "'").withRef(ref);
    }
    try {
      requireFields(op, room, token, data, method);
      if (op == Op.ATTACH) {
        require(socket, "socket", op);
        if (!"control".equals(channel) && !"debug".equals(channel)) {
          throw PorthouseException.badRequest("op 'attach' needs field 'channel': \"control\" or \"debug\"");
        }
      }
    } catch (PorthouseException e) {
      throw e.withRef(ref);
    }
    if (op == Op.JOIN && since != null && epoch == null) {
      throw PorthouseException.badRequest("a join with 'since' needs the 'epoch' it belongs to").withRef(ref);
    }
    return new ClientFrame(op, ref, room, token, rules, data, to, after, socket, channel, since, epoch, limit, password, otp, id,
        method);
  }

  /** A message's {@code id}: a non-empty string of at most {@link ClientFrame#MAX_ID_LENGTH} characters. */
  private static String messageId(JsonParser p, JsonToken value) throws IOException {
    return ClientFrame.checkId(string(p, value, "id"), "field 'id'");
  }

  /** An rpc's {@code method}: 1 to {@link #MAX_METHOD} characters. */
  private static String method(JsonParser p, JsonToken value) throws IOException {
    String method = string(p, value, "method");
    if (method.isEmpty() || method.length() > MAX_METHOD) {
      throw PorthouseException.badRequest("field 'method' must be 1 to " + MAX_METHOD + " characters");
    }
    return method;
  }

  private static void requireFields(Op op, String room, String token, Buffer data, String method) {
    switch (op) {
      case AUTH -> require(token, "token", op);
      case RPC -> require(method, "method", op);
      case CREATE, JOIN, LEAVE, HISTORY, MEMBERS, RULES -> require(room, "room", op);
      case SEND -> {
        require(room, "room", op);
        require(data, "data", op);
      }
      default -> { }
    }
  }

  private static void require(Object value, String field, Op op) {
    if (value == null) {
      throw PorthouseException.badRequest("op '" + op.wireName() + "' needs field '" + field + "'");
    }
  }

  private static String string(JsonParser p, JsonToken value, String field) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw PorthouseException.badRequest("field '" + field + "' must be a string");
    }
    return p.getText();
  }

  /** A whole number of at least {@code min}. */
  private static long count(JsonParser p, JsonToken value, String field, long min) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < min) {
      throw PorthouseException.badRequest("field '" + field + "' must be a whole number" + (min > 0 ? " above 0" : " of 0 or more"));
    }
    return p.getLongValue();
  }

  private static Object ref(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
      default -> throw PorthouseException.badRequest("field 'ref' must be a string or a number");
    };
  }

  private static JsonObject rules(JsonParser p, JsonToken value, byte[] bytes) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      throw PorthouseException.badRequest("field 'rules' must be an object");
    }
    try {
      return new JsonObject(rawValue(p, bytes));
    } catch (DecodeException malformed) { // a skipped value is decoded only here
      throw PorthouseException.badRequest("field 'rules' is not valid JSON");
    }
  }

  private static List<String> stringArray(JsonParser p, JsonToken value, String field) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw PorthouseException.badRequest("field '" + field + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    JsonToken t;
    boolean allStrings = true;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_STRING) {
        out.add(p.getText());
      } else {
        allStrings = false;
        p.skipChildren(); // read to the end of the array either way
      }
    }
    if (!allStrings) {
      throw PorthouseException.badRequest("field '" + field + "' must be an array of strings");
    }
    return out;
  }

  /** The bytes of the value at the current token, exactly as sent. */
  private static Buffer rawValue(JsonParser p, byte[] bytes) throws IOException {
    int start = (int) p.currentTokenLocation().getByteOffset();
    p.skipChildren();   // objects and arrays: move to their end token
    p.finishToken();    // strings: read to the closing quote
    int end = (int) p.currentLocation().getByteOffset();
    return Buffer.buffer().appendBytes(bytes, start, end - start);
  }

  private static String validRoom(String room) {
    return RoomNames.check(room);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
