/**
 * The HTTP/1.1 connection, written once and free of I/O: {@link io.hexhttp.core.http1.Http1Engine}
 * takes the bytes a transport received and the time, and says what to do next (read, run the
 * handler, write, close) and by when; {@link io.hexhttp.core.http1.Http1Config} holds the protocol
 * settings it enforces. Every transport, and the test kit, drives the same engine.
 */
package io.hexhttp.core.http1;
