/**
 * hexhttp's core: HTTP/1.1 messages, the request parser and response encoder, routing, and the
 * ports. Depends on the JDK only.
 */
module io.hexhttp.core {
  exports io.hexhttp.core;
  exports io.hexhttp.core.codec;
  exports io.hexhttp.core.http1;
  exports io.hexhttp.core.port;
  exports io.hexhttp.core.routing;
}
