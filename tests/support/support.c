#include "support.h"

#include <stdbool.h>

#include "attrcheck/report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *fixture_path(const char *rel)
{
  const char *root = getenv("AC_FIXTURES");
  size_t n;
  char *p;

  if (root == NULL)
    root = "fixtures";
  n = strlen(root) + strlen(rel) + 2;
  p = malloc(n);
  snprintf(p, n, "%s/%s", root, rel);
  return p;
}

char *read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0;

  if (f == NULL)
    return NULL;
  for (;;) {
    if (n + 4096 + 1 > cap) {
      cap = (n + 4096 + 1) * 2;
      buf = realloc(buf, cap);
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0)
      break;
  }
  fclose(f);
  buf[n] = '\0';
  if (len != NULL)
    *len = n;
  return buf;
}

int write_file(const char *path, const void *data, size_t len)
{
  FILE *f = fopen(path, "wb");

  if (f == NULL)
    return -1;
  if (fwrite(data, 1, len, f) != len) {
    fclose(f);
    return -1;
  }
  return fclose(f);
}

char *temp_dir(void)
{
  char tmpl[] = "/tmp/attrcheck-test-XXXXXX";
  char *d = mkdtemp(tmpl);

  return d == NULL ? NULL : strdup(d);
}

static char *slurp_fd(int fd)
{
  char *buf = NULL;
  size_t cap = 0, n = 0;

  for (;;) {
    if (n + 4096 + 1 > cap) {
      cap = (n + 4096 + 1) * 2;
      buf = realloc(buf, cap);
    }
    ssize_t got = read(fd, buf + n, cap - n - 1);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      break;
    n += (size_t)got;
  }
  buf[n] = '\0';
  return buf;
}

/*
 * Run argv (argv[0] looked up on PATH) as `o` says, capturing stderr (and
 * stdout unless `o` gives it a file) and the child's peak RSS.
 */
static run_result spawn(const char *const *argv, const run_opts *o)
{
  run_result r = {-1, NULL, NULL, 0};
  char out_tmpl[] = "/tmp/attrcheck-out-XXXXXX", err_tmpl[] = "/tmp/attrcheck-err-XXXXXX";
  char in_tmpl[] = "/tmp/attrcheck-in-XXXXXX";
  int out_fd = mkstemp(out_tmpl), err_fd = mkstemp(err_tmpl), in_fd = mkstemp(in_tmpl);
  struct rusage ru;

  if (o->stdin_data != NULL &&
      write(in_fd, o->stdin_data, o->stdin_len) != (ssize_t)o->stdin_len)
    return r;
  lseek(in_fd, 0, SEEK_SET);
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    if (o->fsize_limit > 0) {
      struct rlimit rl = {(rlim_t)o->fsize_limit, (rlim_t)o->fsize_limit};
      setrlimit(RLIMIT_FSIZE, &rl);
    }
    dup2(in_fd, 0);
    dup2(o->out_fd >= 0 ? o->out_fd : out_fd, 1);
    dup2(err_fd, 2);
    if (o->cwd != NULL && chdir(o->cwd) != 0)
      _exit(126);
    execvp(argv[0], (char *const *)argv);
    _exit(127);
  }
  int st = 0;
  if (wait4(pid, &st, 0, &ru) == pid)
    r.rss_kb = ru.ru_maxrss;
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  lseek(out_fd, 0, SEEK_SET);
  lseek(err_fd, 0, SEEK_SET);
  r.out = slurp_fd(out_fd);
  r.err = slurp_fd(err_fd);
  /* A sanitizer report in the child goes to the test's own stderr, where ctest looks. */
  if (strstr(r.err, "Sanitizer") != NULL || strstr(r.err, "runtime error:") != NULL)
    fprintf(stderr, "child %s reported:\n%s\n", argv[0], r.err);
  close(out_fd);
  close(err_fd);
  close(in_fd);
  unlink(out_tmpl);
  unlink(err_tmpl);
  unlink(in_tmpl);
  return r;
}

run_result run_cli_opts(const char *const *argv, const run_opts *o)
{
  size_t argc = 0;
  run_result r;

  while (argv[argc] != NULL)
    argc++;
  const char **args = calloc(argc + 2, sizeof *args);
  if (args == NULL)
    return (run_result){-1, NULL, NULL, 0};
  args[0] = getenv("AC_CLI");
  memcpy(args + 1, argv, argc * sizeof *argv);
  r = spawn(args, o);
  free(args);
  return r;
}

run_result run_cli_in(const char *cwd, const char *const *argv, const char *stdin_data,
                      size_t stdin_len)
{
  run_opts o = RUN_OPTS_INIT;

  o.cwd = cwd;
  o.stdin_data = stdin_data;
  o.stdin_len = stdin_len;
  return run_cli_opts(argv, &o);
}

run_result run_cli(const char *const *argv, const char *stdin_data, size_t stdin_len)
{
  return run_cli_in(NULL, argv, stdin_data, stdin_len);
}

void run_result_free(run_result *r)
{
  free(r->out);
  free(r->err);
  r->out = r->err = NULL;
}

int count_lines_with(const char *text, const char *needle)
{
  int n = 0;
  const char *line = text;

  while (line != NULL && *line != '\0') {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    const char *hit = strstr(line, needle);
    if (hit != NULL && (size_t)(hit - line) < len)
      n++;
    line = end ? end + 1 : NULL;
  }
  return n;
}

run_result run_program_in(const char *cwd, const char *const *argv)
{
  run_opts o = RUN_OPTS_INIT;

  o.cwd = cwd;
  return spawn(argv, &o);
}

void put_file_at(const char *root, const char *rel, const char *text)
{
  char path[4096];

  snprintf(path, sizeof path, "%s/%s", root, rel);
  for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
    *p = '\0';
    mkdir(path, 0755);
    *p = '/';
  }
  write_file(path, text, strlen(text));
}

void put_fixture_at(const char *root, const char *rel, const char *fixture)
{
  char *src = fixture_path(fixture), *text = read_file(src, NULL);

  put_file_at(root, rel, text != NULL ? text : "");
  free(text);
  free(src);
}

/* The cell of `column` in the first data row (handles quoted cells). malloc'd. */
char *csv_cell(const char *csv, const char *column)
{
  char header[] = AC_CSV_HEADER, *tok, *save = NULL;
  const char *row = strchr(csv, '\n');
  int idx = 0;
  FILE *m;
  char *buf = NULL;
  size_t len = 0;

  for (tok = strtok_r(header, ",", &save); tok; tok = strtok_r(NULL, ",", &save), idx++)
    if (strcmp(tok, column) == 0)
      break;
  if (tok == NULL || row == NULL)
    return NULL;
  row++;
  m = open_memstream(&buf, &len);
  for (int i = 0; i <= idx; i++) {
    bool quoted = *row == '"', take = i == idx;
    if (quoted)
      row++;
    while (*row != '\0') {
      if (quoted && row[0] == '"' && row[1] == '"') {
        if (take)
          fputc('"', m);
        row += 2;
        continue;
      }
      if (quoted ? *row == '"' : (*row == ',' || *row == '\r' || *row == '\n'))
        break;
      if (take)
        fputc(*row, m);
      row++;
    }
    row += quoted;        /* the closing quote */
    if (*row == ',')
      row++;
  }
  fclose(m);
  return buf;
}
