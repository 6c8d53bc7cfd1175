/**
 * The adapters that touch the operating system: {@link io.hexhttp.transport.HttpServer} accepts
 * TCP connections, {@link io.hexhttp.transport.Http1Connection} runs the HTTP/1.1 conversation on
 * each, and {@link io.hexhttp.transport.DirectoryFileStore} keeps files in a directory.
 */
package io.hexhttp.transport;
