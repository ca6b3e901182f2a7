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
#include <sys/resource.h>

/// Raises the soft limit on open files (RLIMIT_NOFILE) to `wanted`, or as far as the hard limit allows; never
/// lowers it. Stores the hard limit in `*hard` and returns the soft limit now in effect, -1 if unreadable.
static inline long CLibUV_raise_nofile(long wanted, long *hard) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
    *hard = rl.rlim_max == RLIM_INFINITY ? (long)1 << 30 : (long)rl.rlim_max;
    if (rl.rlim_cur != RLIM_INFINITY && (long)rl.rlim_cur < wanted) {
        rlim_t target = (rl.rlim_max == RLIM_INFINITY || (long)rl.rlim_max >= wanted) ? (rlim_t)wanted : rl.rlim_max;
        struct rlimit raised = { target, rl.rlim_max };
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) rl.rlim_cur = target;
    }
    return rl.rlim_cur == RLIM_INFINITY ? (long)1 << 30 : (long)rl.rlim_cur;
}
#endif
