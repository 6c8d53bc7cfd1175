/**
 * The adapters that touch the operating system, each a thin driver of the one HTTP/1.1 engine
 * ({@link io.hexhttp.core.http1.Http1Engine}): {@link io.hexhttp.transport.HttpServer} accepts TCP
 * connections and hands each to its {@link io.hexhttp.transport.Transport} (event loops, or a
 * virtual thread per connection); {@link io.hexhttp.transport.LocalConnector} drives the same
 * engine over bytes in memory for tests; {@link io.hexhttp.transport.DirectoryFileStore} keeps
 * files in a directory and {@link io.hexhttp.transport.FileBody} sends them by zero-copy.
 */
package io.hexhttp.transport;
