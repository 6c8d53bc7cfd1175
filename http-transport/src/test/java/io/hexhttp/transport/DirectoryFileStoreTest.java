package io.hexhttp.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpException;
import io.hexhttp.core.port.FileInfo;
import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FilePath;
import io.hexhttp.core.port.FileStore;
import io.hexhttp.testing.FileStoreContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryFileStoreTest extends FileStoreContract {
  @TempDir Path dir;

  @Override
  protected FileStore store() throws IOException {
    return new DirectoryFileStore(dir);
  }

  @Test
  void refusesToFollowASymlinkOutOfTheDirectory(@TempDir Path outside) throws IOException {
    Path secret = Files.writeString(outside.resolve("secret"), "top secret");
    Files.createSymbolicLink(dir.resolve("link"), secret);
    assertTrue(store().open(FilePath.of(new FileName("link"))).isEmpty());
  }

  @Test
  void followsASymlinkThatStaysInside() throws IOException {
    Files.writeString(dir.resolve("real"), "inside");
    Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("real"));
    assertEquals(
        "inside", store().open(FilePath.of(new FileName("alias"))).orElseThrow().body().text());
  }

  @Test
  void writingOverAnOutwardSymlinkReplacesTheLinkNotTheTarget(@TempDir Path outside)
      throws IOException {
    Path secret = Files.writeString(outside.resolve("secret"), "untouched");
    Files.createSymbolicLink(dir.resolve("link"), secret);
    store().write(new FileName("link"), new ByteArrayInputStream("new".getBytes()));
    assertEquals("untouched", Files.readString(secret));
    assertEquals("new", Files.readString(dir.resolve("link")));
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    FileStore store = store();
    store.write(new FileName("a"), new ByteArrayInputStream(new byte[10]));
    assertThrows(
        IOException.class,
        () ->
            store.write(
                new FileName("b"),
                new InputStream() {
                  @Override
                  public int read() throws IOException {
                    throw new IOException("cut");
                  }
                }));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of("a"),
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> !n.equals(".hexhttp-lock"))
              .toList());
    }
  }

  /** An upload cut after its flushes began leaves no file, descriptor or flushing thread behind. */
  @Test
  void aLargeUploadCutMidwayLeavesNothingOpen() throws Exception {
    FileStore store = store();
    long fdsBefore = openDescriptors();
    for (int i = 0; i < 12; i++) { // more than the store has buffers to lend
      InputStream cut =
          new SequenceInputStream(new ZeroBytes(3 * WritebackOutput.STRIDE), failing());
      assertThrows(IOException.class, () -> store.write(new FileName("big"), cut));
    }
    assertEquals(fdsBefore, openDescriptors());
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("hexhttp-writeback")),
        "no flush outlives its upload");
    assertEquals(List.of(), names());
  }

  /** More uploads at once than buffers to lend: those without one write as bytes come. */
  @Test
  void concurrentUploadsAreEachStoredWhole() throws Exception {
    FileStore store = store();
    int n = 12;
    byte[][] data = new byte[n][];
    try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        data[i] = new byte[(3 << 20) + i];
        new Random(i).nextBytes(data[i]);
        int k = i;
        done.add(
            pool.submit(
                () -> store.write(new FileName("f" + k), new ByteArrayInputStream(data[k]))));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    for (int i = 0; i < n; i++) {
      assertArrayEquals(data[i], Files.readAllBytes(dir.resolve("f" + i)));
    }
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static InputStream failing() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("cut");
      }
    };
  }

  /** {@code n} zero bytes, handed out 64 KiB at a time as a connection would. */
  private static final class ZeroBytes extends InputStream {
    private long left;

    ZeroBytes(long n) {
      this.left = n;
    }

    @Override
    public int read() {
      return left-- > 0 ? 0 : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, 65536), left);
      Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }

  @Test
  void doesNotServeDirectories() throws IOException {
    Files.createDirectory(dir.resolve("sub"));
    assertTrue(store().open(FilePath.of(new FileName("sub"))).isEmpty());
    HttpException e =
        assertThrows(
            HttpException.class,
            () -> store().write(new FileName("sub"), new ByteArrayInputStream(new byte[1])));
    assertEquals(409, e.status().code());
  }

  @Test
  void servesATreeAndListsADirectory() throws IOException {
    Files.createDirectories(dir.resolve("css/deep"));
    Files.writeString(dir.resolve("css/site.css"), "body{}");
    Files.writeString(dir.resolve("css/deep/x.css"), "x");
    Files.writeString(dir.resolve("css/.hexhttp-upload-1.part"), "partial");
    FileStore store = store();
    FilePath css = FilePath.parse("css").orElseThrow();
    assertTrue(store.info(css).orElseThrow().directory());
    assertEquals(List.of("deep/", "site.css"), store.list(css).orElseThrow());
    assertEquals(
        "body{}",
        store.open(FilePath.parse("css/site.css").orElseThrow()).orElseThrow().body().text());
    assertTrue(store.open(FilePath.parse("css/.hexhttp-upload-1.part").orElseThrow()).isEmpty());
    assertTrue(store.open(css).isEmpty(), "a directory is not opened");
    assertTrue(store.list(FilePath.parse("css/site.css").orElseThrow()).isEmpty());
  }

  @Test
  void refusesASymlinkedDirectoryOutOfTheTree(@TempDir Path outside) throws IOException {
    Files.writeString(outside.resolve("secret"), "top secret");
    Files.createSymbolicLink(dir.resolve("out"), outside);
    FilePath secret = FilePath.parse("out/secret").orElseThrow();
    assertTrue(store().open(secret).isEmpty());
    assertTrue(store().info(secret).isEmpty());
    assertTrue(store().list(FilePath.parse("out").orElseThrow()).isEmpty());
  }

  @Test
  void anOpenFileKeepsItsVersionWhenReplaced() throws IOException {
    FileStore store = store();
    FileName name = new FileName("v");
    FileInfo first = store.write(name, new ByteArrayInputStream("first".getBytes()));
    var opened = store.open(FilePath.of(name)).orElseThrow();
    store.write(name, new ByteArrayInputStream("second, longer".getBytes()));
    assertEquals(first, opened.info());
    assertEquals("first", opened.body().text());
  }

  @Test
  void aRangeOfAFileIsReadFromItsOffset() throws IOException {
    Files.writeString(dir.resolve("r"), "0123456789");
    var body = store().open(FilePath.parse("r").orElseThrow()).orElseThrow().body();
    assertEquals("3456", body.range(3, 4).text());
  }
}
