/*
 * The guarded Gumbo parse.
 *
 * Gumbo 0.10.1 (Debian's libgumbo) routes every allocation of a parse through
 * GumboOptions.allocator/deallocator (util.c: gumbo_parser_allocate), never
 * uses realloc, keeps no global mutable state, and never checks for NULL: a
 * failed allocation is a crash or an assert() abort. So our allocator never
 * returns NULL. It prefixes each block with a header, links it into a list
 * owned by the ac_parse, charges it to limits->max_memory and, every
 * DEADLINE_EVERY allocations, compares CLOCK_MONOTONIC with the deadline. On a
 * breach (budget, deadline, or malloc itself failing) it siglongjmps back to
 * ac_parse_html().
 *
 * Why the jump is safe: Gumbo's frames are plain C with no cleanup of
 * their own, the parser state lives in those frames and in blocks from our
 * list, and after the jump we never touch any of it again — we free every
 * block by walking our list. Nothing from the abandoned parse escapes.
 *
 * Why we never call gumbo_destroy_output(): it recurses on tree depth, and
 * 300k nested tags overflow the stack. Walking our own list frees the same
 * blocks with no recursion.
 *
 * The deadline does not rest on allocation alone: some of Gumbo's work
 * allocates nothing for seconds (its end-of-file handling of thousands of open
 * <template>s is quadratic and allocation-free). So a per-thread timer
 * (timer_create, SIGEV_THREAD_ID, CLOCK_MONOTONIC) sends DEADLINE_SIGNAL to
 * the parsing thread at the deadline, and the handler jumps back to
 * ac_parse_html() the same way the allocator does — unless the thread is
 * inside our allocator (malloc is not async-signal-safe), where it only marks
 * the breach and the allocator jumps on its way out. Outside the allocator
 * Gumbo runs only its own code and lock-free libc (memcpy, strlen, ctype), so
 * abandoning it there is as safe as abandoning it at an allocation. The
 * handler is installed once per process; if no timer can be made, the
 * allocator's clock check remains the only deadline.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "parse.h"

/* A realtime signal, so it is queued per thread and never one a program already uses by habit. */
#define DEADLINE_SIGNAL (SIGRTMIN + 4)

/* How often the allocator looks at the clock (every allocation would cost ~5%). */
#define DEADLINE_EVERY 256u
#define BIG_BLOCK ((size_t)64 << 10)

typedef enum { BREACH_NONE, BREACH_MEMORY, BREACH_TIME, BREACH_OOM } breach_kind;

/* Header in front of every block Gumbo gets; the union keeps the payload aligned. */
typedef union block {
  struct {
    union block *prev, *next;
    size_t size;
  } h;
  max_align_t align;
} block;

struct ac_parse {
  block *blocks;            /* every live block, most recent first */
  size_t used, peak, budget;
  struct timespec deadline;
  bool has_deadline;
  unsigned n_allocs;
  breach_kind breach;
  volatile sig_atomic_t in_allocator;  /* the deadline signal must not jump out of malloc */
  volatile sig_atomic_t late;          /* the deadline signal came while in_allocator */
  sigjmp_buf escape;
  char *copy;               /* text with overflowing numeric references clamped, or NULL */
  GumboOutput *output;
};

static bool past_deadline(const ac_parse *p)
{
  struct timespec now;

  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > p->deadline.tv_sec ||
         (now.tv_sec == p->deadline.tv_sec && now.tv_nsec >= p->deadline.tv_nsec);
}

/*
 * What a block really costs: our header plus malloc's own word, rounded to
 * malloc's 16-byte granule (glibc), so the budget bounds the resident size
 * and not just the bytes Gumbo asked for.
 */
static size_t block_charge(size_t size)
{
  return (size + sizeof(block) + sizeof(size_t) + 15) & ~(size_t)15;
}

/* The breach the allocator escapes with: no jump happens inside malloc or our list. */
static _Noreturn void escape(ac_parse *p, breach_kind why)
{
  p->breach = why;
  p->in_allocator = 0;
  siglongjmp(p->escape, 1);
}

/* Entering and leaving the allocator, with fences so no list update moves outside. */
static void enter_allocator(ac_parse *p)
{
  p->in_allocator = 1;
  atomic_signal_fence(memory_order_seq_cst);
}

static void leave_allocator(ac_parse *p)
{
  atomic_signal_fence(memory_order_seq_cst);
  p->in_allocator = 0;
  if (p->late)
    escape(p, BREACH_TIME);
}

/* Never returns NULL: Gumbo would dereference it or abort. */
static void *guarded_alloc(void *userdata, size_t size)
{
  ac_parse *p = userdata;
  size_t charge = block_charge(size);
  block *b;

  enter_allocator(p);
  if (size > SIZE_MAX / 2 || (p->budget != 0 && charge > p->budget - p->used))
    escape(p, BREACH_MEMORY);
  /* Big blocks are rare and follow long allocation-free stretches (a huge text node). */
  if (p->has_deadline && (++p->n_allocs % DEADLINE_EVERY == 0 || size >= BIG_BLOCK) &&
      past_deadline(p))
    escape(p, BREACH_TIME);
  b = malloc(charge);
  if (b == NULL)
    escape(p, BREACH_OOM);
  b->h.size = size;
  b->h.prev = NULL;
  b->h.next = p->blocks;
  if (p->blocks != NULL)
    p->blocks->h.prev = b;
  p->blocks = b;
  p->used += charge;
  if (p->used > p->peak)
    p->peak = p->used;
  leave_allocator(p);
  return b + 1;
}

static void guarded_free(void *userdata, void *ptr)
{
  ac_parse *p = userdata;
  block *b;

  if (ptr == NULL)
    return;
  enter_allocator(p);
  b = (block *)ptr - 1;
  if (b->h.prev != NULL)
    b->h.prev->h.next = b->h.next;
  else
    p->blocks = b->h.next;
  if (b->h.next != NULL)
    b->h.next->h.prev = b->h.prev;
  p->used -= block_charge(b->h.size);
  free(b);
  leave_allocator(p);
}

static void free_blocks(ac_parse *p)
{
  block *b = p->blocks;

  while (b != NULL) {
    block *next = b->h.next;
    free(b);
    b = next;
  }
  p->blocks = NULL;
  p->used = 0;
}

static bool is_digit_of(unsigned char c, bool hex)
{
  if (c >= '0' && c <= '9')
    return true;
  return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

/*
 * Length of the digit run of a numeric character reference starting at
 * s[i] == '&', and whether its value is beyond Unicode (Gumbo's char_ref.c
 * accumulates it in an int, which overflows: undefined behaviour).
 */
static size_t numeric_ref_digits(const char *s, size_t len, size_t i, size_t *first,
                                 bool *hex, bool *too_big)
{
  size_t j = i + 2, n = 0;
  unsigned long value = 0;

  *hex = false;
  *too_big = false;
  if (j < len && (s[j] == 'x' || s[j] == 'X')) {
    *hex = true;
    j++;
  }
  *first = j;
  for (; j < len && is_digit_of((unsigned char)s[j], *hex); j++, n++) {
    unsigned char c = (unsigned char)s[j];
    unsigned d = c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
    if (!*too_big)
      value = value * (*hex ? 16 : 10) + d;
    if (value > 0x10FFFF)
      *too_big = true;
  }
  return n;
}

/*
 * Rewrite the digits of every numeric reference beyond U+10FFFF as a
 * zero-padded U+FFFD (what the HTML standard makes of it anyway), keeping its
 * length so byte offsets into the page stay exact. Such a run has at least 6
 * hex or 7 decimal digits, so "FFFD" or "65533" always fits. Returns a
 * malloc'd copy, or NULL when nothing needed rewriting (or out of memory:
 * *oom says which).
 */
static char *clamp_numeric_refs(const char *text, size_t len, bool *oom)
{
  char *copy = NULL;

  *oom = false;
  for (size_t i = 0; i + 2 < len; i++) {
    size_t first, n;
    bool hex, too_big;
    if (text[i] != '&' || text[i + 1] != '#')
      continue;
    n = numeric_ref_digits(text, len, i, &first, &hex, &too_big);
    if (too_big) {
      const char *repl = hex ? "FFFD" : "65533";
      size_t rl = strlen(repl);
      if (copy == NULL) {
        copy = malloc(len + 1);
        if (copy == NULL) {
          *oom = true;
          return NULL;
        }
        memcpy(copy, text, len);
        copy[len] = '\0';
      }
      memset(copy + first, '0', n - rl);
      memcpy(copy + first + n - rl, repl, rl);
    }
    i = first + n - 1;
  }
  return copy;
}

static void start_clock(ac_parse *p, double seconds)
{
  struct timespec now;
  double whole;

  p->has_deadline = seconds > 0;
  if (!p->has_deadline)
    return;
  if (seconds > 1e6)
    seconds = 1e6;
  clock_gettime(CLOCK_MONOTONIC, &now);
  whole = (double)(time_t)seconds;
  p->deadline.tv_sec = now.tv_sec + (time_t)whole;
  p->deadline.tv_nsec = now.tv_nsec + (long)((seconds - whole) * 1e9);
  if (p->deadline.tv_nsec >= 1000000000L) {
    p->deadline.tv_sec++;
    p->deadline.tv_nsec -= 1000000000L;
  }
}

static int breach_error(const ac_parse *p, const char *name, const ac_limits *limits,
                        ac_error *err)
{
  switch (p->breach) {
  case BREACH_MEMORY:
    return ac_error_set_file(err, AC_ECOMPLEX, name, 0, 0,
                             "page-too-complex: parsing needs more than the %zu-byte memory "
                             "budget (--max-memory)",
                             limits->max_memory);
  case BREACH_TIME:
    return ac_error_set_file(err, AC_ECOMPLEX, name, 0, 0,
                             "page-too-complex: parsing takes longer than %g s "
                             "(--max-parse-seconds)",
                             limits->max_parse_seconds);
  default:
    return ac_error_set_file(err, AC_ENOMEM, name, 0, 0, "out of memory while parsing");
  }
}

/* ---- the deadline signal ------------------------------------------------ */

/* The parse this thread is running under a timer, for the signal handler. */
static _Thread_local ac_parse *volatile timed_parse;

static void on_deadline(int sig)
{
  ac_parse *p = timed_parse;

  (void)sig;
  if (p == NULL || !past_deadline(p))
    return;   /* a signal of an earlier parse, delivered late */
  if (p->in_allocator) {
    p->late = 1;
    return;
  }
  p->breach = BREACH_TIME;
  siglongjmp(p->escape, 1);
}

static bool handler_installed;

static void install_handler(void)
{
  struct sigaction sa;

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_deadline;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  handler_installed = sigaction(DEADLINE_SIGNAL, &sa, NULL) == 0;
}

/* A one-shot timer that signals this thread at p->deadline; false when none can be made. */
static bool arm_timer(ac_parse *p, timer_t *timer)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  struct sigevent ev;
  struct itimerspec at;

  pthread_once(&once, install_handler);
  if (!handler_installed)
    return false;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_THREAD_ID;
  ev.sigev_signo = DEADLINE_SIGNAL;
  ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
  if (timer_create(CLOCK_MONOTONIC, &ev, timer) != 0)
    return false;
  memset(&at, 0, sizeof at);
  at.it_value = p->deadline;
  if (timer_settime(*timer, TIMER_ABSTIME, &at, NULL) != 0) {
    timer_delete(*timer);
    return false;
  }
  return true;
}

/*
 * Gumbo's frames between sigsetjmp and siglongjmp are abandoned; see the top
 * comment. The signal stays blocked until the timer and the variables the
 * cleanup reads are set, so a deadline already past when the timer is armed
 * cannot jump into a half-made state; then it is unblocked for the parse
 * (even in a thread that blocks signals) and the caller's mask comes back.
 */
static bool run_gumbo(ac_parse *p, const GumboOptions *opts, const char *text, size_t len)
{
  sigset_t deadline_only, old_mask;
  /* volatile: set between sigsetjmp and a jump back, read after it */
  timer_t volatile timer = 0;
  volatile bool timed = false, done = false;

  sigemptyset(&deadline_only);
  sigaddset(&deadline_only, DEADLINE_SIGNAL);
  pthread_sigmask(SIG_BLOCK, &deadline_only, &old_mask);
  if (sigsetjmp(p->escape, 1) == 0) {
    if (p->has_deadline) {
      timer_t t;
      timed_parse = p;
      if (arm_timer(p, &t)) {
        timer = t;
        timed = true;
      }
    }
    pthread_sigmask(SIG_UNBLOCK, &deadline_only, NULL);
    p->output = gumbo_parse_with_options(opts, text, len);
    done = true;
  }
  pthread_sigmask(SIG_BLOCK, &deadline_only, NULL);
  timed_parse = NULL;
  if (timed)
    timer_delete(timer);
  pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
  return done;
}

int ac_parse_html(ac_parse **out, const char *name, const char *text, size_t len,
                  const ac_limits *limits, ac_error *err)
{
  static const ac_limits defaults = AC_LIMITS_INIT;
  GumboOptions opts = kGumboDefaultOptions;
  ac_parse *p;
  bool oom;

  *out = NULL;
  if (limits == NULL)
    limits = &defaults;
  p = calloc(1, sizeof *p);
  if (p == NULL)
    return ac_error_set_file(err, AC_ENOMEM, name, 0, 0, "out of memory");
  p->copy = clamp_numeric_refs(text, len, &oom);
  if (oom) {
    free(p);
    return ac_error_set_file(err, AC_ENOMEM, name, 0, 0, "out of memory");
  }
  p->budget = limits->max_memory;
  opts.allocator = guarded_alloc;
  opts.deallocator = guarded_free;
  opts.userdata = p;
  opts.max_errors = limits->max_parse_errors > (unsigned)INT32_MAX
                        ? -1 : (int)limits->max_parse_errors;
  start_clock(p, limits->max_parse_seconds);
  if (!run_gumbo(p, &opts, p->copy != NULL ? p->copy : text, len)) {
    int rc = breach_error(p, name, limits, err);
    ac_parse_free(p);
    return rc;
  }
  *out = p;
  return AC_OK;
}

const GumboOutput *ac_parse_output(const ac_parse *p)
{
  return p->output;
}

size_t ac_parse_peak_bytes(const ac_parse *p)
{
  return p->peak;
}

size_t ac_parse_used_bytes(const ac_parse *p)
{
  return p->used;
}

void ac_parse_free(ac_parse *p)
{
  if (p == NULL)
    return;
  free_blocks(p);
  free(p->copy);
  free(p);
}
