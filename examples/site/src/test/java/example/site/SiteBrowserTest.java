package example.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.transport.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site in a real browser: headless Chromium (Debian's {@code chromium}) loads the page, its
 * stylesheet and its script, which fetches JSON; the DOM after the script ran shows the greeting
 * and the stylesheet's colour. A second load with the same browser profile revalidates the files
 * it cached, and the server answers those with 304.
 */
class SiteBrowserTest {
  private static final Pattern LINE = Pattern.compile("\"GET (\\S+) HTTP/1\\.1\" (\\d{3}) ");

  @TempDir Path profile;
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = SiteApp.start(Path.of("public").toAbsolutePath(), 0, log::add);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Loads the page in Chromium; returns the DOM after its scripts ran. */
  private String load() throws Exception {
    Path out = Files.createTempFile(profile.getParent(), "dom", ".html");
    Process chromium = new ProcessBuilder(
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=5000",
            "--dump-dom", "http://127.0.0.1:" + server.port() + "/")
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertTrue(chromium.waitFor(60, TimeUnit.SECONDS), "chromium finishes");
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** Path → status of each request logged since {@code from}. */
  private List<String> requests(int from) {
    List<String> seen = new ArrayList<>();
    for (String line : log.subList(from, log.size())) {
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        seen.add(m.group(1) + " " + m.group(2));
      }
    }
    return seen;
  }

  @Test
  void thePageRendersAndAReloadRevalidatesWith304s() throws Exception {
    String dom = load();
    assertTrue(dom.contains("<p id=\"greeting\">Hello from hexhttp</p>"), dom);
    assertTrue(dom.contains("<p id=\"style\">background rgb(1, 2, 3)</p>"), dom);
    List<String> first = requests(0);
    assertTrue(first.containsAll(List.of("/ 200", "/css/site.css 200", "/js/app.js 200", "/api/greeting 200")),
        first.toString());

    int mark = log.size();
    String again = load();
    assertTrue(again.contains("<p id=\"greeting\">Hello from hexhttp</p>"), again);
    List<String> second = requests(mark);
    assertTrue(second.containsAll(List.of("/ 304", "/css/site.css 304", "/js/app.js 304")),
        "the reload revalidated what it had cached: " + second);
    System.out.println("chromium, first load: " + first + "; reload: " + second);
    assertEquals(0, second.stream().filter(s -> s.startsWith("/css") && s.endsWith("200")).count());
  }
}
