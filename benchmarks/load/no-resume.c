/*
 * LD_PRELOAD shim for h2load (nghttp2 1.52): h2load keeps a client's SSL object across reconnects, so with
 * "Connection: close" every connection after the first offers the previous session and the server resumes it
 * (measured: 19 of 20 connections resumed against Caddy). Dropping the session before each new handshake makes
 * every connection a full handshake, which is what "full handshakes/s" must measure.
 * Build: gcc -shared -fPIC -O2 -o no-resume.so no-resume.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <openssl/ssl.h>

void SSL_set_connect_state(SSL *ssl) {
    void (*real)(SSL *) = (void (*)(SSL *)) dlsym(RTLD_NEXT, "SSL_set_connect_state");
    SSL_set_session(ssl, NULL);
    real(ssl);
}
