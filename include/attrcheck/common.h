/* attrcheck: shared basics — export macro, spans, positions and limits. */
#ifndef ATTRCHECK_COMMON_H
#define ATTRCHECK_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(ATTRCHECK_BUILDING) && defined(__GNUC__)
#define AC_EXTERN __attribute__((visibility("default")))
#else
#define AC_EXTERN
#endif

#if defined(__GNUC__)
#define AC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define AC_PRINTF(fmt, args)
#endif

#define AC_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define ATTRCHECK_VERSION "0.1.0"

/**
 * Remove the temporary files of the reports and baselines being written
 * (they are renamed into place only when complete). Async-signal-safe: call
 * it from a SIGINT, SIGTERM or SIGHUP handler before the process ends, so an
 * interrupted `-o r.sarif` leaves no `.r.sarif.tmp-PID-N` behind.
 */
AC_EXTERN void ac_atomic_remove_temporaries(void);

/** Byte offsets [start, end) into a page's UTF-8 text. */
typedef struct ac_span {
  uint32_t start;
  uint32_t end;
} ac_span;

/** A 1-based line and column; columns count code points. 0:0 means "no position". */
typedef struct ac_pos {
  uint32_t line;
  uint32_t column;
} ac_pos;

/* Named defaults for every ceiling; docs/limits.md lists them with their options. */
#define AC_DEFAULT_MAX_BYTES ((size_t)16 << 20)      /* --max-bytes */
#define AC_DEFAULT_MAX_MEMORY ((size_t)256 << 20)    /* --max-memory, per page parse */
#define AC_DEFAULT_MAX_PARSE_SECONDS 2.0             /* --max-parse-seconds */
#define AC_DEFAULT_MAX_DEPTH 4096u                   /* our own tree walks */
#define AC_DEFAULT_MAX_PARSE_ERRORS 100u             /* Gumbo max_errors */
#define AC_DEFAULT_MAX_NOTES 64u                     /* notes kept per page */
#define AC_DEFAULT_MAX_FACTS 10000u                  /* entries per fact list */
#define AC_DEFAULT_MAX_FINDINGS 1000u                /* findings per page */

/** Limits that keep one hostile input from taking the run down. */
typedef struct ac_limits {
  size_t max_bytes;
  size_t max_memory;
  /* Enforced also inside Gumbo's allocation-free stretches by a per-thread
     timer that sends SIGRTMIN + 4 to the parsing thread: the one process-wide
     effect of the library. It installs that signal's handler on first use, so a
     program embedding libattrcheck must leave that signal to it; 0 turns the
     deadline (and the timer) off. docs/limits.md says more. */
  double max_parse_seconds;
  unsigned max_depth;
  unsigned max_parse_errors;
  unsigned max_notes;
  unsigned max_facts;
  unsigned max_findings;
} ac_limits;

#define AC_LIMITS_INIT                                                         \
  {                                                                            \
    AC_DEFAULT_MAX_BYTES, AC_DEFAULT_MAX_MEMORY, AC_DEFAULT_MAX_PARSE_SECONDS, \
        AC_DEFAULT_MAX_DEPTH, AC_DEFAULT_MAX_PARSE_ERRORS,                     \
        AC_DEFAULT_MAX_NOTES, AC_DEFAULT_MAX_FACTS, AC_DEFAULT_MAX_FINDINGS    \
  }

#endif
