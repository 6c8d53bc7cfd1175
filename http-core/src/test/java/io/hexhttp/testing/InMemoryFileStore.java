package io.hexhttp.testing;

import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FileStore;

import io.hexhttp.core.Body;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link FileStore} in memory, for handler tests; passes {@link FileStoreContract}. */
public final class InMemoryFileStore implements FileStore {
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  @Override
  public Optional<Body> read(FileName name) {
    byte[] content = files.get(name.value());
    return content == null ? Optional.empty() : Optional.of(Body.of(content));
  }

  @Override
  public long write(FileName name, InputStream content) throws IOException {
    byte[] bytes = content.readAllBytes(); // fails before anything is stored
    files.put(name.value(), bytes);
    return bytes.length;
  }
}
