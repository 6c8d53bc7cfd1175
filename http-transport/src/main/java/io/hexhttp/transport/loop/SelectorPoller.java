package io.hexhttp.transport.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/** A {@link Poller} on the JDK's {@link Selector}: any platform. */
final class SelectorPoller extends Poller {
  private final Selector selector;

  SelectorPoller() throws IOException {
    this.selector = Selector.open();
  }

  @Override
  void listen(ServerSocketChannel listener) throws IOException {
    listener.register(selector, SelectionKey.OP_ACCEPT);
  }

  @Override
  void unlisten(ServerSocketChannel listener) {
    SelectionKey key = listener.keyFor(selector);
    if (key != null) {
      key.cancel();
    }
  }

  @Override
  Socket register(SocketChannel channel, Object attachment) throws IOException {
    KeySocket socket = new KeySocket(channel, attachment);
    socket.key = channel.register(selector, SelectionKey.OP_READ, socket);
    return socket;
  }

  @Override
  void select(Ready ready, long millis) throws IOException {
    // the consumer form spares the selected-key set and its iterator on every event
    Consumer<SelectionKey> action =
        key -> {
          if (!key.isValid()) {
            return;
          }
          if (key.isAcceptable()) {
            ready.acceptable();
          } else {
            ready.ready((Socket) key.attachment(), key.isReadable());
          }
        };
    if (millis == 0) {
      selector.selectNow(action); // the selector's 0 would wait for ever
    } else {
      selector.select(action, millis);
    }
  }

  @Override
  void settleCancels() throws IOException {
    selector.selectNow();
  }

  @Override
  void wakeup() {
    selector.wakeup();
  }

  @Override
  public void close() throws IOException {
    selector.close();
  }

  private static final class KeySocket extends Socket {
    final SocketChannel channel;
    SelectionKey key;

    KeySocket(SocketChannel channel, Object attachment) {
      super(attachment);
      this.channel = channel;
    }

    @Override
    void interest(int ops) {
      if (key.interestOps() != ops) {
        key.interestOps(ops);
      }
    }

    @Override
    void cancel() {
      key.cancel();
    }

    @Override
    int read(ByteBuffer b) throws IOException {
      return channel.read(b);
    }

    @Override
    int write(ByteBuffer b) throws IOException {
      return channel.write(b);
    }
  }
}
