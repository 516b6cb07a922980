/* The command-line tool: a thin layer over the public API. Only src/cli prints. */
#ifndef AC_CLI_H
#define AC_CLI_H

#include <stdio.h>

#include "attrcheck.h"

enum { CLI_EXIT_CLEAN = 0, CLI_EXIT_FINDINGS = 1, CLI_EXIT_FAILED = 2 };

typedef struct cli_cmd {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *summary;
} cli_cmd;

int cmd_check(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_fingerprint(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/**
 * `check --sign`: sign the finished report file with the private key, writing
 * REPORT.sig (cmd_report.c). Prints why on failure; returns an exit status.
 */
int cli_sign_report(const char *report, const char *key, const ac_rules *rules,
                    const char *index);

/**
 * Handle SIGINT, SIGTERM and SIGHUP by removing unfinished reports' and
 * baselines' temporaries, then dying by the signal; ignore SIGXFSZ so a
 * write over `ulimit -f` fails with EFBIG and is reported (exit 2).
 */
void cli_signals_init(void);

/** "attrcheck: <message>" on stderr. */
void cli_errorf(const char *fmt, ...) AC_PRINTF(1, 2);
/** "attrcheck: <err->msg>" on stderr. */
void cli_print_error(const ac_error *err);
/** "attrcheck: note: <message>" on stderr, unless quiet. */
void cli_notef(const char *fmt, ...) AC_PRINTF(1, 2);
extern bool cli_quiet;

/**
 * Edit distance between two words: insertions, deletions, substitutions and
 * swaps of neighbours (optimal string alignment), in bytes. Words longer than
 * 64 bytes are never near anything (SIZE_MAX), so bad input costs nothing.
 */
size_t cli_edit_distance(const char *a, const char *b);

/**
 * "Did you mean": offer every valid word in turn; `best` is the nearest one
 * close enough to be a typo of `word` (a third of its letters at most), or
 * one that `word` begins (warn -> warning). NULL when none is.
 */
typedef struct cli_nearest {
  const char *word;         /* what was typed */
  const char *best;         /* borrowed from the caller's candidates */
  size_t distance;
} cli_nearest;

void cli_nearest_init(cli_nearest *n, const char *word);
void cli_nearest_offer(cli_nearest *n, const char *candidate);

/** "; did you mean 'PREFIX<best>'?" in buf, or "" when nothing is near. Returns buf. */
char *cli_did_you_mean(const cli_nearest *n, const char *prefix, char *buf, size_t size);

/**
 * After getopt_long() (run with opterr = 0 and a short option string that
 * starts with ':') returned '?' or ':' (`c`): says which option was unknown
 * (and the nearest one), ambiguous, or missing its value, prefixed
 * "attrcheck: CMD: ". Returns CLI_EXIT_FAILED.
 */
struct option;
int cli_option_error(const char *cmd, const struct option *opts, char *const *argv, int c);

/**
 * "attrcheck: CMD: invalid value 'V' for --OPT (expected a, b or c; did you
 * mean 'b'?)" for an enumerated option; `valid` ends with NULL. Returns
 * CLI_EXIT_FAILED.
 */
int cli_bad_choice(const char *cmd, const char *opt, const char *value,
                   const char *const *valid);

/**
 * Flush stdout and tell whether all the command wrote reached it: CLI_EXIT_CLEAN,
 * else CLI_EXIT_FAILED after "attrcheck: writing standard output: <reason>" on
 * stderr (once per run), with no message when the reader closed the pipe.
 */
int cli_stdout_check(void);

/** Parse a size like 16M, 256MiB, 1048576. Returns 0 on success. */
int cli_parse_size(const char *s, size_t *out);
/** --min-passage: a whole number of words, 1..10000; -1 otherwise. */
int cli_parse_words(const char *s, unsigned *out);
/** Parse a non-negative number of seconds. Returns 0 on success. */
int cli_parse_seconds(const char *s, double *out);

/**
 * Load rule packs: the built-in ones unless `no_defaults`, then each of
 * packs[0..n). On failure prints "file:line: message" and returns
 * CLI_EXIT_FAILED; `*out` is yours on success (ac_rules_free).
 */
int cli_rules_load(const char *const *packs, size_t n, bool no_defaults, ac_rules **out);

/**
 * Load and extract one page ("-" for stdin). On failure fills `err` (naming the
 * file) and returns its AC_E* code; nothing is printed. `*out` is yours.
 */
int cli_page_open(const char *path, const ac_rules *rules, const char *url,
                  const ac_limits *limits, ac_page **out, ac_error *err);
/**
 * Parse an --input-type value (html, markdown, text, feed). Returns 0, or
 * prints the usage error for command `cmd` and returns CLI_EXIT_FAILED.
 */
int cli_parse_input_type(const char *cmd, const char *value, ac_input_type *out);

/** Files given with --headers, --tdmrep, --robots (rights_files.c); malloc'd texts. */
typedef struct cli_rights_files {
  char *headers, *tdmrep, *robots;
  size_t headers_len, tdmrep_len, robots_len;
  const char *tdmrep_name, *robots_name;   /* borrowed from argv */
} cli_rights_files;

/** Read the file of --OPT ("headers", "tdmrep", "robots"); prints and returns 2 on failure. */
int cli_rights_option(cli_rights_files *rf, const char *opt, const char *path);
void cli_rights_dispose(cli_rights_files *rf);
/**
 * cli_page_open() read as `type` (AC_INPUT_AUTO: by name and content), with the
 * header block and site files of `rf` (NULL: none).
 */
int cli_page_open_with(const char *path, const ac_rules *rules, const char *url,
                       const ac_limits *limits, ac_input_type type,
                       const cli_rights_files *rf, ac_page **out, ac_error *err);

/** What directory walking found for one input. */
typedef enum {
  CLI_INPUT_FILE = 0,   /* a file to check (or "-") */
  CLI_INPUT_FAILED,     /* unreadable: reported, makes the run incomplete */
  CLI_INPUT_SKIPPED     /* not a page (FIFO, device…): a note */
} cli_input_kind;

typedef struct cli_input {
  char *path;           /* malloc'd */
  cli_input_kind kind;
  ac_error err;         /* why it failed or was skipped */
  size_t rel;           /* path + rel is the path below the directory argument it came from */
} cli_input;

typedef struct cli_walk_options {
  const char *const *include;  size_t n_include;   /* default *.html *.htm *.xhtml */
  const char *const *exclude;  size_t n_exclude;
  bool follow;                 /* follow symbolic links (loops detected) */
  const char *root;            /* project root; NULL: globs see only paths below arguments */
  const char *what;            /* what the walk looks for, in messages; NULL: "pages" */
  bool follow_anywhere;        /* with follow: also links that leave the project root */
} cli_walk_options;

typedef struct cli_inputs {
  cli_input *items;
  size_t count, cap;
} cli_inputs;

/**
 * Expand paths: files as given, directories walked recursively in byte
 * order of names, "-" kept; an input met twice (by real path) is kept once,
 * where it first came. A directory holding no page is a CLI_INPUT_FAILED
 * input ("DIR: no pages to check (looking for GLOBS)", with what the excludes
 * left out). A file named here that an exclude glob matches is left out with
 * a note, unless it does not exist: that is a CLI_INPUT_FAILED input as any
 * missing path. Returns 0 or AC_ENOMEM.
 */
int cli_collect(const char *const *paths, size_t n, const cli_walk_options *opts,
                cli_inputs *out);
void cli_inputs_dispose(cli_inputs *in);

/** The name printed for an input: "<stdin>" for "-", else the path itself. */
const char *cli_display_name(const char *path);

/**
 * The project root: the real path of `config_dir` (the directory of the
 * attrcheck.xml in use), or of the current directory when NULL. malloc'd;
 * NULL with errno set when it cannot be resolved.
 */
char *cli_project_root(const char *config_dir);

/**
 * `path` relative to `root` ("a/b.html") and *inside true when the page is
 * below the root; else its absolute path. "./a.html", "a.html" and
 * "$PWD/a.html" give the same answer. "-" stays "-". malloc'd; NULL when out
 * of memory. `root` may be NULL (then nothing is inside).
 */
char *cli_root_relative(const char *root, const char *path, bool *inside);

/** A page's path as baselines key it: cli_root_relative() of it. malloc'd. */
char *cli_path_key(const char *root, const char *path);

/**
 * The public URL of an input for --base-url `base`: `base` joined with its
 * path below `root` when `root` is given and holds it, else with its path
 * below the directory argument (or its file name, when the file itself was
 * named), percent-encoded. NULL for standard input or without `base`.
 * `*out` is malloc'd. Returns 0 or AC_ENOMEM.
 */
int cli_input_url(const char *base, const char *root, const cli_input *in, char **out);

/** "attrcheck: note: <msg>, skipped" for an input that is not a page. */
void cli_note_skipped(const ac_error *err);

/** True when `url` is an absolute http(s) URL. */
bool cli_url_ok(const char *url);

/** A growable list of strings for repeatable options (strings borrowed from argv). */
typedef struct cli_strings {
  const char **items;
  size_t count, cap;
} cli_strings;

int cli_strings_push(cli_strings *s, const char *value);
void cli_strings_dispose(cli_strings *s);

#endif
