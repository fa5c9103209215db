package io.porthouse.bridge;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porthouse.core.config.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** A links file, any text: its links, or a {@link ConfigException} naming what is wrong (the bridge keeps its links). */
class LinkSpecFuzzTest {

  @FuzzTest
  void parse(byte[] text) {
    JsonObject file;
    try {
      file = new JsonObject(io.vertx.core.buffer.Buffer.buffer(text));
    } catch (DecodeException notJson) {
      return; // the bridge refuses it before parsing links (BridgeVerticle: a RuntimeException, logged)
    }
    try {
      LinkSpec.parseAll(file).values().forEach(spec -> {
        if (!spec.name().matches(LinkSpec.NAME)) {
          throw new AssertionError("a link named " + spec.name());
        }
      });
    } catch (ConfigException refused) {
      if (refused.getMessage() == null) {
        throw new AssertionError("a refusal says why", refused);
      }
    }
  }
}
