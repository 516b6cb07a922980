/* Test support: fixture paths, running the CLI, reading files. */
#ifndef AC_TEST_SUPPORT_H
#define AC_TEST_SUPPORT_H

#include <stddef.h>

typedef struct run_result {
  int status;      /* exit status; 128+N when killed by signal N */
  char *out;       /* stdout, NUL-terminated, malloc'd */
  char *err;       /* stderr */
  long rss_kb;     /* the child's peak resident set (wait4) */
} run_result;

/** How run_cli_opts() runs the CLI; RUN_OPTS_INIT is what run_cli() uses. */
typedef struct run_opts {
  const char *cwd;              /* NULL: here */
  const char *stdin_data;       /* NULL: empty */
  size_t stdin_len;
  int out_fd;                   /* the child's stdout; -1: captured into `out` */
  long fsize_limit;             /* RLIMIT_FSIZE in bytes for the child; 0: none */
} run_opts;
#define RUN_OPTS_INIT {NULL, NULL, 0, -1, 0}

/** Run the CLI with argv (without argv[0]) as `o` says; captures what it prints. */
run_result run_cli_opts(const char *const *argv, const run_opts *o);

/** $AC_FIXTURES/rel as a malloc'd path. */
char *fixture_path(const char *rel);
/** Read a whole file; NULL when it cannot be read. `len` may be NULL. */
char *read_file(const char *path, size_t *len);
/** Write bytes to a file; 0 on success. */
int write_file(const char *path, const void *data, size_t len);
/** A fresh temporary directory, malloc'd. */
char *temp_dir(void);
/**
 * Run the attrcheck CLI with argv (NULL-terminated, without argv[0]) and
 * optional stdin bytes; captures stdout and stderr.
 */
run_result run_cli(const char *const *argv, const char *stdin_data, size_t stdin_len);
/** Run the CLI from within `cwd`. */
run_result run_cli_in(const char *cwd, const char *const *argv, const char *stdin_data,
                      size_t stdin_len);
void run_result_free(run_result *r);
/** Count lines of `text` that contain `needle`. */
int count_lines_with(const char *text, const char *needle);
/**
 * Run any program (argv[0], looked up on PATH; argv NULL-terminated) from
 * within `cwd` (NULL: here), stdin from /dev/null; captures stdout and stderr.
 */
run_result run_program_in(const char *cwd, const char *const *argv);
/** Write `text` to root/rel, making the directories on the way. */
void put_file_at(const char *root, const char *rel, const char *text);
/** Copy fixture `fixture` ($AC_FIXTURES/fixture) to root/rel, directories made. */
void put_fixture_at(const char *root, const char *rel, const char *fixture);

/**
 * The cell of `column` (an AC_CSV_HEADER name) in the first data row of an
 * audit CSV, unquoted; malloc'd. NULL when there is no such column or row.
 */
char *csv_cell(const char *csv, const char *column);

#endif
