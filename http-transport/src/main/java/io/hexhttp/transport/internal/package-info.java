/**
 * What the transports share and all they see of the server: {@link
 * io.hexhttp.transport.internal.Site} and {@link io.hexhttp.transport.internal.FileTransfer}. Not
 * exported.
 */
package io.hexhttp.transport.internal;
