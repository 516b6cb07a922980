/*
 * Input discovery: directories are walked recursively in byte order of names,
 * so the same tree always gives the same report. Symbolic links are skipped
 * unless --follow; then a directory already on the current path is a loop.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char *const default_include[] = {"*.html", "*.htm", "*.xhtml"};

typedef struct dir_id {
  dev_t dev;
  ino_t ino;
} dir_id;

typedef struct walk {
  const cli_walk_options *opts;
  size_t root_len;      /* length of the directory argument being walked, with its slash */
  cli_inputs *out;
  dir_id *stack;        /* directories on the current path, for loop detection */
  size_t depth, cap;
} walk;

static int input_add(cli_inputs *in, const char *path, size_t rel, cli_input_kind kind,
                     const char *why)
{
  cli_input *item;

  if (in->count == in->cap) {
    size_t ncap = in->cap ? in->cap * 2 : 64;
    cli_input *grown = realloc(in->items, ncap * sizeof *grown);
    if (grown == NULL)
      return AC_ENOMEM;
    in->items = grown;
    in->cap = ncap;
  }
  item = &in->items[in->count];
  memset(item, 0, sizeof *item);
  item->path = strdup(path);
  if (item->path == NULL)
    return AC_ENOMEM;
  item->kind = kind;
  item->rel = rel;
  if (why != NULL)
    ac_error_set(&item->err, kind == CLI_INPUT_FAILED ? AC_EIO : AC_EINVALID, "%s: %s", path,
                 why);
  in->count++;
  return AC_OK;
}

/*
 * Like .gitignore: a pattern with a slash matches the path below the
 * directory argument (news/<star> is that subtree), one without matches the name.
 */
static bool glob_any(const char *const *globs, size_t n, const walk *w, const char *path)
{
  const char *base = strrchr(path, '/');
  const char *rel = strlen(path) >= w->root_len ? path + w->root_len : path;

  base = base ? base + 1 : path;
  for (size_t i = 0; i < n; i++) {
    const char *subject = strchr(globs[i], '/') ? rel : base;
    if (fnmatch(globs[i], subject, 0) == 0)
      return true;
  }
  return false;
}

static bool excluded(const walk *w, const char *path)
{
  return glob_any(w->opts->exclude, w->opts->n_exclude, w, path);
}

static bool wanted(const walk *w, const char *path)
{
  const cli_walk_options *o = w->opts;
  bool inc = o->n_include ? glob_any(o->include, o->n_include, w, path)
                          : glob_any(default_include, AC_COUNT(default_include), w, path);

  return inc && !excluded(w, path);
}

static int cmp_names(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_path(walk *w, const char *path, bool top);

static void names_free(char **names, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

/* A directory's entries sorted by name; -1 with errno set (ENOMEM too: never half a listing). */
static int read_sorted(const char *dir, char ***names, size_t *n)
{
  DIR *d = opendir(dir);
  size_t cap = 0;
  struct dirent *e;

  *names = NULL;
  *n = 0;
  if (d == NULL)
    return -1;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 32;
      char **grown = realloc(*names, cap * sizeof *grown);
      if (grown == NULL)
        goto nomem;
      *names = grown;
    }
    if (((*names)[*n] = strdup(e->d_name)) == NULL)
      goto nomem;
    (*n)++;
  }
  closedir(d);
  qsort(*names, *n, sizeof **names, cmp_names);
  return 0;
nomem:
  closedir(d);
  names_free(*names, *n);
  *names = NULL;
  *n = 0;
  errno = ENOMEM;
  return -1;
}

static int stack_push(walk *w, const struct stat *st)
{
  if (w->depth == w->cap) {
    size_t ncap = w->cap ? w->cap * 2 : 16;
    dir_id *grown = realloc(w->stack, ncap * sizeof *grown);
    if (grown == NULL)
      return AC_ENOMEM;
    w->stack = grown;
    w->cap = ncap;
  }
  w->stack[w->depth].dev = st->st_dev;
  w->stack[w->depth].ino = st->st_ino;
  w->depth++;
  return AC_OK;
}

static int walk_children(walk *w, const char *path, char **names, size_t n)
{
  bool slash = path[strlen(path) - 1] == '/';
  int rc = AC_OK;

  for (size_t i = 0; i < n && rc == AC_OK; i++) {
    size_t len = strlen(path) + strlen(names[i]) + 2;
    char *child = malloc(len);
    if (child == NULL)
      return AC_ENOMEM;
    snprintf(child, len, slash ? "%s%s" : "%s/%s", path, names[i]);
    rc = walk_path(w, child, false);
    free(child);
  }
  return rc;
}

static int walk_dir(walk *w, const char *path, const struct stat *st)
{
  char **names;
  size_t n;
  int rc;

  for (size_t i = 0; i < w->depth; i++)
    if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino)
      return input_add(w->out, path, w->root_len, CLI_INPUT_SKIPPED,
                       "symbolic link loop, not followed");
  if (read_sorted(path, &names, &n) < 0)
    return input_add(w->out, path, w->root_len, CLI_INPUT_FAILED, strerror(errno));
  rc = stack_push(w, st);
  if (rc == AC_OK) {
    rc = walk_children(w, path, names, n);
    w->depth--;
  }
  names_free(names, n);
  return rc;
}

static int walk_path(walk *w, const char *path, bool top)
{
  struct stat lst, st;

  if (lstat(path, &lst) < 0)
    return input_add(w->out, path, w->root_len, CLI_INPUT_FAILED, strerror(errno));
  if (S_ISLNK(lst.st_mode) && !w->opts->follow && !top) {
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && wanted(w, path))
      return input_add(w->out, path, w->root_len, CLI_INPUT_SKIPPED, "symbolic link, not followed (--follow)");
    return AC_OK;
  }
  if (stat(path, &st) < 0)
    return input_add(w->out, path, w->root_len, CLI_INPUT_FAILED,
                     errno == ENOENT && S_ISLNK(lst.st_mode) ? "dangling symbolic link"
                                                             : strerror(errno));
  if (S_ISDIR(st.st_mode))
    return !top && excluded(w, path) ? AC_OK : walk_dir(w, path, &st);
  if (!top && !wanted(w, path))
    return AC_OK;
  if (S_ISREG(st.st_mode))
    return input_add(w->out, path, w->root_len, CLI_INPUT_FILE, NULL);
  return input_add(w->out, path, w->root_len, CLI_INPUT_SKIPPED,
                   S_ISFIFO(st.st_mode) ? "a FIFO, not a page" : "a device or socket, not a page");
}

/* A directory argument's length with its trailing slash; a file's, up to its name. */
static size_t root_length(const char *path)
{
  struct stat st;
  const char *slash;
  size_t n = strlen(path);

  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    return path[n - 1] == '/' ? n : n + 1;
  slash = strrchr(path, '/');
  return slash ? (size_t)(slash - path) + 1 : 0;
}

int cli_collect(const char *const *paths, size_t n, const cli_walk_options *opts,
                cli_inputs *out)
{
  walk w = {opts, 0, out, NULL, 0, 0};
  int rc = AC_OK;

  for (size_t i = 0; i < n && rc == AC_OK; i++) {
    if (strcmp(paths[i], "-") == 0)
      rc = input_add(out, "-", 0, CLI_INPUT_FILE, NULL);
    else {
      w.root_len = root_length(paths[i]);
      rc = walk_path(&w, paths[i], true);
    }
  }
  free(w.stack);
  return rc;
}

void cli_inputs_dispose(cli_inputs *in)
{
  for (size_t i = 0; i < in->count; i++)
    free(in->items[i].path);
  free(in->items);
  in->items = NULL;
  in->count = in->cap = 0;
}
