package io.hexhttp.transport;

import io.hexhttp.core.port.ServerObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

/** A {@link Conduit} over a blocking socket channel. */
final class SocketConduit implements Conduit {
  private static final int LINGER_BYTES = 256 * 1024;
  private static final int LINGER_MILLIS = 2000;

  private final SocketChannel channel;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String peer;
  private final String remoteAddress;
  private long perReadMillis;
  private long deadlineNanos;

  SocketConduit(SocketChannel channel, ServerObserver observer) throws IOException {
    this.channel = channel;
    this.socket = channel.socket();
    InputStream raw = socket.getInputStream();
    OutputStream rawOut = socket.getOutputStream();
    this.peer = String.valueOf(channel.getRemoteAddress());
    this.remoteAddress = hostOf(channel);
    this.in =
        new InputStream() {
          @Override
          public int read() throws IOException {
            arm();
            int b = raw.read();
            if (b >= 0) {
              observer.bytesRead(1);
            }
            return b;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            arm();
            int n = raw.read(b, off, len);
            if (n > 0) {
              observer.bytesRead(n);
            }
            return n;
          }
        };
    this.out =
        observer == ServerObserver.NONE
            ? rawOut
            : new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                rawOut.write(b);
                observer.bytesWritten(1);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                rawOut.write(b, off, len);
                if (len > 0) {
                  observer.bytesWritten(len);
                }
              }
            };
  }

  /** The peer's IP address as text, or null if the channel has no IP peer. */
  static String hostOf(SocketChannel channel) throws IOException {
    return channel.getRemoteAddress() instanceof java.net.InetSocketAddress isa
        ? isa.getAddress().getHostAddress()
        : null;
  }

  private void arm() throws IOException {
    long wait = perReadMillis;
    if (deadlineNanos != 0) {
      long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new SocketTimeoutException("deadline passed");
      }
      wait = wait == 0 ? left : Math.min(wait, left);
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, wait));
  }

  @Override
  public InputStream input() {
    return in;
  }

  @Override
  public OutputStream output() {
    return out;
  }

  @Override
  public void readTimeouts(long perReadMillis, long deadlineNanos) {
    this.perReadMillis = perReadMillis;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public WritableByteChannel channel() {
    return channel;
  }

  @Override
  public String peer() {
    return peer;
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public void abort() throws IOException {
    channel.close();
  }

  @Override
  public void close() throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    try {
      // lingering close: send FIN, then read what the peer still sends, so that unread request
      // bytes do not turn the close into a reset that destroys the response in flight
      socket.shutdownOutput();
      readTimeouts(LINGER_MILLIS, System.nanoTime() + LINGER_MILLIS * 1_000_000L);
      byte[] sink = new byte[8192];
      int total = 0;
      while (total < LINGER_BYTES) {
        int n = in.read(sink);
        if (n < 0) {
          break;
        }
        total += n;
      }
    } catch (IOException ignored) {
      // timeout, reset or already closed: close anyway
    } finally {
      channel.close();
    }
  }
}
