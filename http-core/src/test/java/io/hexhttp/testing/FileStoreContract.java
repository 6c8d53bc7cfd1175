package io.hexhttp.testing;

import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FileStore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What every {@link FileStore} adapter must do; each adapter's test extends this. */
public abstract class FileStoreContract {
  /** A fresh, empty store. */
  protected abstract FileStore store() throws IOException;

  private static InputStream of(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsBackWhatWasWritten() throws IOException {
    FileStore store = store();
    FileName name = new FileName("a.txt");
    assertEquals(5, store.write(name, of("hello")));
    assertEquals("hello", store.read(name).orElseThrow().text());
  }

  @Test
  void hasNothingUnderAnUnknownName() throws IOException {
    assertTrue(store().read(new FileName("missing")).isEmpty());
  }

  @Test
  void replacesContent() throws IOException {
    FileStore store = store();
    FileName name = new FileName("b");
    store.write(name, of("first, longer content"));
    store.write(name, of("second"));
    assertEquals("second", store.read(name).orElseThrow().text());
  }

  @Test
  void keepsBinaryContentByteForByte() throws IOException {
    byte[] all = new byte[256 * 1024];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) (i ^ (i >>> 8));
    }
    FileStore store = store();
    store.write(new FileName("bin"), new ByteArrayInputStream(all));
    assertArrayEquals(all, store.read(new FileName("bin")).orElseThrow().bytes());
  }

  @Test
  void aFailedWriteLeavesTheOldContent() throws IOException {
    FileStore store = store();
    FileName name = new FileName("c");
    store.write(name, of("old"));
    InputStream failing =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (n++ < 100) {
              return 'x';
            }
            throw new IOException("cut off");
          }
        };
    assertThrows(IOException.class, () -> store.write(name, failing));
    assertEquals("old", store.read(name).orElseThrow().text());
  }

  @Test
  void aFailedFirstWriteLeavesNoFile() throws IOException {
    FileStore store = store();
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("cut off");
          }
        };
    assertThrows(IOException.class, () -> store.write(new FileName("d"), failing));
    assertTrue(store.read(new FileName("d")).isEmpty());
  }

  @Test
  void keepsNamesApart() throws IOException {
    FileStore store = store();
    store.write(new FileName("x"), of("1"));
    store.write(new FileName("X"), of("2"));
    store.write(new FileName("caf\u00e9 \u2603"), of("3"));
    assertEquals("1", store.read(new FileName("x")).orElseThrow().text());
    assertEquals("3", store.read(new FileName("caf\u00e9 \u2603")).orElseThrow().text());
  }
}
