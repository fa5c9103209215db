package io.porthouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Bytes written to a port as a hostile client writes them, over a plain socket. */
public final class RawBytes {

  private RawBytes() {
  }

  /**
   * Connects to 127.0.0.1:{@code port}, writes {@code sent} (maybe nothing), and asserts that the
   * server closes the connection within {@code within}, whatever it says first.
   */
  public static void assertClosedAfter(int port, byte[] sent, Duration within) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout((int) within.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(sent);
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[1024];
      try {
        while (in.read(buf) >= 0) {
          // whatever the server says before it closes
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("connection still open " + within + " after " + sent.length + " bytes", e);
      } catch (IOException reset) {
        // closed with a reset: closed all the same
      }
    } catch (IOException e) {
      throw new AssertionError("cannot connect to port " + port, e);
    }
  }
}
