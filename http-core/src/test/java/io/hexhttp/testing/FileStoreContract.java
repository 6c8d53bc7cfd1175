package io.hexhttp.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.Body;
import io.hexhttp.core.port.FileInfo;
import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FilePath;
import io.hexhttp.core.port.FileStore;
import io.hexhttp.core.port.StoredFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link FileStore} adapter must do; each adapter's test extends this. */
public abstract class FileStoreContract {
  /** A fresh, empty store. */
  protected abstract FileStore store() throws IOException;

  private static Optional<Body> read(FileStore store, FileName name) throws IOException {
    return store.open(FilePath.of(name)).map(StoredFile::body);
  }

  private static InputStream of(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsBackWhatWasWritten() throws IOException {
    FileStore store = store();
    FileName name = new FileName("a.txt");
    assertEquals(5, store.write(name, of("hello")).length());
    assertEquals("hello", read(store, name).orElseThrow().text());
  }

  @Test
  void hasNothingUnderAnUnknownName() throws IOException {
    assertTrue(read(store(), new FileName("missing")).isEmpty());
  }

  @Test
  void replacesContent() throws IOException {
    FileStore store = store();
    FileName name = new FileName("b");
    store.write(name, of("first, longer content"));
    store.write(name, of("second"));
    assertEquals("second", read(store, name).orElseThrow().text());
  }

  @Test
  void keepsBinaryContentByteForByte() throws IOException {
    byte[] all = new byte[256 * 1024];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) (i ^ (i >>> 8));
    }
    FileStore store = store();
    store.write(new FileName("bin"), new ByteArrayInputStream(all));
    assertArrayEquals(all, read(store, new FileName("bin")).orElseThrow().bytes());
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
    assertEquals("old", read(store, name).orElseThrow().text());
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
    assertTrue(read(store, new FileName("d")).isEmpty());
  }

  @Test
  void keepsNamesApart() throws IOException {
    FileStore store = store();
    store.write(new FileName("x"), of("1"));
    store.write(new FileName("X"), of("2"));
    store.write(new FileName("caf\u00e9 \u2603"), of("3"));
    assertEquals("1", read(store, new FileName("x")).orElseThrow().text());
    assertEquals("3", read(store, new FileName("caf\u00e9 \u2603")).orElseThrow().text());
  }

  @Test
  void infoDescribesTheVersionOpened() throws IOException {
    FileStore store = store();
    FileName name = new FileName("i");
    FileInfo written = store.write(name, of("twelve bytes"));
    FileInfo info = store.info(FilePath.of(name)).orElseThrow();
    assertEquals(written, info);
    assertEquals(12, info.length());
    assertEquals(info, store.open(FilePath.of(name)).orElseThrow().info());
    assertTrue(store.info(FilePath.of(new FileName("none"))).isEmpty());
  }

  @Test
  void aReplacementHasAnotherEntityTag() throws IOException {
    FileStore store = store();
    FileName name = new FileName("e");
    String first = store.write(name, of("same")).etag();
    assertEquals(
        first, store.info(FilePath.of(name)).orElseThrow().etag(), "stable while unchanged");
    String second = store.write(name, of("same")).etag();
    assertNotEquals(first, second, "even with the same length and content");
  }

  @Test
  void aPreconditionThatFailsStoresNothing() throws IOException {
    FileStore store = store();
    FileName name = new FileName("p");
    FileInfo old = store.write(name, of("old"));
    List<Optional<FileInfo>> seen = new ArrayList<>();
    Optional<FileInfo> result =
        store.write(
            name,
            of("new"),
            current -> {
              seen.add(current);
              return false;
            });
    assertTrue(result.isEmpty());
    assertEquals(List.of(Optional.of(old)), seen, "the precondition sees the version in place");
    assertEquals("old", read(store, name).orElseThrow().text());
    assertTrue(store.write(new FileName("q"), of("x"), Optional::isEmpty).isPresent());
  }

  @Test
  void createOnlyWritesRacingForOneNameLetExactlyOneWin() throws Exception {
    FileStore store = store();
    FileName name = new FileName("race");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> writers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String content = "writer " + i;
        writers.add(() -> store.write(name, of(content), Optional::isEmpty).isPresent());
      }
      int won = 0;
      for (Future<Boolean> f : pool.invokeAll(writers)) {
        won += f.get() ? 1 : 0;
      }
      assertEquals(1, won);
      assertTrue(read(store, name).orElseThrow().text().startsWith("writer "));
    } finally {
      pool.shutdownNow();
    }
  }
}
