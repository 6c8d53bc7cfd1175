/**
 * The blocking transport: a driver of the engine over a blocking socket on a virtual thread. Not
 * exported.
 */
package io.hexhttp.transport.blocking;
