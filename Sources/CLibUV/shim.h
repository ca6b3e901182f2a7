#ifndef CLIBUV_SHIM_H
#define CLIBUV_SHIM_H
#include <uv.h>
#include <signal.h>

/// Pointer "upcasts" libuv expresses with C struct embedding, which Swift cannot spell.
static inline uv_stream_t *CLibUV_tcp_stream(uv_tcp_t *t) { return (uv_stream_t *)t; }
static inline uv_stream_t *CLibUV_pipe_stream(uv_pipe_t *p) { return (uv_stream_t *)p; }
static inline uv_handle_t *CLibUV_tcp_handle(uv_tcp_t *t) { return (uv_handle_t *)t; }
static inline uv_handle_t *CLibUV_pipe_handle(uv_pipe_t *p) { return (uv_handle_t *)p; }
static inline uv_handle_t *CLibUV_stream_handle(uv_stream_t *s) { return (uv_handle_t *)s; }
static inline uv_handle_t *CLibUV_async_handle(uv_async_t *a) { return (uv_handle_t *)a; }
static inline uv_handle_t *CLibUV_signal_handle(uv_signal_t *s) { return (uv_handle_t *)s; }
static inline uv_handle_t *CLibUV_timer_handle(uv_timer_t *t) { return (uv_handle_t *)t; }
static inline uv_handle_t *CLibUV_check_handle(uv_check_t *c) { return (uv_handle_t *)c; }

#include <pthread.h>

/// SIGPIPE must not kill the daemon when a client goes away mid-write.
static inline void CLibUV_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }

/// A parent may start us with SIGINT/SIGTERM blocked (libdispatch-based launchers do); the graceful stop
/// needs them delivered, so unblock them before any thread starts.
static inline void CLibUV_unblock_stop_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}
#endif
