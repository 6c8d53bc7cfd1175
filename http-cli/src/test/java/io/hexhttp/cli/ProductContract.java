package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The product's behaviour in raw bytes, run twice: over a real socket ({@link ServerIT}) and in
 * memory through the test kit ({@link LocalProductTest}). Each exchange is one connection that ends
 * when the request bytes do, so requests end with {@code Connection: close}.
 */
abstract class ProductContract {
  /** Sends raw request bytes on a fresh connection; returns everything answered. */
  protected abstract String exchange(String request) throws IOException;

  /** The directory behind /files/. */
  protected abstract Path directory();

  @Test
  void rootAnswers200ToTheBareRequestOfTheProductsClients() throws IOException {
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        exchange("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
  }

  @Test
  void echoesTheUserAgent() throws IOException {
    String out =
        exchange(
            "GET /user-agent HTTP/1.1\r\nHost: localhost\r\nuser-agent:   foobar/1.2.3  \r\nConnection: close\r\n\r\n");
    assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
    assertTrue(out.contains("Content-Type: text/plain\r\n"));
    assertTrue(out.contains("Content-Length: 12\r\n"));
    assertTrue(out.endsWith("\r\n\r\nfoobar/1.2.3"));
  }

  @Test
  void neverReadsOrWritesOutsideTheDirectory() throws Exception {
    Path outside =
        Files.writeString(
            directory().getParent().resolve("hexhttp-outside-" + System.nanoTime()), "secret");
    try {
      for (String target :
          List.of(
              "/files/../" + outside.getFileName(),
              "/files/%2e%2e%2f" + outside.getFileName(),
              "/files/..%2f" + outside.getFileName(),
              "/files/..%5c" + outside.getFileName(),
              "/files/%00",
              "/files/%2fetc%2fpasswd")) {
        String out = exchange("GET " + target + " HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertFalse(out.contains("secret"), target);
        assertTrue(
            out.startsWith("HTTP/1.1 400 ") || out.startsWith("HTTP/1.1 404 "),
            target + ": " + out);
        String post =
            exchange(
                "POST "
                    + target
                    + " HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbad");
        assertFalse(post.startsWith("HTTP/1.1 201"), target + ": " + post);
      }
      assertEquals("secret", Files.readString(outside));
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void answersPipelinedRequestsInOnePacket() throws IOException {
    String out =
        exchange(
            "GET /echo/a HTTP/1.1\r\n\r\nGET /echo/b HTTP/1.1\r\n\r\nGET /echo/c HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertTrue(out.indexOf("\r\n\r\na") < out.indexOf("\r\n\r\nb"));
    assertTrue(out.endsWith("\r\n\r\nc"), out);
  }

  @Test
  void answers405WithAllowAndServesHead() throws Exception {
    String out = exchange("DELETE /echo/x HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertTrue(out.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), out);
    assertTrue(out.contains("Allow: GET, HEAD, OPTIONS\r\n"), out);
    assertTrue(
        exchange("POST / HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .startsWith("HTTP/1.1 405 "));
    String head = exchange("HEAD /echo/abc HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertTrue(head.contains("Content-Length: 3\r\n") && head.endsWith("\r\n\r\n"), head);
  }

  @Test
  void answersAMalformedRequestWith400AndCloses() throws IOException {
    String out = exchange("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\nGET / HTTP/1.1\r\n\r\n");
    assertTrue(out.startsWith("HTTP/1.1 400 Bad Request\r\n"), out);
    assertTrue(out.contains("Connection: close\r\n"));
    assertEquals(1, out.split("HTTP/1.1 ").length - 1);
  }

  @Test
  void gzipsAShortEchoWithItsCompressedLength() throws IOException {
    String out =
        exchange(
            "GET /echo/abc HTTP/1.1\r\nAccept-Encoding: invalid-1, gzip\r\nConnection: close\r\n\r\n");
    assertTrue(out.contains("Content-Encoding: gzip\r\n"), out);
    int bodyAt = out.indexOf("\r\n\r\n") + 4;
    byte[] body = out.substring(bodyAt).getBytes(StandardCharsets.ISO_8859_1);
    assertTrue(out.contains("Content-Length: " + body.length + "\r\n"), out);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      assertEquals("abc", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    String plain =
        exchange(
            "GET /echo/abc HTTP/1.1\r\nAccept-Encoding: invalid-1, invalid-2\r\nConnection: close\r\n\r\n");
    assertFalse(plain.contains("Content-Encoding"), plain);
    assertTrue(plain.endsWith("\r\n\r\nabc"));
  }

  @Test
  void storesAChunkedUploadAndServesIt() throws IOException {
    String created =
        exchange(
            "POST /files/chunked.txt HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\nGET /files/chunked.txt HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertTrue(created.startsWith("HTTP/1.1 201 Created\r\n"), created);
    assertTrue(
        created.endsWith("Content-Length: 11\r\nConnection: close\r\n\r\nhello world"), created);
    assertEquals("hello world", Files.readString(directory().resolve("chunked.txt")));
  }

  @Test
  void answers404ForAnAbsentFileAndUnknownPaths() throws IOException {
    assertTrue(
        exchange("GET /files/none-such HTTP/1.1\r\nConnection: close\r\n\r\n")
            .startsWith("HTTP/1.1 404 Not Found\r\n"));
    assertTrue(
        exchange("GET /abcdefg HTTP/1.1\r\nConnection: close\r\n\r\n")
            .startsWith("HTTP/1.1 404 Not Found\r\n"));
  }

  @Test
  void neverAnswersASmuggledRequest() throws IOException {
    String out =
        exchange(
            "POST /files/s HTTP/1.1\r\nContent-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /echo/smuggled HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertTrue(out.startsWith("HTTP/1.1 400 "), out);
    assertFalse(out.contains("smuggled"));
  }
}
