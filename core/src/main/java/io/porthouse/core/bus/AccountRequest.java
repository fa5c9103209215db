package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * What the ingress asks the auth verticle about built-in accounts, with the answers, one record
 * each. {@code address}: where the request came from (failed password checks are counted by it).
 */
public sealed interface AccountRequest {

  JsonObject toJson();

  /** A login, to {@link io.porthouse.core.Addresses#AUTH_LOGIN}: {@code {"user","password","address"}}; answered a {@link Token}. */
  record Login(String user, String password, String address) implements AccountRequest {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("user", user).put("password", password).put("address", address);
    }

    public static Login fromJson(JsonObject json) {
      return new Login(json.getString("user"), json.getString("password"), json.getString("address"));
    }
  }

  /**
   * A new authenticator for {@code client} (a verified token's subject), to
   * {@link io.porthouse.core.Addresses#AUTH_OTP_ENROLL}: {@code {"client","password","code"?,"address"}};
   * answered an {@link Enrolled}.
   */
  record Enrol(String client, String password, String code, String address) implements AccountRequest {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("client", client).put("password", password).put("code", code).put("address", address);
    }

    public static Enrol fromJson(JsonObject json) {
      return new Enrol(json.getString("client"), json.getString("password"), json.getString("code"), json.getString("address"));
    }
  }

  /** A login's answer: a token and how many seconds it is valid. {@code {"token","expiresIn"}}. */
  record Token(String token, long expiresIn) {
    public JsonObject toJson() {
      return new JsonObject().put("token", token).put("expiresIn", expiresIn);
    }
  }

  /** An enrolment's answer: the authenticator's {@code otpauth://} URI. {@code {"uri"}}. */
  record Enrolled(String uri) {
    public JsonObject toJson() {
      return new JsonObject().put("uri", uri);
    }
  }
}
