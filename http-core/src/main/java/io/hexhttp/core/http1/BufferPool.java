package io.hexhttp.core.http1;

/**
 * The read and write buffers of connections that ended or went idle, kept for the connections that
 * come next. A driver that serves many connections from one thread gives all its engines one pool
 * ({@link Http1Engine#buffers}): a new connection then takes buffers that have long lived in the
 * heap (a generational collector no longer copies them) instead of allocating young ones that the
 * next collection must copy and promote, and a closed connection leaves its buffers to the next one
 * instead of to the collector. Only buffers of an engine's starting sizes come here; a buffer that
 * grew for a large body is let go.
 *
 * <p>Bounded: beyond {@code capacity} buffers of a kind, a buffer given back is let go. Not
 * thread-safe: it belongs to the one thread that drives its engines.
 */
public final class BufferPool {
  private final Stack reads;
  private final Stack writes;

  /**
   * A pool holding at most {@code capacity} read buffers and as many write buffers.
   *
   * @param capacity how many buffers of each kind it keeps, at least 1
   */
  public BufferPool(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a pool keeps at least one buffer: " + capacity);
    }
    reads = new Stack(capacity);
    writes = new Stack(capacity);
  }

  /**
   * How many read buffers and write buffers it holds now, for tests and reports.
   *
   * @return the read buffers held plus the write buffers held
   */
  public int held() {
    return reads.count + writes.count;
  }

  byte[] takeRead() {
    return reads.take();
  }

  byte[] takeWrite() {
    return writes.take();
  }

  void giveRead(byte[] buffer) {
    reads.give(buffer);
  }

  void giveWrite(byte[] buffer) {
    writes.give(buffer);
  }

  /** The buffers of one kind, the last given taken first. */
  private static final class Stack {
    private final byte[][] items;
    private int count;

    Stack(int capacity) {
      items = new byte[capacity][];
    }

    byte[] take() {
      if (count == 0) {
        return null;
      }
      byte[] b = items[--count];
      items[count] = null;
      return b;
    }

    void give(byte[] buffer) {
      if (count < items.length) {
        items[count++] = buffer;
      }
    }
  }
}
