/** hexhttp's use cases: root, echo, user-agent, files, and gzip content coding. */
module io.hexhttp.handlers {
  requires transitive io.hexhttp.core;

  exports io.hexhttp.handlers;
}
