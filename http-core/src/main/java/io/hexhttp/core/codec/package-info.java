/**
 * The HTTP/1.1 wire format: {@link io.hexhttp.core.codec.RequestParser} reads requests from a byte
 * stream under {@link io.hexhttp.core.codec.ParserLimits}; {@link
 * io.hexhttp.core.codec.ResponseEncoder} writes responses with their framing.
 */
package io.hexhttp.core.codec;
