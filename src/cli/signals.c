/*
 * Signals that end a run: reports and baselines are written to a temporary
 * file renamed into place when complete, so an interrupted run (Ctrl-C, a CI
 * job cancelled with SIGTERM, a closed terminal's SIGHUP) must remove it
 * before dying as the signal says. SIGXFSZ is ignored: a write past
 * `ulimit -f` then fails with EFBIG and is reported like any failed write
 * (a one-line reason, exit status 2), instead of killing the process silently.
 */
#include <signal.h>
#include <string.h>

#include "cli.h"

static void on_fatal_signal(int sig)
{
  ac_atomic_remove_temporaries();        /* async-signal-safe: unlink(2) only */
  raise(sig);                            /* SA_RESETHAND: the default action, on return */
}

void cli_signals_init(void)
{
  static const int fatal[] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction sa, old;

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fatal_signal;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < AC_COUNT(fatal); i++)
    sigaddset(&sa.sa_mask, fatal[i]);    /* one cleanup at a time */
  for (size_t i = 0; i < AC_COUNT(fatal); i++) {
    /* Ignored by the parent (nohup, a background job): stay ignored. */
    if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
      continue;
    sigaction(fatal[i], &sa, NULL);
  }
  signal(SIGXFSZ, SIG_IGN);
}
