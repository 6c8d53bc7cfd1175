package io.hexhttp.transport;

import io.hexhttp.core.HttpException;
import io.hexhttp.core.Status;
import io.hexhttp.core.port.FileInfo;
import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FilePath;
import io.hexhttp.core.port.FileStore;
import io.hexhttp.core.port.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link FileStore} adapter over one directory tree. Every path resolves inside the directory;
 * a symbolic link is followed only if its target stays inside too. Names starting with {@code
 * .hexhttp-} are the store's own (uploads in progress, its lock) and absent to readers.
 *
 * <p>Writes go to a temporary file in the same directory and are forced to disk (flushed as they
 * arrive, in large writes, so the disk works while the network does: {@link WritebackOutput});
 * then, under a lock every writer takes (a lock in this process and an advisory {@code fcntl} lock
 * on {@code .hexhttp-lock}, which other processes serving the same directory take too), the
 * precondition is tested against the file in place and the new file is renamed over it atomically.
 * Readers never see a partial file, a failed upload leaves the old content (or nothing) behind, and
 * no write can slip between another's precondition and its rename.
 *
 * <p>Entity tags are built from the file's inode, its modification time in nanoseconds and its
 * length: every write makes a new inode (the rename), so a tag never survives a change.
 */
public final class DirectoryFileStore implements FileStore {
  private static final String RESERVED_PREFIX = ".hexhttp-";
  private static final String TEMP_PREFIX = ".hexhttp-upload-";
  private static final String LOCK_NAME = ".hexhttp-lock";
  private static final int WRITE_BUFFER = 1 << 20;
  private static final int WRITE_BUFFERS = 8; // 8 MiB of direct memory at most, for all uploads
  private static final Pattern INODE = Pattern.compile("ino=(\\d+)");

  private final Path root;
  private final Path realRoot;
  private final ReentrantLock writers = new ReentrantLock();
  private final ArrayBlockingQueue<ByteBuffer> spareBuffers =
      new ArrayBlockingQueue<>(WRITE_BUFFERS);
  private final AtomicInteger buffersMade = new AtomicInteger();

  /**
   * A store over {@code directory}, which must exist.
   *
   * @param directory the directory
   * @throws IOException if it does not exist or is not a directory
   */
  public DirectoryFileStore(Path directory) throws IOException {
    this.root = directory.toAbsolutePath().normalize();
    this.realRoot = root.toRealPath();
    if (!Files.isDirectory(realRoot)) {
      throw new IOException("not a directory: " + directory);
    }
  }

  /**
   * The directory.
   *
   * @return its absolute path
   */
  public Path directory() {
    return root;
  }

  /** The file for {@code path}, or null if a segment is one of the store's own names. */
  private Path resolve(FilePath path) {
    Path file = realRoot;
    for (FileName name : path.segments()) {
      if (name.value().startsWith(RESERVED_PREFIX)) {
        return null;
      }
      file = file.resolve(name.value());
    }
    return file;
  }

  /** The attributes of {@code file} if it exists and (links followed) stays inside the root. */
  private BasicFileAttributes attributes(Path file) throws IOException {
    if (file == null) {
      return null;
    }
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      if (!file.toRealPath().startsWith(realRoot)) {
        return null;
      }
      return attrs;
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    }
  }

  private static FileInfo info(BasicFileAttributes attrs) {
    if (attrs.isDirectory()) {
      return FileInfo.ofDirectory();
    }
    long mtimeNanos = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    String key = String.valueOf(attrs.fileKey());
    Matcher m = INODE.matcher(key);
    String inode =
        m.find()
            ? Long.toHexString(Long.parseLong(m.group(1)))
            : Integer.toHexString(key.hashCode());
    String etag =
        "\""
            + inode
            + "-"
            + Long.toHexString(mtimeNanos)
            + "-"
            + Long.toHexString(attrs.size())
            + "\"";
    return FileInfo.file(attrs.size(), attrs.lastModifiedTime().toMillis(), etag);
  }

  @Override
  public Optional<FileInfo> info(FilePath path) throws IOException {
    BasicFileAttributes attrs = attributes(resolve(path));
    if (attrs == null || !(attrs.isRegularFile() || attrs.isDirectory())) {
      return Optional.empty();
    }
    return Optional.of(info(attrs));
  }

  @Override
  public Optional<StoredFile> open(FilePath path) throws IOException {
    Path file = resolve(path);
    for (int attempt = 0; attempt < 5; attempt++) {
      BasicFileAttributes before = attributes(file);
      if (before == null || !before.isRegularFile()) {
        return Optional.empty();
      }
      FileChannel channel;
      try {
        channel = FileChannel.open(file, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        continue; // removed or replaced just now
      }
      boolean handedOut = false;
      try {
        // the same inode before and after the open: the channel holds exactly that version (and,
        // as that inode was inside the root before, it still is: no second walk of the path)
        BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
        if (Objects.equals(before.fileKey(), after.fileKey()) && after.size() == channel.size()) {
          StoredFile stored = new StoredFile(info(after), FileBody.of(channel));
          handedOut = true;
          return Optional.of(stored);
        }
      } catch (NoSuchFileException e) {
        // removed just after the open: look again
      } finally {
        if (!handedOut) {
          channel.close();
        }
      }
    }
    throw new IOException("the file kept being replaced while it was opened: " + path);
  }

  @Override
  public Optional<List<String>> list(FilePath path) throws IOException {
    Path dir = resolve(path);
    BasicFileAttributes attrs = attributes(dir);
    if (attrs == null || !attrs.isDirectory()) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(RESERVED_PREFIX) || FileName.parse(name).isEmpty()) {
          continue;
        }
        BasicFileAttributes a = attributes(entry);
        if (a != null && a.isDirectory()) {
          names.add(name + "/");
        } else if (a != null && a.isRegularFile()) {
          names.add(name);
        }
      }
    }
    names.sort(null);
    return Optional.of(names);
  }

  @Override
  public Optional<FileInfo> write(
      FileName name, InputStream content, WritePrecondition precondition) throws IOException {
    if (name.value().startsWith(RESERVED_PREFIX)) {
      throw new HttpException(Status.FORBIDDEN, "that name is reserved");
    }
    Path target = realRoot.resolve(name.value());
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new HttpException(Status.CONFLICT, "a directory has that name");
    }
    Path temp = Files.createTempFile(realRoot, TEMP_PREFIX, ".part");
    boolean moved = false;
    try {
      ByteBuffer buffer = borrowBuffer();
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
          WritebackOutput out = new WritebackOutput(ch, buffer)) {
        content.transferTo(out);
        out.sync();
      } finally {
        returnBuffer(buffer);
      }
      writers.lock();
      try (FileChannel lockFile =
              FileChannel.open(
                  realRoot.resolve(LOCK_NAME),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = lockFile.lock()) {
        if (!precondition.test(info(FilePath.of(name)))) {
          return Optional.empty();
        }
        try {
          Files.move(
              temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        moved = true;
        syncDirectory();
        return Optional.of(info(Files.readAttributes(target, BasicFileAttributes.class)));
      } finally {
        writers.unlock();
      }
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * A direct buffer for an upload to gather its writes in, or null if all are lent (that upload
   * writes as its bytes come) or direct memory has run out.
   */
  private ByteBuffer borrowBuffer() {
    ByteBuffer b = spareBuffers.poll();
    if (b != null) {
      return b;
    }
    if (buffersMade.incrementAndGet() <= WRITE_BUFFERS) {
      try {
        return ByteBuffer.allocateDirect(WRITE_BUFFER);
      } catch (OutOfMemoryError e) {
        // direct memory is short: this upload goes without
      }
    }
    buffersMade.decrementAndGet();
    return null;
  }

  private void returnBuffer(ByteBuffer b) {
    if (b != null) {
      spareBuffers.offer(b);
    }
  }

  /** Forces the directory entry of a rename to disk, so the new name survives a crash too. */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(realRoot, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a directory; the file itself is on disk already
    }
  }
}
