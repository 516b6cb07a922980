#include "file.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attrcheck/error.h"

/*
 * The temporaries of the writes under way, for ac_atomic_remove_temporaries()
 * in a signal handler: lock-free atomic pointers are async-signal-safe (C11
 * 7.14.1.1), and the handler only reads them and calls unlink(2). A write
 * past the slots still works; only its temporary would outlive a signal.
 */
#define LIVE_SLOTS 16
static _Atomic(char *) live[LIVE_SLOTS];

static void live_add(char *tmp)
{
  for (size_t i = 0; i < LIVE_SLOTS; i++) {
    char *expected = NULL;
    if (atomic_compare_exchange_strong(&live[i], &expected, tmp))
      return;
  }
}

static void live_remove(const char *tmp)
{
  for (size_t i = 0; tmp != NULL && i < LIVE_SLOTS; i++) {
    char *expected = (char *)tmp;
    if (atomic_compare_exchange_strong(&live[i], &expected, NULL))
      return;
  }
}

void ac_atomic_remove_temporaries(void)
{
  for (size_t i = 0; i < LIVE_SLOTS; i++) {
    char *tmp = atomic_load(&live[i]);
    if (tmp != NULL)
      unlink(tmp);
  }
}

int ac_read_stream(FILE *f, size_t limit, unsigned char **out, size_t *out_len)
{
  size_t cap = 65536, len = 0;
  unsigned char *buf = malloc(cap + 1);

  *out = NULL;
  if (buf == NULL)
    return AC_ENOMEM;
  for (;;) {
    if (len == cap) {
      unsigned char *grown = realloc(buf, cap * 2 + 1);
      if (grown == NULL) {
        free(buf);
        return AC_ENOMEM;
      }
      buf = grown;
      cap *= 2;
    }
    size_t want = cap - len;
    size_t got = fread(buf + len, 1, want, f);
    len += got;
    if (len > limit) {
      free(buf);
      return AC_ELIMIT;
    }
    if (got < want)
      break;
  }
  if (ferror(f)) {
    int e = errno;
    free(buf);
    errno = e;
    return AC_EIO;
  }
  buf[len] = '\0';
  *out = buf;
  *out_len = len;
  return AC_OK;
}

/*
 * The temporary sits beside the target so rename() stays within one file
 * system and is atomic (POSIX rename); O_EXCL with a pid and a counter keeps
 * concurrent writers apart. open() with 0666 lets the umask decide.
 */
static int open_temp(ac_atomic *a)
{
  const char *slash = strrchr(a->target, '/');
  size_t dirlen = slash != NULL ? (size_t)(slash - a->target + 1) : 0;
  size_t need = strlen(a->target) + 64;
  int fd = -1;

  a->tmp = malloc(need);
  if (a->tmp == NULL)
    return -1;
  /* Known to the signal handler before the file exists, so no signal can come
   * between its creation and its registration; at worst the handler unlinks
   * a name that is not there yet, or one of our own names an earlier attempt
   * found taken (a stale temporary of a dead process with this pid). */
  snprintf(a->tmp, need, "%.*s.%s.tmp-%ld-0", (int)dirlen, a->target, a->target + dirlen,
           (long)getpid());
  live_add(a->tmp);
  for (unsigned attempt = 0; fd < 0 && attempt < 100; attempt++) {
    snprintf(a->tmp, need, "%.*s.%s.tmp-%ld-%u", (int)dirlen, a->target, a->target + dirlen,
             (long)getpid(), attempt);
    fd = open(a->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST)
      break;
  }
  if (fd >= 0 && (a->f = fdopen(fd, "w")) == NULL) {
    close(fd);
    unlink(a->tmp);
    fd = -1;
  }
  if (fd < 0) {
    int e = errno;
    live_remove(a->tmp);
    free(a->tmp);
    a->tmp = NULL;
    errno = e;
    return -1;
  }
  return 0;
}

/* A device or FIFO cannot be replaced by rename: that would put a file where it was. */
static int open_in_place(ac_atomic *a)
{
  int fd = open(a->target, O_WRONLY | O_CLOEXEC);

  if (fd < 0)
    return -1;
  if ((a->f = fdopen(fd, "w")) == NULL) {
    close(fd);
    return -1;
  }
  return 0;
}

int ac_atomic_open(ac_atomic *a, const char *path)
{
  struct stat lst, st;
  bool exists = lstat(path, &lst) == 0;
  bool dangling = exists && stat(path, &st) != 0;      /* a link to nothing is replaced */
  bool regular_or_new = !exists || dangling || S_ISREG(lst.st_mode);
  bool link_to_file = !regular_or_new && S_ISREG(st.st_mode);
  int rc;

  memset(a, 0, sizeof *a);
  /* A link is replaced itself: a link committed at a CI -o path must not make
   * the report overwrite whatever it points to. */
  a->target = strdup(path);
  if (a->target == NULL)
    return -1;
  rc = regular_or_new || link_to_file ? open_temp(a) : open_in_place(a);
  /* Replacing a file keeps its permissions: a private 0600 baseline stays private. */
  if (rc == 0 && a->tmp != NULL && exists && !dangling)
    fchmod(fileno(a->f), (S_ISREG(lst.st_mode) ? lst.st_mode : st.st_mode) & 07777);
  if (rc < 0) {
    int e = errno;
    free(a->target);
    a->target = NULL;
    errno = e;
  }
  return rc;
}

/*
 * fsync before rename: after a crash the name points at the whole file or
 * at the previous one, never at a truncated one. A device or FIFO written in
 * place may not support fsync (EINVAL).
 */
int ac_atomic_commit(ac_atomic *a)
{
  FILE *f = a->f;
  int e = 0;

  a->f = NULL;
  if (fflush(f) != 0 || ferror(f))
    e = errno != 0 ? errno : EIO;
  if (e == 0 && fsync(fileno(f)) != 0 && (a->tmp != NULL || errno != EINVAL))
    e = errno;
  if (fclose(f) != 0 && e == 0)
    e = errno;
  if (e == 0 && a->tmp != NULL && rename(a->tmp, a->target) != 0)
    e = errno;
  if (e == 0) {                /* renamed: there is no temporary left to remove */
    live_remove(a->tmp);
    free(a->tmp);
    a->tmp = NULL;
  }
  ac_atomic_abort(a);
  errno = e;
  return e == 0 ? 0 : -1;
}

void ac_atomic_abort(ac_atomic *a)
{
  if (a->f != NULL)
    fclose(a->f);
  a->f = NULL;
  if (a->tmp != NULL)
    unlink(a->tmp);
  live_remove(a->tmp);
  free(a->tmp);
  free(a->target);
  a->tmp = a->target = NULL;
}
