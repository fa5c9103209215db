package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * A one-time code to check against a client's enrolled secret, to
 * {@link io.porthouse.core.Addresses#AUTH_OTP_VERIFY} (a room with rule {@code otp}). Shape on the
 * bus: {@code {"client","code"}}; the reply is {@code {}}, a wrong code a {@code forbidden} failure.
 */
public record OtpCheck(String client, String code) {

  public JsonObject toJson() {
    return new JsonObject().put("client", client).put("code", code);
  }

  public static OtpCheck fromJson(JsonObject json) {
    return new OtpCheck(json.getString("client"), json.getString("code"));
  }
}
