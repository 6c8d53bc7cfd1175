package io.hexhttp.testing;

import io.hexhttp.core.port.FileStore;

class InMemoryFileStoreTest extends FileStoreContract {
  @Override
  protected FileStore store() {
    return new InMemoryFileStore();
  }
}
