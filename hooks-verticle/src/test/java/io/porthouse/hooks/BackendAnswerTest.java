package io.porthouse.hooks;

import io.porthouse.core.bus.HookCall;
import io.porthouse.core.protocol.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the backend may answer: a result of the hook's shape, a refusal, or else it is failing. */
class BackendAnswerTest {

  private static BackendAnswer parse(HookCall.Hook hook, String body) {
    return BackendAnswer.parse(hook, 200, Buffer.buffer(body));
  }

  @Test
  void aResultOfTheHooksShapeIsTaken() {
    BackendAnswer a = parse(HookCall.Hook.CONNECT, "{\"result\":{\"client\":\"carol\",\"roles\":[\"primary\"],\"exp\":4102444800,\"rooms\":[\"lobby\"]}}");
    assertThat(((BackendAnswer.Result) a).result().getString("client")).isEqualTo("carol");
    assertThat(parse(HookCall.Hook.PUBLISH, "{\"result\":{}}")).isInstanceOf(BackendAnswer.Result.class);
    assertThat(parse(HookCall.Hook.JOIN, "{\"result\":{\"info\":{\"nick\":\"c\"}}}")).isInstanceOf(BackendAnswer.Result.class);
  }

  @Test
  void aRefusalKeepsItsCodeAndMessageButNeverClaimsAnUnknownOutcome() {
    BackendAnswer.Refusal r = (BackendAnswer.Refusal) parse(HookCall.Hook.JOIN,
        "{\"error\":{\"code\":\"not_found\",\"message\":\"no such club\"}}");
    assertThat(r.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(r.message()).isEqualTo("no such club");
    assertThat(((BackendAnswer.Refusal) parse(HookCall.Hook.JOIN, "{\"error\":{\"code\":\"whatever\"}}")).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(((BackendAnswer.Refusal) parse(HookCall.Hook.RPC, "{\"error\":{\"code\":\"outcome_unknown\"}}")).code())
        .isEqualTo(ErrorCode.UNAVAILABLE);
    String longMessage = "x".repeat(10_000);
    assertThat(((BackendAnswer.Refusal) parse(HookCall.Hook.RPC, new JsonObject().put("error",
        new JsonObject().put("code", "forbidden").put("message", longMessage)).encode())).message()).hasSize(BackendAnswer.MAX_MESSAGE);
  }

  @Test
  void anythingElseIsTheBackendFailing() {
    assertThatThrownBy(() -> BackendAnswer.parse(HookCall.Hook.JOIN, 500, Buffer.buffer("{}")))
        .isInstanceOf(BackendAnswer.BadAnswer.class).hasMessageContaining("HTTP 500");
    assertThatThrownBy(() -> parse(HookCall.Hook.JOIN, "not json")).isInstanceOf(BackendAnswer.BadAnswer.class);
    assertThatThrownBy(() -> parse(HookCall.Hook.JOIN, "[1]")).isInstanceOf(BackendAnswer.BadAnswer.class);
    assertThatThrownBy(() -> parse(HookCall.Hook.JOIN, "{\"ok\":true}")).isInstanceOf(BackendAnswer.BadAnswer.class);
    assertThatThrownBy(() -> parse(HookCall.Hook.CONNECT, "{\"result\":{}}")).hasMessageContaining("'client'");
    assertThatThrownBy(() -> parse(HookCall.Hook.CONNECT, "{\"result\":{\"client\":\"c\",\"roles\":[1]}}")).hasMessageContaining("'roles'");
    assertThatThrownBy(() -> parse(HookCall.Hook.CONNECT, "{\"result\":{\"client\":\"c\",\"rooms\":[\"\"]}}")).hasMessageContaining("'rooms'");
    assertThatThrownBy(() -> parse(HookCall.Hook.REFRESH, "{\"result\":{}}")).hasMessageContaining("'exp'");
    assertThatThrownBy(() -> parse(HookCall.Hook.JOIN, "{\"result\":{\"info\":\"x\"}}")).hasMessageContaining("'info'");
    assertThatThrownBy(() -> parse(HookCall.Hook.JOIN, "{\"error\":\"no\"}")).isInstanceOf(BackendAnswer.BadAnswer.class);
  }
}
