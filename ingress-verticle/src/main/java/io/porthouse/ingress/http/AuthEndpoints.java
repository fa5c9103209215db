package io.porthouse.ingress.http;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.AccountRequest.Enrol;
import io.porthouse.core.bus.AccountRequest.Login;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.ingress.Authenticator;
import io.porthouse.ingress.ConnectionGate;
import io.porthouse.ingress.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * Built-in accounts over HTTP (the auth verticle does the work over the bus):
 * {@code POST /auth/login} {@code {"user","password"}} answers {@code {"token","expiresIn"}} (401
 * for a wrong user or password, 429 after repeated failures); {@code POST /auth/otp/enroll} with
 * the account's bearer token and {@code {"password","code"?}} (a current code to replace an
 * enrolment) answers {@code {"uri":"otpauth://totp/…"}} for an authenticator app, the secret rule
 * {@code otp} checks codes against.
 */
public final class AuthEndpoints {

  private static final Set<String> LOGIN_FIELDS = Set.of("user", "password");
  private static final Set<String> ENROLL_FIELDS = Set.of("password", "code");
  private final NodeContext node;

  public AuthEndpoints(NodeContext node) {
    this.node = node;
  }

  public void mount(Router router) {
    HttpJson.guard(router, "/auth/*");
    router.post("/auth/login").handler(this::login);
    router.post("/auth/otp/enroll").handler(this::enroll);
    HttpJson.notFound(router, "/auth/*");
  }

  private void login(RoutingContext ctx) {
    Future<JsonObject> answer;
    try {
      JsonObject body = HttpJson.body(ctx, LOGIN_FIELDS);
      if (!(body.getValue("user") instanceof String) || !(body.getValue("password") instanceof String)) {
        throw PorthouseException.badRequest("a login needs 'user' and 'password' (strings)");
      }
      Login login = new Login(body.getString("user"), body.getString("password"), address(ctx));
      answer = node.bus().<JsonObject>request(Addresses.AUTH_LOGIN, login.toJson()).map(r -> r.body());
    } catch (PorthouseException e) {
      answer = Future.failedFuture(e);
    }
    reply(ctx, answer);
  }

  private void enroll(RoutingContext ctx) {
    String token = Authenticator.bearer(ctx.request().headers());
    Future<JsonObject> answer;
    try {
      JsonObject body = token == null ? null : HttpJson.body(ctx, ENROLL_FIELDS);
      if (body != null && (!(body.getValue("password") instanceof String)
          || body.getValue("code") != null && !(body.getValue("code") instanceof String))) {
        throw PorthouseException.badRequest("enrolment needs the account's 'password' (and to replace one, a current 'code'), strings");
      }
      answer = token == null
          ? Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "enrolment needs 'Authorization: Bearer <token>'"))
          : node.auth().verify(token).compose(id -> node.bus().<JsonObject>request(Addresses.AUTH_OTP_ENROLL,
              new Enrol(id.client(), body.getString("password"), body.getString("code"), address(ctx)).toJson()).map(r -> r.body()));
    } catch (PorthouseException e) {
      answer = Future.failedFuture(e);
    }
    reply(ctx, answer);
  }

  /** Where the request comes from: failed logins are checked one at a time per address. */
  private static String address(RoutingContext ctx) {
    return ConnectionGate.addressKey(ctx.request().remoteAddress());
  }

  private static void reply(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(body -> HttpJson.answer(ctx, 200, body.encode()))
        .onFailure(e -> HttpJson.fail(ctx, BusErrors.toPorthouse(e)));
  }
}
