/* cli/signals.c -- SIGINT and SIGTERM handlers (signals.h). */
#include "signals.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fundsim.h"

/* The signal received.  An atomic int rather than a volatile sig_atomic_t:
 * the engine's OpenMP threads read it while the handler (on whichever
 * thread the kernel picked) writes it, and C11 (7.14.1.1) allows a handler
 * to use lock-free atomic objects; sig_atomic_t is only safe within one
 * thread. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal flag must be a lock-free atomic int");
static atomic_int received;
static int installed;

static void on_signal(int sig)
{
    /* Async-signal-safe only: an atomic exchange and _exit. */
    if (atomic_exchange_explicit(&received, sig, memory_order_relaxed) != 0)
        _exit(128 + sig); /* a second signal: the user insists */
}

int cli_signals_install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM};
    struct sigaction sa;
    int rc = 0;

    if (installed)
        return 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaddset(&sa.sa_mask, sigs[i]);
    /* SA_RESTART: a write interrupted by the signal resumes instead of
     * failing with EINTR; the command checks the flag itself. */
    sa.sa_flags = SA_RESTART;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (sigaction(sigs[i], &sa, NULL) != 0) /* replaces SIG_IGN too */
            rc = -1;
    /* A signal blocked by the parent would never arrive: unblock both. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    installed = 1;
    return rc;
}

int cli_signal_received(void)
{
    return atomic_load_explicit(&received, memory_order_relaxed);
}

int cli_cancel(void *ctx)
{
    (void)ctx;
    return atomic_load_explicit(&received, memory_order_relaxed) != 0;
}

int cli_signal_exit_code(void)
{
    int sig = cli_signal_received();
    return 128 + (sig ? sig : SIGINT);
}

void cli_signal_set(int sig)
{
    atomic_store_explicit(&received, sig, memory_order_relaxed);
}

int cli_interrupted(char *err, size_t errlen)
{
    int sig = cli_signal_received();
    if (!sig)
        return FS_OK;
    if (err && errlen)
        snprintf(err, errlen, "interrupted by %s: nothing written",
                 sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "a signal");
    return FS_ECANCELED;
}
