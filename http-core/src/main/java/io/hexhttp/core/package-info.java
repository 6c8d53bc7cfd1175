/**
 * HTTP messages as immutable values ({@link io.hexhttp.core.HttpRequest}, {@link
 * io.hexhttp.core.HttpResponse}, {@link io.hexhttp.core.Headers}, {@link io.hexhttp.core.Body}) and
 * the driving port {@link io.hexhttp.core.HttpHandler}.
 */
package io.hexhttp.core;
