package io.hexhttp.cli;

import io.hexhttp.transport.Transport;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the command line said.
 *
 * @param port the port to listen on
 * @param directory where {@code /files/} keeps files, if anywhere
 * @param strict whether to hold requests strictly to RFC 9112 (Host required, no bare LF)
 * @param sendDate whether to send a {@code Date} field
 * @param reusePort whether to set {@code SO_REUSEPORT}
 * @param accessLog whether to log each request in the Common Log Format
 * @param transport how connections are served
 */
public record CliConfig(
    int port,
    Optional<Path> directory,
    boolean strict,
    boolean sendDate,
    boolean reusePort,
    boolean accessLog,
    Transport transport) {}
