package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

// README-EXAMPLE-START
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.routing.Router;

class GreetingTest {
  HttpHandler app = Router.builder()
      .get("/hello/{name}", request -> HttpResponse.text("Hello, " + request.pathParam("name")))
      .build();

  @Test
  void greetsByName() throws IOException {
    HttpResponse response = app.handle(HttpRequest.get("/hello/Ada"));
    assertEquals(200, response.status().code());
    assertEquals("Hello, Ada", response.body().text());
  }
}
// README-EXAMPLE-END

/** Keeps the README's handler example identical to the compiled, passing one above. */
class ReadmeExampleTest {
  @Test
  void readmeShowsTheExampleThatCompiles() throws IOException {
    String source = Files.readString(Path.of("src/test/java/io/hexhttp/cli/ReadmeExampleTest.java"));
    String example =
        source.substring(
            source.indexOf("// README-EXAMPLE-START") + "// README-EXAMPLE-START\n".length(),
            source.indexOf("// README-EXAMPLE-END"));
    String readme = Files.readString(Path.of("../README.md"));
    assertTrue(readme.contains(example), "README.md must hold the example exactly:\n" + example);
  }
}
