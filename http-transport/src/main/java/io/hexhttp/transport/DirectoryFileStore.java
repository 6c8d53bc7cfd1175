package io.hexhttp.transport;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.Status;
import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.Channels;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The {@link FileStore} adapter over one directory. Every name resolves to a direct child of the
 * directory; a child that is a symbolic link is followed only if its target stays inside the
 * directory. Writes go to a temporary file in the same directory, are forced to disk, and are
 * then moved into place atomically, so readers never see a partial file and a failed upload
 * leaves the old content (or nothing) behind.
 */
public final class DirectoryFileStore implements FileStore {
  private static final String TEMP_PREFIX = ".hexhttp-upload-";

  private final Path root;
  private final Path realRoot;

  /**
   * A store over {@code directory}, which must exist.
   *
   * @throws IOException if it does not exist or is not a directory
   */
  public DirectoryFileStore(Path directory) throws IOException {
    this.root = directory.toAbsolutePath().normalize();
    this.realRoot = root.toRealPath();
    if (!Files.isDirectory(realRoot)) {
      throw new IOException("not a directory: " + directory);
    }
  }

  /** The directory. */
  public Path directory() {
    return root;
  }

  @Override
  public Optional<Body> read(FileName name) throws IOException {
    Path file = resolve(name);
    if (name.value().startsWith(TEMP_PREFIX)) {
      return Optional.empty();
    }
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attrs.isRegularFile() || !staysInside(file)) {
        return Optional.empty();
      }
      return Optional.of(FileBody.open(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public long write(FileName name, InputStream content) throws IOException {
    Path target = resolve(name);
    if (name.value().startsWith(TEMP_PREFIX)) {
      throw new HttpException(Status.FORBIDDEN, "that name is reserved");
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new HttpException(Status.CONFLICT, "a directory has that name");
    }
    Path temp = Files.createTempFile(realRoot, TEMP_PREFIX, ".part");
    boolean moved = false;
    try {
      long written;
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(ch)) {
        written = content.transferTo(out);
        ch.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      return written;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private Path resolve(FileName name) {
    Path file = realRoot.resolve(name.value()).normalize();
    if (!realRoot.equals(file.getParent())) {
      throw new HttpException(Status.FORBIDDEN, "that name is outside the directory");
    }
    return file;
  }

  private boolean staysInside(Path file) throws IOException {
    return file.toRealPath().startsWith(realRoot);
  }
}
