package io.hexhttp.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WritebackOutputTest {
  @TempDir Path dir;

  /** Writes of every size, around the buffer's and the stride's edges, land byte for byte. */
  @ParameterizedTest(name = "buffer of {0} bytes")
  @ValueSource(ints = {0, 4096, 1 << 20})
  void writesEveryByteInOrderWhateverTheBuffer(int bufferSize) throws IOException {
    byte[] data = new byte[(int) (WritebackOutput.STRIDE + 12345)];
    new Random(bufferSize).nextBytes(data);
    Path file = dir.resolve("f");
    Random sizes = new Random(7);
    try (FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        WritebackOutput out =
            new WritebackOutput(
                ch, bufferSize == 0 ? null : ByteBuffer.allocateDirect(bufferSize))) {
      int off = 0;
      while (off < data.length) {
        int n = Math.min(data.length - off, 1 + sizes.nextInt(200_000));
        if (n == 1) {
          out.write(data[off]);
        } else {
          out.write(data, off, n);
        }
        off += n;
      }
      out.sync();
      assertTrue(out.flushes() >= 1, "a flush began before the end");
    }
    assertArrayEquals(data, Files.readAllBytes(file));
  }

  @ParameterizedTest(name = "buffer of {0} bytes")
  @ValueSource(ints = {0, 64})
  void aSmallFileIsWrittenWithoutAFlushThread(int bufferSize) throws IOException {
    Path file = dir.resolve("small");
    try (FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        WritebackOutput out =
            new WritebackOutput(ch, bufferSize == 0 ? null : ByteBuffer.allocate(bufferSize))) {
      out.write("hello, disk".getBytes(), 0, 11);
      out.sync();
      assertEquals(0, out.flushes());
    }
    assertEquals("hello, disk", Files.readString(file));
  }

  @Test
  void closingWithoutSyncWritesNothingGathered() throws IOException {
    Path file = dir.resolve("cut");
    try (FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        WritebackOutput out = new WritebackOutput(ch, ByteBuffer.allocate(64))) {
      out.write(new byte[10], 0, 10);
    }
    assertEquals(0, Files.size(file));
  }
}
