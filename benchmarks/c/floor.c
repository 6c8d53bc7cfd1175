/* The floor: a one-thread epoll server that answers every request head ("\r\n\r\n") with a
 * canned 200, parsing nothing else. What any HTTP/1.1 server on this machine cannot beat.
 * cc -O2 -o floor floor.c && ./floor PORT */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static const char OK[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 18480;
  int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 1024)) { perror("listen"); return 1; }
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = ls}, evs[256];
  epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
  static char in[65536], out[65536 * 2];
  static int tail[65536]; /* per fd: how many bytes of "\r\n\r\n" the last read ended in */
  printf("floor listening on %d\n", port);
  fflush(stdout);
  for (;;) {
    int n = epoll_wait(ep, evs, 256, -1);
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      if (fd == ls) {
        int c;
        while ((c = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          struct epoll_event ce = {.events = EPOLLIN, .data.fd = c};
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
          if (c < 65536) tail[c] = 0;
        }
        continue;
      }
      ssize_t r = read(fd, in, sizeof in);
      if (r <= 0) { close(fd); continue; }
      int state = tail[fd], heads = 0;
      static const char END[] = "\r\n\r\n";
      for (ssize_t k = 0; k < r; k++) {
        state = in[k] == END[state] ? state + 1 : (in[k] == '\r' ? 1 : 0);
        if (state == 4) { heads++; state = 0; }
      }
      tail[fd] = state;
      size_t len = 0;
      for (int h = 0; h < heads; h++) {
        if (len + sizeof OK - 1 > sizeof out) { if (write(fd, out, len) < 0) break; len = 0; }
        memcpy(out + len, OK, sizeof OK - 1);
        len += sizeof OK - 1;
      }
      if (len && write(fd, out, len) < 0 && errno != EAGAIN) close(fd);
    }
  }
}
