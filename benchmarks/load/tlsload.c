/*
 * TLS handshakes per second against one HTTPS server on loopback, either always full or always resumed.
 *
 *   tlsload --port N --sni NAME [--host 127.0.0.1] [--seconds 8] [--procs 8] [--mode full|resume]
 *
 * Each of --procs processes runs a blocking loop: new TCP connection, new SSL object, SNI, handshake, one
 * `GET / HTTP/1.1` with `Connection: close`, read to the end; a connection counts when its answer is a 2xx and it
 * finished inside the window. Blocking processes instead of an event loop keep the client simple: the server is
 * the one being saturated, and the reported client CPU shows when that stops being true.
 *
 *   full    never resumes: no client session cache, no ticket kept, no session ever passed to SSL_set_session.
 *           Any connection that reports SSL_session_reused() makes the run fail (exit 2).
 *   resume  each process keeps the newest session the server handed it (TLS 1.3 ticket or TLS 1.2 session) and
 *           offers it on the next connection. The first connection of a process is a full handshake; the
 *           output gives how many connections really resumed (SSL_session_reused()) and how many did not.
 *
 * Why not wrk, h2load or openssl s_time: wrk and h2load (nghttp2 1.52, `--h1 -H 'Connection: close'`) reconnect
 * per request but resume the session (Caddy's access log showed 198 of h2load's 200 connections `resumed`), so
 * they measure resumptions; openssl s_time -new sends no SNI.
 *
 * Prints one line:
 *   conns_per_s=<f> conns=<n> errors=<n> resumed=<n> full=<n> client_cpu=<fraction of one core>
 *   client_us_per_conn=<client CPU per counted connection, µs: 1e6 / this is the client's ceiling per core>
 *   tls=<version> mode=<mode>
 * The certificate is not verified: the server's handshake cost is measured, not the client's chain validation.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct tally {
    long conns, errors, resumed, full;
    char version[16];
};

/* The newest session the server gave this process (resume mode). One per process: processes share nothing. */
static SSL_SESSION *latest;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int keep_session(SSL *ssl, SSL_SESSION *session) {
    (void) ssl;
    if (latest != NULL) {
        SSL_SESSION_free(latest);
    }
    latest = session;
    return 1; /* we keep the reference */
}

static int connect_to(const struct sockaddr_in *addr) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval timeout = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (connect(fd, (const struct sockaddr *) addr, sizeof *addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* One connection: 1 when a 2xx arrived, 0 otherwise. Sets *reused. */
static int one_connection(SSL_CTX *ctx, const struct sockaddr_in *addr, const char *sni, const char *request,
                          int resume, int *reused, char *version) {
    int fd = connect_to(addr);
    if (fd < 0) {
        return 0;
    }
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, sni);
    if (resume && latest != NULL) {
        SSL_set_session(ssl, latest);
    }
    int ok = 0;
    if (SSL_connect(ssl) == 1) {
        *reused = SSL_session_reused(ssl);
        snprintf(version, 16, "%s", SSL_get_version(ssl));
        size_t length = strlen(request);
        if (SSL_write(ssl, request, (int) length) == (int) length) {
            char head[16];
            char buf[16384];
            int got = 0;
            int n;
            while ((n = SSL_read(ssl, buf, sizeof buf)) > 0) {
                if (got < (int) sizeof head) {
                    int take = n < (int) sizeof head - got ? n : (int) sizeof head - got;
                    memcpy(head + got, buf, take);
                    got += take;
                }
            }
            ok = got >= 10 && memcmp(head, "HTTP/1.", 7) == 0 && head[9] == '2';
        }
        SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    close(fd);
    ERR_clear_error();
    return ok;
}

static void run_worker(const struct sockaddr_in *addr, const char *sni, int resume, double start_at,
                       double stop_at, int out) {
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (resume) {
        /* External store only: the callback keeps the newest session, nothing else caches one. */
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_new_cb(ctx, keep_session);
    } else {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    }
    char request[512];
    snprintf(request, sizeof request, "GET / HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n", sni,
             ntohs(addr->sin_port));
    struct tally t = {0};
    while (now() < start_at) {
        usleep(1000);
    }
    while (now() < stop_at) {
        int reused = 0;
        int ok = one_connection(ctx, addr, sni, request, resume, &reused, t.version);
        if (!ok) {
            t.errors++;
        } else if (now() <= stop_at) {
            t.conns++;
            if (reused) {
                t.resumed++;
            } else {
                t.full++;
            }
        }
    }
    if (write(out, &t, sizeof t) != (ssize_t) sizeof t) {
        _exit(1);
    }
    _exit(0);
}

static void usage(void) {
    fprintf(stderr, "usage: tlsload --port N --sni NAME [--host 127.0.0.1] [--seconds 8] [--procs 8] "
                    "[--mode full|resume]\n");
    exit(64);
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1";
    const char *sni = NULL;
    const char *mode = "full";
    int port = 0;
    int procs = 8;
    double seconds = 8;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--host")) host = argv[i + 1];
        else if (!strcmp(argv[i], "--sni")) sni = argv[i + 1];
        else if (!strcmp(argv[i], "--mode")) mode = argv[i + 1];
        else if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--procs")) procs = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
        else usage();
    }
    int resume = !strcmp(mode, "resume");
    if (sni == NULL || port <= 0 || procs <= 0 || seconds <= 0 || (!resume && strcmp(mode, "full"))) {
        usage();
    }
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t) port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 || (ntohl(addr.sin_addr.s_addr) >> 24) != 127) {
        fprintf(stderr, "tlsload: loopback IPv4 only\n");
        return 64;
    }
    signal(SIGPIPE, SIG_IGN);
    int fds[2];
    if (pipe(fds) != 0) {
        perror("pipe");
        return 1;
    }
    double start_at = now() + 0.3;
    double stop_at = start_at + seconds;
    double wall_start = now();
    for (int i = 0; i < procs; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            close(fds[0]);
            run_worker(&addr, sni, resume, start_at, stop_at, fds[1]);
        }
    }
    close(fds[1]);
    struct tally sum = {0};
    struct tally t;
    int reports = 0;
    while (read(fds[0], &t, sizeof t) == (ssize_t) sizeof t) {
        sum.conns += t.conns;
        sum.errors += t.errors;
        sum.resumed += t.resumed;
        sum.full += t.full;
        if (t.version[0]) memcpy(sum.version, t.version, sizeof sum.version);
        reports++;
    }
    while (wait(NULL) > 0) {
    }
    double wall = now() - wall_start;
    struct rusage usage;
    getrusage(RUSAGE_CHILDREN, &usage);
    double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec
                 + usage.ru_stime.tv_usec / 1e6;
    printf("conns_per_s=%.1f conns=%ld errors=%ld resumed=%ld full=%ld client_cpu=%.2f client_us_per_conn=%.0f "
           "tls=%s mode=%s\n",
           sum.conns / seconds, sum.conns, sum.errors, sum.resumed, sum.full, cpu / wall,
           sum.conns > 0 ? cpu * 1e6 / sum.conns : 0.0, sum.version[0] ? sum.version : "-", mode);
    if (reports != procs) {
        fprintf(stderr, "tlsload: %d of %d workers reported\n", reports, procs);
        return 1;
    }
    if (!resume && sum.resumed > 0) {
        fprintf(stderr, "tlsload: %ld connections resumed a session; the figure is not full handshakes\n",
                sum.resumed);
        return 2;
    }
    return 0;
}
