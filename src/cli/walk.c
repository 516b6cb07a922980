/*
 * Input discovery: directories are walked recursively in byte order of names,
 * so the same tree always gives the same report. Symbolic links are skipped
 * unless --follow (and then only to inside the project root, unless
 * --follow-anywhere); a directory already on the current path is a loop.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char *const default_include[] = {"*.html", "*.htm", "*.xhtml", "*.md",
                                              "*.markdown"};

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
  size_t n_files, n_dirs;  /* pages and folders excludes left out of this argument */
  const char *first_glob, *other_glob;  /* the exclude that left out the first, another one */
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
    ac_error_set_file(&item->err, kind == CLI_INPUT_FAILED ? AC_EIO : AC_EINVALID, path, 0, 0, "%s",
                      why);
  in->count++;
  return AC_OK;
}

/* True when a component of `path` other than "." or ".." matches `glob`. */
static bool any_component(const char *glob, const char *path)
{
  char name[NAME_MAX + 1];

  while (*path != '\0') {
    size_t n = strcspn(path, "/");
    if (n > 0 && n <= NAME_MAX && strncmp(path, "..", n) != 0) {
      memcpy(name, path, n);
      name[n] = '\0';
      if (fnmatch(glob, name, 0) == 0)
        return true;
    }
    path += path[n] ? n + 1 : n;
  }
  return false;
}

/* The page's path below the project root; NULL when outside it or there is no root. */
static char *below_root(const walk *w, const char *path)
{
  bool inside = false;
  char *rel = w->opts->root ? cli_root_relative(w->opts->root, path, &inside) : NULL;

  if (!inside) {
    free(rel);
    return NULL;
  }
  return rel;
}

/*
 * Like .gitignore: a glob with a slash matches the path below the project
 * root (content/news/<star> is that subtree), however the tool was called:
 * `check .`, `check content`, `cd content && check .` or named files agree.
 * Only a page outside the root uses its path below the directory argument.
 * A glob without a slash matches the name. `every_name`: any component's
 * name, for a file named on the command line (pre-commit names
 * node_modules/x/a.html). Returns the first glob that matches, or NULL.
 */
static const char *glob_hit(const char *const *globs, size_t n, const walk *w,
                            const char *path, bool every_name)
{
  const char *base = strrchr(path, '/');
  const char *rel = strlen(path) >= w->root_len ? path + w->root_len : path;
  /* Folders above the argument count only inside the project: --exclude tmp must not
   * skip /tmp/site/a.html. A directory argument's own path is then "". */
  const char *below = strlen(path) >= w->root_len ? path + w->root_len : "";
  const char *hit = NULL;
  char *root_rel = NULL;
  bool rooted = false;

  base = base ? base + 1 : path;
  for (size_t i = 0; i < n && hit == NULL; i++) {
    bool slash = strchr(globs[i], '/') != NULL;
    if ((slash || every_name) && !rooted) {
      root_rel = below_root(w, path);
      rooted = true;
    }
    if (!slash && (every_name ? any_component(globs[i], root_rel ? root_rel : below)
                              : fnmatch(globs[i], base, 0) == 0))
      hit = globs[i];
    else if (slash && fnmatch(globs[i], root_rel ? root_rel : rel, 0) == 0)
      hit = globs[i];
  }
  free(root_rel);
  return hit;
}

/* Counted, so that "no pages to check" can say an exclude is why. */
static bool excluded(walk *w, const char *path, size_t *count)
{
  const char *glob = glob_hit(w->opts->exclude, w->opts->n_exclude, w, path, false);

  if (glob == NULL)
    return false;
  (*count)++;
  if (w->first_glob == NULL)
    w->first_glob = glob;
  else if (strcmp(glob, w->first_glob) != 0 && w->other_glob == NULL)
    w->other_glob = glob;
  return true;
}

static bool included(const walk *w, const char *path)
{
  const cli_walk_options *o = w->opts;

  return o->n_include ? glob_hit(o->include, o->n_include, w, path, false) != NULL
                      : glob_hit(default_include, AC_COUNT(default_include), w, path,
                                 false) != NULL;
}

static bool wanted(walk *w, const char *path)
{
  return included(w, path) && !excluded(w, path, &w->n_files);
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
  if (*n > 1)                       /* an empty directory has no array at all */
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

/* "." or "./": its children are named "content/a.html", as `check content` names them. */
static bool is_dot(const char *path)
{
  return strcmp(path, ".") == 0 || strcmp(path, "./") == 0;
}

static int walk_children(walk *w, const char *path, char **names, size_t n)
{
  bool slash = path[strlen(path) - 1] == '/';
  const char *parent = is_dot(path) ? "" : path;
  int rc = AC_OK;

  for (size_t i = 0; i < n && rc == AC_OK; i++) {
    /* A file "-" in "." stays "./-": "-" alone is standard input. */
    bool dash = *parent == '\0' && strcmp(names[i], "-") == 0;
    size_t len = strlen(parent) + strlen(names[i]) + 3, root_len = w->root_len;
    char *child = malloc(len);
    if (child == NULL)
      return AC_ENOMEM;
    if (dash)
      snprintf(child, len, "./%s", names[i]);
    else
      snprintf(child, len, slash || *parent == '\0' ? "%s%s" : "%s/%s", parent, names[i]);
    w->root_len = dash ? 2 : root_len;
    rc = walk_path(w, child, false);
    w->root_len = root_len;
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

/*
 * --follow stays inside the project root (the current directory without
 * one) unless --follow-anywhere: a link committed to a repository must not
 * make a CI run read /etc/passwd or the runner's secrets as a page.
 */
static bool link_allowed(const walk *w, const char *path)
{
  char *real, *cwd = NULL;
  const char *root = w->opts->root;
  size_t n;
  bool inside;

  if (w->opts->follow_anywhere)
    return true;
  real = realpath(path, NULL);
  if (real == NULL)
    return true;                    /* dangling or a loop: reported as such */
  if (root == NULL)
    root = cwd = cli_project_root(NULL);
  n = root != NULL ? strlen(root) : 0;
  inside = root != NULL && strncmp(real, root, n) == 0 &&
           (real[n] == '/' || real[n] == '\0' || strcmp(root, "/") == 0);
  free(real);
  free(cwd);
  return inside;
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
  if (S_ISLNK(lst.st_mode) && !top && !link_allowed(w, path)) {
    if (stat(path, &st) == 0 && (S_ISDIR(st.st_mode) || wanted(w, path)))
      return input_add(w->out, path, w->root_len, CLI_INPUT_SKIPPED,
                       "symbolic link to outside the project root, not followed "
                       "(--follow-anywhere)");
    return AC_OK;
  }
  if (stat(path, &st) < 0)
    return input_add(w->out, path, w->root_len, CLI_INPUT_FAILED,
                     errno == ENOENT && S_ISLNK(lst.st_mode) ? "dangling symbolic link"
                                                             : strerror(errno));
  if (S_ISDIR(st.st_mode))
    return !top && excluded(w, path, &w->n_dirs) ? AC_OK : walk_dir(w, path, &st);
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

  if (is_dot(path))                 /* its children are "content/a.html" */
    return 0;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    return path[n - 1] == '/' ? n : n + 1;
  slash = strrchr(path, '/');
  return slash ? (size_t)(slash - path) + 1 : 0;
}

/* "DIR: no pages to check (looking for *.html, …)": a gate must not pass on nothing. */
static size_t files_since(const cli_inputs *in, size_t from)
{
  size_t n = 0;

  for (size_t i = from; i < in->count; i++)
    n += in->items[i].kind == CLI_INPUT_FILE;
  return n;
}

/* "; 3 files excluded by vendor/<star>": without it an exclude looks like a missing page. */
static void excluded_part(const walk *w, char *why, size_t size)
{
  size_t len = strlen(why);

  if (w->n_files + w->n_dirs == 0)
    return;
  snprintf(why + len, size - len, "; ");
  if (w->n_files > 0) {
    len = strlen(why);
    snprintf(why + len, size - len, "%zu file%s%s", w->n_files, w->n_files == 1 ? "" : "s",
             w->n_dirs > 0 ? " and " : "");
  }
  if (w->n_dirs > 0) {
    len = strlen(why);
    snprintf(why + len, size - len, "%zu director%s", w->n_dirs, w->n_dirs == 1 ? "y" : "ies");
  }
  len = strlen(why);
  snprintf(why + len, size - len, " excluded by %s%s", w->first_glob,
           w->other_glob ? " and other excludes" : "");
}

static int no_pages(walk *w, const char *dir)
{
  const cli_walk_options *o = w->opts;
  const char *const *globs = o->n_include ? o->include : default_include;
  size_t n = o->n_include ? o->n_include : AC_COUNT(default_include), len = 0;
  char why[512];

  snprintf(why, sizeof why, "no %s to check (looking for ", o->what ? o->what : "pages");
  for (size_t i = 0; i < n; i++) {
    len = strlen(why);
    snprintf(why + len, sizeof why - len, "%s%s", i ? ", " : "", globs[i]);
  }
  excluded_part(w, why, sizeof why);
  len = strlen(why);
  snprintf(why + len, sizeof why - len, ")");
  return input_add(w->out, dir, w->root_len, CLI_INPUT_FAILED, why);
}

typedef struct seen {
  char *key;        /* the real path of a file; the path as given otherwise */
  size_t at;        /* its place in the inputs */
} seen;

static int cmp_seen(const void *a, const void *b)
{
  const seen *x = a, *y = b;
  int c = strcmp(x->key, y->key);

  return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* Overlapping arguments (content content/a.html) name a page twice: keep the first. */
static int dedupe(cli_inputs *in)
{
  size_t n = in->count, kept = 0;
  seen *s = calloc(n ? n : 1, sizeof *s);
  bool *drop = calloc(n ? n : 1, sizeof *drop);
  int rc = s && drop ? AC_OK : AC_ENOMEM;

  for (size_t i = 0; i < n && rc == AC_OK; i++) {
    const cli_input *item = &in->items[i];
    s[i].at = i;
    /* stdin is "-" whatever a file named "-" in this directory resolves to */
    bool file = item->kind == CLI_INPUT_FILE && strcmp(item->path, "-") != 0;
    s[i].key = file ? realpath(item->path, NULL) : NULL;
    if (s[i].key == NULL && (s[i].key = strdup(item->path)) == NULL)
      rc = AC_ENOMEM;
  }
  if (rc == AC_OK) {
    if (n > 1)
      qsort(s, n, sizeof *s, cmp_seen);
    for (size_t i = 1; i < n; i++)   /* "-" twice is refused later, not merged */
      drop[s[i].at] = strcmp(s[i].key, s[i - 1].key) == 0 && strcmp(s[i].key, "-") != 0;
    for (size_t i = 0; i < n; i++) {
      if (drop[i])
        free(in->items[i].path);
      else
        in->items[kept++] = in->items[i];
    }
    in->count = kept;
  }
  for (size_t i = 0; s != NULL && i < n; i++)
    free(s[i].key);
  free(s);
  free(drop);
  return rc;
}

int cli_collect(const char *const *paths, size_t n, const cli_walk_options *opts,
                cli_inputs *out)
{
  walk w = {opts, 0, out, NULL, 0, 0};
  int rc = AC_OK;

  for (size_t i = 0; i < n && rc == AC_OK; i++) {
    size_t before = out->count;
    struct stat st;
    const char *glob;
    if (strcmp(paths[i], "-") == 0) {
      rc = input_add(out, "-", 0, CLI_INPUT_FILE, NULL);
      continue;
    }
    w.root_len = root_length(paths[i]);
    w.n_files = w.n_dirs = 0;
    w.first_glob = w.other_glob = NULL;
    /* Named on the command line (as pre-commit does) inside an excluded folder: skipped
     * too; but a missing file is an error whatever its name (walk_path says so). */
    if (lstat(paths[i], &st) == 0 &&
        (glob = glob_hit(opts->exclude, opts->n_exclude, &w, paths[i], true)) != NULL) {
      cli_notef("%s: skipped, matches exclude %s", paths[i], glob);
      continue;
    }
    rc = walk_path(&w, paths[i], true);
    /* A gate must not pass on nothing: skipped symlinks and FIFOs are not pages. */
    if (rc == AC_OK && files_since(out, before) == 0 && stat(paths[i], &st) == 0 &&
        S_ISDIR(st.st_mode))
      rc = no_pages(&w, paths[i]);
  }
  free(w.stack);
  return rc == AC_OK ? dedupe(out) : rc;
}

void cli_inputs_dispose(cli_inputs *in)
{
  for (size_t i = 0; i < in->count; i++)
    free(in->items[i].path);
  free(in->items);
  in->items = NULL;
  in->count = in->cap = 0;
}
