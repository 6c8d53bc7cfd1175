import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The C floor (benchmarks/c/floor.c) in Java: one selector thread on the JDK's NIO that answers
 * every request head ("\r\n\r\n") with a canned 200, parsing nothing else, reading and writing
 * heap buffers as hexhttp's event loop does. What a server on the JDK's sockets cannot beat: its
 * distance to the C floor is the JVM's and NIO's, not HTTP's. A single-file program, run from its
 * source: java NioFloor.java PORT
 */
public final class NioFloor {
  private static final byte[] OK =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = {'\r', '\n', '\r', '\n'};

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18483;
    Selector selector = Selector.open();
    ServerSocketChannel listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress("127.0.0.1", port), 1024);
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
    ByteBuffer in = ByteBuffer.allocate(65536);
    ByteBuffer out = ByteBuffer.allocate(65536 * 2);
    System.out.println("nio floor listening on " + port);
    while (true) {
      selector.select(
          key -> {
            try {
              if (key.isAcceptable()) {
                for (SocketChannel c; (c = listener.accept()) != null; ) {
                  c.configureBlocking(false);
                  c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                  c.register(selector, SelectionKey.OP_READ, new int[1]);
                }
                return;
              }
              SocketChannel c = (SocketChannel) key.channel();
              int[] tail = (int[]) key.attachment(); // how much of "\r\n\r\n" the last read ended in
              int r = c.read(in.clear());
              if (r <= 0) {
                key.cancel();
                c.close();
                return;
              }
              int state = tail[0];
              out.clear();
              for (int k = 0; k < r; k++) {
                byte b = in.get(k);
                state = b == END[state] ? state + 1 : (b == '\r' ? 1 : 0);
                if (state == 4) {
                  state = 0;
                  if (out.remaining() < OK.length) {
                    c.write(out.flip());
                    out.clear();
                  }
                  out.put(OK);
                }
              }
              tail[0] = state;
              if (out.flip().hasRemaining()) {
                c.write(out);
              }
            } catch (IOException e) {
              key.cancel();
            }
          },
          100);
    }
  }
}
