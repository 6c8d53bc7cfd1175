/** Outbound ports the use cases need, such as {@link io.hexhttp.core.port.FileStore}. */
package io.hexhttp.core.port;
