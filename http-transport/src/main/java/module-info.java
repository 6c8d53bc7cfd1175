/** hexhttp's socket adapters: the acceptor, the connection loop, and the directory file store. */
module io.hexhttp.transport {
  requires transitive io.hexhttp.core;

  exports io.hexhttp.transport;
}
