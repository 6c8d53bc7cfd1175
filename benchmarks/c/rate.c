/* A fixed-rate HTTP/1.1 load generator that measures every latency from the request's intended
 * send time (wrk2's method), so a slow answer cannot hide the requests it held back (no
 * coordinated omission). CONNECTIONS keep-alive connections, one request in flight on each, RATE
 * requests a second spread evenly over them in turn; a request that falls due while its
 * connection still waits for the previous answer goes out the moment that answer ends, and its
 * latency still counts from when it was due. Requests due in the first WARMUP seconds are sent but
 * not counted; those due in the next SECONDS are; after that it waits up to 2 s for their answers
 * and counts any still missing at the time they have waited.
 *   cc -O2 -o rate rate.c && ./rate PORT PATH CONNECTIONS RATE SECONDS [WARMUP]
 * Prints one line: achieved req/s, then p50 p90 p99 p99.9 max in µs, then answered and missing
 * (unanswered or lost to a closed connection), then the generator's own p99 and max lag in µs
 * (from due to written, when the connection was free: how late it sent, its own floor). Exit 1 when it cannot connect or keep the pace. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define QUEUE 1024 /* requests due on one connection and not yet answered */
#define BUF 16384

typedef struct {
  int fd, open, inflight, len;
  uint64_t due[QUEUE]; /* intended send times; due[head] is the one in flight */
  unsigned head, tail;
  char buf[BUF];
} conn;

typedef struct { /* µs below 100 ms, then 100 µs steps to 10 s */
  uint64_t fine[100000], coarse[100000], count;
} histogram;

static histogram latency, lag; /* from due to answered; from due to written */
static uint64_t missing;
static char request[1024];
static size_t request_len;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void record(histogram *h, uint64_t ns) {
  uint64_t us = ns / 1000;
  if (us < 100000) h->fine[us]++;
  else h->coarse[us / 100 < 100000 ? us / 100 : 99999]++;
  h->count++;
}

static unsigned long percentile(const histogram *h, double p) {
  uint64_t want = (uint64_t)(p * (double)h->count + 0.999999), seen = 0;
  if (want == 0) want = 1;
  for (int i = 0; i < 100000; i++)
    if ((seen += h->fine[i]) >= want) return (unsigned long)i;
  for (int i = 1000; i < 100000; i++)
    if ((seen += h->coarse[i]) >= want) return (unsigned long)i * 100;
  return 10000000;
}

static unsigned long maximum(const histogram *h) {
  for (int i = 99999; i >= 1000; i--)
    if (h->coarse[i]) return (unsigned long)i * 100 + 99;
  for (int i = 99999; i >= 0; i--)
    if (h->fine[i]) return (unsigned long)i;
  return 0;
}

static void send_next(conn *c, uint64_t from, uint64_t until) {
  if (!c->open || c->inflight || c->head == c->tail) return;
  ssize_t w = write(c->fd, request, request_len);
  if (w != (ssize_t)request_len) { c->open = 0; return; }
  c->inflight = 1;
  uint64_t due = c->due[c->head % QUEUE];
  if (due >= from && due < until) record(&lag, now_ns() - due);
}

/* Takes every whole response out of c->buf, sending each connection's next request. */
static void take_responses(conn *c, uint64_t now, uint64_t from, uint64_t until) {
  for (;;) {
    char *end = memmem(c->buf, (size_t)c->len, "\r\n\r\n", 4);
    if (!end) return;
    size_t head = (size_t)(end - c->buf) + 4, body = 0;
    for (char *p = c->buf; p < end; p++)
      if ((p == c->buf || p[-1] == '\n') && strncasecmp(p, "content-length:", 15) == 0)
        body = strtoul(p + 15, NULL, 10);
    if (head + body > BUF) { c->open = 0; return; }
    if ((size_t)c->len < head + body) return;
    uint64_t due = c->due[c->head % QUEUE];
    if (due >= from && due < until) record(&latency, now - due);
    c->head++;
    c->inflight = 0;
    memmove(c->buf, c->buf + head + body, (size_t)c->len - head - body);
    c->len -= (int)(head + body);
    send_next(c, from, until);
  }
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: rate PORT PATH CONNECTIONS RATE SECONDS [WARMUP]\n");
    return 2;
  }
  int port = atoi(argv[1]), n = atoi(argv[3]);
  double rate = atof(argv[4]), secs = atof(argv[5]), warm = argc > 6 ? atof(argv[6]) : 2;
  if (n < 1 || rate <= 0 || secs <= 0) { fprintf(stderr, "rate: bad arguments\n"); return 2; }
  request_len = (size_t)snprintf(request, sizeof request,
                                 "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: rate\r\n\r\n",
                                 argv[2], port);
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0); /* wake on time, not up to 50 µs late */
  conn *cs = calloc((size_t)n, sizeof *cs);
  int ep = epoll_create1(0), one = 1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  for (int i = 0; i < n; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a)) {
      fprintf(stderr, "rate: connection %d: %s\n", i, strerror(errno));
      return 1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    cs[i].fd = fd;
    cs[i].open = 1;
  }
  uint64_t start = now_ns() + 10000000, from = start + (uint64_t)(warm * 1e9),
           until = from + (uint64_t)(secs * 1e9), stop = until + 2000000000u, j = 0;
  double step = 1e9 / rate;
  struct epoll_event evs[256];
  for (;;) {
    uint64_t now = now_ns();
    for (uint64_t due; (due = start + (uint64_t)((double)j * step)) <= now && due < until; j++) {
      conn *c = &cs[j % (uint64_t)n];
      if (c->tail - c->head == QUEUE) {
        fprintf(stderr, "rate: %u requests wait on one connection: the server is far behind\n", QUEUE);
        return 1;
      }
      c->due[c->tail++ % QUEUE] = due;
      send_next(c, from, until);
    }
    if (now >= until) {
      int waiting = 0;
      for (int i = 0; i < n; i++) waiting |= cs[i].open && cs[i].head != cs[i].tail;
      if (!waiting || now >= stop) break;
    }
    uint64_t next = start + (uint64_t)((double)j * step);
    uint64_t wait = next > now && next < until ? next - now : 1000000;
    if (wait > 1000000) wait = 1000000;
    struct timespec timeout = {.tv_sec = 0, .tv_nsec = (long)wait};
    int k = epoll_pwait2(ep, evs, 256, &timeout, NULL);
    if (k < 0 && errno != EINTR) { perror("epoll_pwait2"); return 1; }
    now = now_ns();
    for (int e = 0; e < k; e++) {
      conn *c = &cs[evs[e].data.u32];
      ssize_t r = read(c->fd, c->buf + c->len, (size_t)(BUF - c->len));
      if (r <= 0) {
        if (r < 0 && errno == EAGAIN) continue;
        c->open = 0;
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
        continue;
      }
      c->len += (int)r;
      take_responses(c, now, from, until);
      if (!c->open) { epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd); }
    }
  }
  uint64_t end = now_ns(), answered = latency.count;
  for (int i = 0; i < n; i++)
    for (unsigned q = cs[i].head; q != cs[i].tail; q++) {
      uint64_t due = cs[i].due[q % QUEUE];
      if (due >= from && due < until) { record(&latency, end - due); missing++; }
    }
  printf("%.0f %lu %lu %lu %lu %lu %lu %lu %lu %lu\n", (double)answered / secs,
         percentile(&latency, 0.5), percentile(&latency, 0.9), percentile(&latency, 0.99),
         percentile(&latency, 0.999), maximum(&latency), (unsigned long)answered,
         (unsigned long)missing, percentile(&lag, 0.99), maximum(&lag));
  return 0;
}
