package io.hexhttp.testing;

import io.hexhttp.core.Body;
import io.hexhttp.core.port.FileInfo;
import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FilePath;
import io.hexhttp.core.port.FileStore;
import io.hexhttp.core.port.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link FileStore} in memory, for handler tests; passes {@link FileStoreContract}. Files may be
 * put at nested paths with {@link #put}; each version gets its own entity tag.
 */
public final class InMemoryFileStore implements FileStore {
  private record Entry(byte[] content, FileInfo info) {}

  private final TreeMap<String, Entry> files = new TreeMap<>();
  private long version;
  private long now = 784_111_777_000L; // Sun, 06 Nov 1994 08:49:37 GMT

  /**
   * Sets the time the next writes are stamped with.
   *
   * @param epochMillis milliseconds since the epoch
   */
  public synchronized void time(long epochMillis) {
    now = epochMillis;
  }

  /**
   * Stores {@code content} at {@code path} (nested paths allowed), as a write would.
   *
   * @param path e.g. {@code css/site.css}
   * @param content the bytes
   * @return the version's info
   */
  public synchronized FileInfo put(String path, byte[] content) {
    FileInfo info = FileInfo.file(content.length, now, "\"v" + (++version) + "\"");
    files.put(path, new Entry(content.clone(), info));
    return info;
  }

  /**
   * {@link #put(String, byte[])} for text, as UTF-8.
   *
   * @param path the path
   * @param text the content
   * @return the version's info
   */
  public FileInfo put(String path, String text) {
    return put(path, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String prefix(FilePath path) {
    return path.isRoot() ? "" : path + "/";
  }

  private boolean isDirectory(FilePath path) {
    String prefix = prefix(path);
    String next = files.ceilingKey(prefix);
    return next != null && next.startsWith(prefix);
  }

  @Override
  public synchronized Optional<FileInfo> info(FilePath path) {
    Entry e = files.get(path.toString());
    if (e != null) {
      return Optional.of(e.info);
    }
    return isDirectory(path) ? Optional.of(FileInfo.ofDirectory()) : Optional.empty();
  }

  @Override
  public synchronized Optional<StoredFile> open(FilePath path) {
    Entry e = files.get(path.toString());
    return e == null
        ? Optional.empty()
        : Optional.of(new StoredFile(e.info, Body.BytesBody.wrap(e.content)));
  }

  @Override
  public synchronized Optional<List<String>> list(FilePath path) {
    String prefix = prefix(path);
    if (!isDirectory(path)) {
      return Optional.empty();
    }
    TreeSet<String> names = new TreeSet<>();
    for (String key : files.tailMap(prefix).keySet()) {
      if (!key.startsWith(prefix)) {
        break;
      }
      String rest = key.substring(prefix.length());
      int slash = rest.indexOf('/');
      names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
    }
    return Optional.of(List.copyOf(names));
  }

  @Override
  public Optional<FileInfo> write(
      FileName name, InputStream content, WritePrecondition precondition) throws IOException {
    byte[] bytes = content.readAllBytes(); // fails before anything is stored
    synchronized (this) {
      Entry current = files.get(name.value());
      if (!precondition.test(Optional.ofNullable(current).map(Entry::info))) {
        return Optional.empty();
      }
      return Optional.of(put(name.value(), bytes));
    }
  }
}
