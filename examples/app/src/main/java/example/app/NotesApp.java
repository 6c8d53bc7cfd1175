package example.app;

import io.hexhttp.core.Body;
import io.hexhttp.core.ErrorResponder;
import io.hexhttp.core.Filter;
import io.hexhttp.core.Forms;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Json;
import io.hexhttp.core.Multipart;
import io.hexhttp.core.Parameters;
import io.hexhttp.core.SetCookie;
import io.hexhttp.core.Status;
import io.hexhttp.core.port.ServerObserver;
import io.hexhttp.core.routing.Router;
import io.hexhttp.handlers.AccessLogFilter;
import io.hexhttp.handlers.CorsFilter;
import io.hexhttp.handlers.GzipFilter;
import io.hexhttp.handlers.Lifecycle;
import io.hexhttp.handlers.ServerSentEvents;
import io.hexhttp.transport.HttpServer;
import io.hexhttp.transport.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Notes: a small application on hexhttp. A login form sets a session cookie; a JSON API under
 * {@code /api} (behind an authentication filter on the group) lists, creates, shows and deletes
 * notes; {@code /api/upload} streams multipart file parts to disk; {@code /api/events} is a
 * Server-Sent-Events stream of new notes. Errors are RFC 9457 problem details, answers are
 * gzip-coded, and {@code /api} is open to one other origin (CORS).
 */
public final class NotesApp {
  /** A note. */
  public record Note(int id, String author, String text) {
    String json() {
      return "{\"id\":" + id + ",\"author\":" + Json.quote(author) + ",\"text\":" + Json.quote(text) + "}";
    }
  }

  private static final Map<String, String> USERS = Map.of("ada", "lovelace", "alan", "turing");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<Integer, Note> notes = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, String> sessions = new ConcurrentHashMap<>(); // session id → user
  private final List<BlockingQueue<Note>> subscribers = new CopyOnWriteArrayList<>();
  private final Lifecycle lifecycle = new Lifecycle();
  private final Path uploads;
  private final Duration heartbeat;

  /**
   * The application.
   *
   * @param uploads where uploaded files go
   * @param heartbeat how often an idle event stream sends a comment
   */
  public NotesApp(Path uploads, Duration heartbeat) {
    this.uploads = uploads;
    this.heartbeat = heartbeat;
  }

  /** The whole application: routes, errors, CORS and gzip. */
  public HttpHandler handler() {
    Filter signedIn = (request, next) -> {
      user(request); // 401 unless the session cookie names a session
      return next.handle(request);
    };
    Router routes = Router.builder()
        .errors(ErrorResponder.PROBLEM_JSON)
        .exception(NoSuchElementException.class, (request, e) ->
            ErrorResponder.PROBLEM_JSON.respond(request, new HttpException(Status.NOT_FOUND, e.getMessage())))
        .get("/", request -> html(LOGIN_PAGE))
        .post("/login", this::login)
        .post("/logout", this::logout)
        .group("/api", signedIn, api -> api
            .get("/notes", this::list)
            .post("/notes", this::create)
            .get("/notes/{id}", request -> json(Status.OK, note(request).json()))
            .delete("/notes/{id}", request -> {
              notes.remove(note(request).id());
              return HttpResponse.of(Status.NO_CONTENT);
            })
            .post("/upload", this::upload)
            .get("/events", this::events))
        .build();
    CorsFilter cors = CorsFilter.builder().allowOrigins("https://notes.example")
        .allowMethods("GET", "POST", "DELETE").allowHeaders("Content-Type").allowCredentials(true).build();
    return new GzipFilter().andThen(cors).wrap(routes);
  }

  /** What the server reports to: the lifecycle the event streams watch. */
  public ServerObserver observer() {
    return lifecycle;
  }

  /** Starts the application on {@code port} (0: any free one), logging each exchange to {@code log}. */
  public HttpServer start(int port, Consumer<String> log) throws IOException {
    return HttpServer.start(handler(), ServerConfig.builder().port(port).build(),
        ServerObserver.all(lifecycle, new AccessLogFilter(log, Clock.systemUTC()).observer()));
  }

  private String user(HttpRequest request) {
    return request.cookie("session").map(sessions::get)
        .orElseThrow(() -> new HttpException(Status.UNAUTHORIZED, "sign in first"));
  }

  private HttpResponse login(HttpRequest request) throws IOException {
    Parameters form = Forms.read(request);
    String user = form.required("user");
    if (!form.required("password").equals(USERS.get(user))) {
      throw new HttpException(Status.UNAUTHORIZED, "unknown user or wrong password");
    }
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String session = HexFormat.of().formatHex(id);
    sessions.put(session, user);
    return HttpResponse.of(Status.SEE_OTHER).withHeader("Location", "/api/notes")
        .withCookie(SetCookie.of("session", session).path("/").httpOnly().sameSite(SetCookie.SameSite.LAX)
            .maxAge(Duration.ofHours(8)));
  }

  private HttpResponse logout(HttpRequest request) {
    request.cookie("session").ifPresent(sessions::remove);
    return HttpResponse.of(Status.NO_CONTENT).withCookie(SetCookie.delete("session").path("/"));
  }

  private HttpResponse list(HttpRequest request) {
    Parameters q = request.queryParams();
    int limit = q.intValue("limit", 100); // ?limit=abc is a 400 problem, with no code here
    Optional<String> author = q.first("author");
    List<String> out = new ArrayList<>();
    notes.values().stream()
        .filter(n -> author.isEmpty() || n.author().equals(author.get()))
        .sorted((a, b) -> Integer.compare(a.id(), b.id()))
        .limit(Math.max(0, limit))
        .forEach(n -> out.add(n.json()));
    return json(Status.OK, "[" + String.join(",", out) + "]");
  }

  private HttpResponse create(HttpRequest request) throws IOException {
    String text = Forms.read(request, 4096).required("text");
    Note note = new Note(ids.incrementAndGet(), user(request), text);
    notes.put(note.id(), note);
    for (BlockingQueue<Note> s : subscribers) {
      s.offer(note);
    }
    return json(Status.CREATED, note.json()).withHeader("Location", "/api/notes/" + note.id());
  }

  private Note note(HttpRequest request) {
    int id = Parameters.of("id", request.pathParam("id")).intValue("id"); // 400 when not a number
    Note n = notes.get(id);
    if (n == null) {
      throw new NoSuchElementException("no note " + id);
    }
    return n;
  }

  private HttpResponse upload(HttpRequest request) throws IOException {
    List<String> stored = new ArrayList<>();
    try (Multipart form = Multipart.of(request)) {
      for (Optional<Multipart.Part> p; (p = form.next()).isPresent(); ) {
        Multipart.Part part = p.get();
        if (part.filename().isEmpty()) {
          continue; // a plain field: not kept here
        }
        // the client's file name is never a path: store under a name of our own
        Path target = uploads.resolve("upload-" + ids.incrementAndGet());
        try (OutputStream out = Files.newOutputStream(target)) {
          part.stream().transferTo(out); // streamed: a 1 GiB part never sits in the heap
        }
        stored.add("{\"field\":" + Json.quote(part.name()) + ",\"filename\":" + Json.quote(part.filename().get())
            + ",\"stored\":" + Json.quote(target.getFileName().toString()) + ",\"bytes\":" + Files.size(target) + "}");
      }
    }
    return json(Status.CREATED, "[" + String.join(",", stored) + "]");
  }

  private HttpResponse events(HttpRequest request) {
    return ServerSentEvents.response(request, events -> {
      BlockingQueue<Note> queue = new LinkedBlockingQueue<>();
      subscribers.add(queue);
      try {
        events.retry(Duration.ofSeconds(2));
        while (events.isOpen() && !events.isShuttingDown()) {
          Note n = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
          if (n == null) {
            events.comment("heartbeat"); // also finds out whether the client is still there
          } else {
            events.send(Integer.toString(n.id()), "note", n.json());
          }
        }
      } finally {
        subscribers.remove(queue);
      }
    }, lifecycle::isShuttingDown);
  }

  private static HttpResponse json(Status status, String json) {
    return HttpResponse.of(status).withHeader("Content-Type", "application/json").withBody(Body.of(json));
  }

  private static HttpResponse html(String html) {
    return HttpResponse.of(Status.OK).withHeader("Content-Type", "text/html; charset=utf-8").withBody(Body.of(html));
  }

  private static final String LOGIN_PAGE = """
      <!doctype html>
      <meta charset="utf-8">
      <title>Notes</title>
      <form method="post" action="/login">
        <label>User <input name="user"></label>
        <label>Password <input name="password" type="password"></label>
        <button>Sign in</button>
      </form>
      """;

  /** {@code java example.app.NotesApp [PORT]}: serves on PORT (8080), uploads to ./uploads. */
  public static void main(String[] args) throws IOException {
    Path uploads = Files.createDirectories(Path.of("uploads"));
    NotesApp app = new NotesApp(uploads, Duration.ofSeconds(15));
    HttpServer server = app.start(args.length > 0 ? Integer.parseInt(args[0]) : 8080, System.out::println);
    System.out.println("notes on http://localhost:" + server.port() + "/");
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
  }
}
