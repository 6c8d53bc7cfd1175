/** The event-loop transport: a driver of the engine over non-blocking sockets. Not exported. */
package io.hexhttp.transport.loop;
