/**
 * hexhttp's socket adapters: the server, the drivers of the HTTP/1.1 engine (event loops, virtual
 * threads, the in-memory test kit), and the directory file store. Only the API package is exported;
 * the transports' packages are internal.
 */
module io.hexhttp.transport {
  requires transitive io.hexhttp.core;

  exports io.hexhttp.transport;
}
