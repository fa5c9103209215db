package io.porthouse.core.config;

/** A configuration that cannot be used; the message names the bad key and why. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
