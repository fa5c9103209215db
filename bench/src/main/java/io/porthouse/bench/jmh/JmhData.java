package io.porthouse.bench.jmh;

import io.porthouse.bench.load.Wire;

/** Inputs shared by the microbenchmarks: the same ~64-byte payload the load generator sends. */
final class JmhData {

  static final String PAYLOAD = Wire.payload(123_456_789_012L, 4242);
  static final String SEND_FRAME = "{\"op\":\"send\",\"room\":\"bench\",\"data\":" + PAYLOAD + "}";

  private JmhData() {
  }
}
