package io.porthouse.ingress.tcp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porthouse.core.protocol.RefScanner;
import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP byte stream cut into any chunks: the lines (and oversized reports) are the same as those
 * of the whole stream split at its newlines by the simplest reading of the protocol (a trailing
 * {@code \r} dropped, empty lines skipped, an unterminated end discarded), whatever the chunking.
 */
class LineSplitterFuzzTest {

  private static final int MAX = 32;

  @FuzzTest
  void chunks(FuzzedDataProvider data) {
    byte[] stream = data.consumeBytes(4096);
    List<String> got = new ArrayList<>();
    LineSplitter splitter = new LineSplitter(MAX, new LineSplitter.Sink() {
      @Override
      public void line(Buffer line) {
        got.add("line:" + line);
      }

      @Override
      public void tooLarge(long bytes, Buffer head) {
        if (head.length() > RefScanner.PREFIX_BYTES) {
          throw new AssertionError("head of " + head.length());
        }
        got.add("tooLarge:" + bytes);
      }
    });
    int pos = 0;
    while (pos < stream.length) {
      int n = Math.min(stream.length - pos, 1 + data.consumeInt(0, 64));
      splitter.accept(Buffer.buffer().appendBytes(stream, pos, n));
      pos += n;
    }
    List<String> expected = reference(stream);
    if (!got.equals(expected)) {
      throw new AssertionError("chunked " + got + " but whole " + expected);
    }
  }

  private static List<String> reference(byte[] stream) {
    List<String> out = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (byte b : stream) {
      if (b != '\n') {
        line.write(b);
        continue;
      }
      byte[] l = line.toByteArray();
      line.reset();
      int len = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
      if (l.length > MAX + 1 || len > MAX) {
        out.add("tooLarge:" + (l.length > MAX + 1 ? l.length : len));
      } else if (len > 0) {
        out.add("line:" + Buffer.buffer().appendBytes(l, 0, len));
      }
    }
    return out;
  }
}
