package io.hexhttp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpException;
import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FileStore;
import io.hexhttp.testing.FileStoreContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    assertTrue(store().read(new FileName("link")).isEmpty());
  }

  @Test
  void followsASymlinkThatStaysInside() throws IOException {
    Files.writeString(dir.resolve("real"), "inside");
    Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("real"));
    assertEquals("inside", store().read(new FileName("alias")).orElseThrow().text());
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
                new java.io.InputStream() {
                  @Override
                  public int read() throws IOException {
                    throw new IOException("cut");
                  }
                }));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void doesNotServeDirectories() throws IOException {
    Files.createDirectory(dir.resolve("sub"));
    assertTrue(store().read(new FileName("sub")).isEmpty());
    HttpException e =
        assertThrows(
            HttpException.class,
            () -> store().write(new FileName("sub"), new ByteArrayInputStream(new byte[1])));
    assertEquals(409, e.status().code());
  }
}
