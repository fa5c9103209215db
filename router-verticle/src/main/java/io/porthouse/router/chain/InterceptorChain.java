package io.porthouse.router.chain;

import io.porthouse.core.chain.EnvelopeInterceptor;
import io.porthouse.core.config.ConfigException;
import io.porthouse.core.envelope.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered interceptors of {@code router.chain}: each envelope passes through them one after
 * the other; the first rejection ends the run.
 */
public final class InterceptorChain {

  private final List<EnvelopeInterceptor> interceptors;

  public InterceptorChain(List<EnvelopeInterceptor> interceptors) {
    this.interceptors = List.copyOf(interceptors);
  }

  /** Instantiates and initialises the interceptors named in {@code router.chain}. */
  public static Future<InterceptorChain> fromConfig(Vertx vertx, JsonObject fullConfig) {
    List<EnvelopeInterceptor> list = new ArrayList<>();
    for (Object name : fullConfig.getJsonObject("router").getJsonArray("chain")) {
      list.add(instantiate((String) name));
    }
    Future<Void> ready = Future.succeededFuture();
    for (EnvelopeInterceptor i : list) {
      ready = ready.compose(v -> i.init(vertx, fullConfig));
    }
    return ready.map(v -> new InterceptorChain(list));
  }

  public Future<Envelope> run(Envelope envelope) {
    Future<Envelope> result = Future.succeededFuture(envelope);
    for (EnvelopeInterceptor i : interceptors) {
      result = result.compose(i::intercept);
    }
    return result;
  }

  public List<String> names() {
    return interceptors.stream().map(i -> i.getClass().getSimpleName()).toList();
  }

  private static EnvelopeInterceptor instantiate(String className) {
    try {
      Class<?> type = Class.forName(className);
      if (!EnvelopeInterceptor.class.isAssignableFrom(type)) {
        throw new ConfigException("router.chain: " + className + " does not implement EnvelopeInterceptor");
      }
      return (EnvelopeInterceptor) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new ConfigException("router.chain: no class " + className + " on the classpath", e);
    } catch (ReflectiveOperationException e) {
      throw new ConfigException("router.chain: cannot create " + className + " (needs a public no-argument constructor)", e);
    }
  }
}
