package io.hexhttp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 7578 multipart/form-data, streamed. */
class MultipartTest {
  private static final String B = "----hexhttpBoundary7MA4YWxk";

  private static HttpRequest request(byte[] body, int chunk) {
    // the body arrives in pieces of `chunk` bytes, as from a socket
    InputStream slow =
        new ByteArrayInputStream(body) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
          }
        };
    return HttpRequest.builder(Method.POST, "/upload")
        .header("Content-Type", "multipart/form-data; boundary=" + B)
        .body(Body.ofStream(slow, body.length))
        .build();
  }

  private static byte[] form(byte[] file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(
        ("preamble to ignore\r\n--"
                + B
                + "\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                + "Holiday \"photos\"\r\n--"
                + B
                + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"a b.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.write(file);
    out.write(
        ("\r\n--"
                + B
                + "\r\n"
                + "Content-Disposition: form-data; name=\"skipped\"\r\n\r\nnever read\r\n--"
                + B
                + "--\r\nepilogue")
            .getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void readsFieldsAndFilesInEveryReadSize() throws IOException {
    byte[] file = new byte[200_000];
    new Random(1).nextBytes(file);
    // a file full of near-boundaries: CRLF and dashes where the delimiter could start
    byte[] tricky =
        ("\r\n--" + B.substring(0, 10) + "\r\n-\r\n--").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tricky, 0, file, 1000, tricky.length);
    for (int chunk : new int[] {1, 7, 100, 65_536}) {
      byte[] body = form(chunk == 1 ? Arrays.copyOf(file, 3000) : file);
      try (Multipart m = Multipart.of(request(body, chunk))) {
        Multipart.Part title = m.next().orElseThrow();
        assertEquals("title", title.name());
        assertEquals(Optional.empty(), title.filename());
        assertEquals("text/plain", title.contentType());
        assertEquals("Holiday \"photos\"", title.text(100));
        Multipart.Part upload = m.next().orElseThrow();
        assertEquals("file", upload.name());
        assertEquals(Optional.of("a b.bin"), upload.filename());
        assertEquals("application/octet-stream", upload.contentType());
        assertArrayEquals(
            chunk == 1 ? Arrays.copyOf(file, 3000) : file, upload.stream().readAllBytes());
        assertEquals("skipped", m.next().orElseThrow().name());
        assertTrue(m.next().isEmpty(), "the closing boundary ends it");
        assertTrue(m.next().isEmpty());
      }
    }
  }

  private static int status(String body, Multipart.Limits limits) {
    HttpException e =
        assertThrows(
            HttpException.class,
            () -> {
              try (Multipart m =
                  Multipart.of(request(body.getBytes(StandardCharsets.UTF_8), 8192), limits)) {
                while (m.next().isPresent()) {
                  // read every part
                }
              }
            });
    return e.status().code();
  }

  @Test
  void answersEachLimitWithItsStatus() {
    String part = "--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n";
    String two = part + part + "--" + B + "--\r\n";
    assertEquals(413, status(two, new Multipart.Limits(1, 8192, 1 << 20)), "too many parts");
    assertEquals(
        431, status(two, new Multipart.Limits(10, 20, 1 << 20)), "a part's headers too large");
    assertEquals(413, status(two, new Multipart.Limits(10, 8192, 50)), "too large in all");
  }

  @Test
  void refusesMalformedBodiesWith400() {
    Multipart.Limits l = Multipart.Limits.DEFAULT;
    assertEquals(
        400, status("--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", l));
    assertEquals(
        400, status("--" + B + "\r\nX: y\r\n\r\nx\r\n--" + B + "--", l), "no Content-Disposition");
    assertEquals(
        400,
        status("--" + B + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" + B + "--", l),
        "no name");
    assertEquals(400, status("no boundary at all", l));
  }

  @Test
  void refusesOtherTypesAndMissingBoundaries() {
    HttpRequest json =
        HttpRequest.builder(Method.POST, "/").header("Content-Type", "application/json").build();
    assertEquals(415, assertThrows(HttpException.class, () -> Multipart.of(json)).status().code());
    HttpRequest noBoundary =
        HttpRequest.builder(Method.POST, "/").header("Content-Type", "multipart/form-data").build();
    assertEquals(
        400, assertThrows(HttpException.class, () -> Multipart.of(noBoundary)).status().code());
  }
}
