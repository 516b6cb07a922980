/*
 * What `check -o FILE` and `--write-baseline FILE` may write over. A report
 * or baseline named like a file the run depends on would destroy it (the
 * index, attrcheck.xml, a rule pack, the baseline in use, a page), so each
 * such name is refused before anything runs, with a one-line reason. Files
 * that are none of these are still replaced only when they are a previous
 * report of the same format (the library checks) or a previous baseline.
 */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"

/* True when a and b name the same existing file, links followed. */
static bool same_file(const char *a, const char *b)
{
  struct stat sa, sb;

  return a != NULL && b != NULL && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* True when `target` is a *.xml file directly in the directory `pack` (a pack folder). */
static bool in_pack_dir(const char *target, const char *pack)
{
  struct stat sp, sd;
  size_t n = strlen(target);
  char *copy;
  bool inside;

  if (stat(pack, &sp) != 0 || !S_ISDIR(sp.st_mode) || n < 4 || strcmp(target + n - 4, ".xml"))
    return false;
  copy = strdup(target);
  if (copy == NULL)
    return true;                     /* cannot tell: the safe side */
  inside = stat(dirname(copy), &sd) == 0 && sd.st_dev == sp.st_dev && sd.st_ino == sp.st_ino;
  free(copy);
  return inside;
}

static bool is_rule_pack(const check_opts *o, const char *target)
{
  for (size_t i = 0; i < o->rules.count; i++)
    if (same_file(target, o->rules.items[i]) || in_pack_dir(target, o->rules.items[i]))
      return true;
  return false;
}

/* The first bytes of `path`, NUL-terminated; false when it cannot be read. */
static bool read_head(const char *path, char *head, size_t size)
{
  FILE *f = fopen(path, "r");
  size_t n;

  if (f == NULL)
    return false;
  n = fread(head, 1, size - 1, f);
  head[n] = '\0';
  fclose(f);
  return true;
}

/* Any file attrcheck would accept as its configuration, wherever it is. Only a
 * file that names <attrcheck> near its top is parsed, so a large previous
 * report is not read whole to find out. */
static bool is_config(const char *target)
{
  struct stat st;
  ac_config *cfg = NULL;
  ac_error err = {0};
  char head[4096];
  bool valid;

  if (stat(target, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0 ||
      !read_head(target, head, sizeof head) || strstr(head, "<attrcheck") == NULL)
    return false;
  valid = ac_config_load_file(&cfg, target, &err) == AC_OK;
  ac_config_free(cfg);
  return valid;
}

/* One stat of the target, one per input: a run may have a hundred thousand. */
static bool is_input(const char *target, const cli_inputs *in)
{
  struct stat t, st;

  if (stat(target, &t) != 0)
    return false;                    /* a new file cannot be an input */
  for (size_t i = 0; i < in->count; i++)
    if (strcmp(in->items[i].path, "-") != 0 && stat(in->items[i].path, &st) == 0 &&
        st.st_dev == t.st_dev && st.st_ino == t.st_ino)
      return true;
  return false;
}

/* Named attrcheck.xml: where `check` looks for its config, in this folder and above. */
static bool config_name(const char *target)
{
  const char *slash = strrchr(target, '/');

  return strcmp(slash != NULL ? slash + 1 : target, "attrcheck.xml") == 0;
}

/*
 * What `target` already is that it must not be overwritten as, or NULL.
 * `report`: the -o file (the baseline in use is protected); else the
 * --write-baseline file (rewriting the baseline in use is what it is for).
 */
static const char *protected_as(const check_opts *o, const cli_inputs *in, const char *target,
                                bool report)
{
  if (same_file(target, o->index))
    return "that is the index in use (--index)";
  if (same_file(target, o->cfg.path))
    return "that is the attrcheck config in use";
  if (is_rule_pack(o, target))
    return "that is a rule pack in use (--rules)";
  if (report && same_file(target, o->baseline))
    return "that is the baseline in use (--baseline)";
  if (report ? same_file(target, o->write_baseline) : same_file(target, o->output))
    return "-o and --write-baseline name the same file";
  if (is_input(target, in))
    return "that is one of the pages being checked";
  if (is_config(target))
    return "that is an attrcheck config file";
  if (config_name(target))
    return "later runs would find it and read it as their config";
  return NULL;
}

/* A version 1 baseline may have no header: its first line is rule<TAB>path<TAB>evidence. */
static bool looks_like_entry(const char *line)
{
  const char *t1 = strchr(line, '\t');

  return t1 != NULL && t1 > line && strchr(t1 + 1, '\t') != NULL;
}

/*
 * A file --write-baseline may replace: new, empty, or a baseline, even one
 * with merge-conflict markers above its header. Judged on its first lines
 * only, so a large file that is no baseline is not read whole.
 */
static bool baseline_replaceable(const char *target)
{
  struct stat st;
  char head[4096], *line, *save = NULL;
  int n = 0;

  if (lstat(target, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
    return true;                  /* new, a link (replaced itself), a device */
  if (!read_head(target, head, sizeof head))
    return true;                  /* unreadable: the write will say why */
  if (strlen(head) < (size_t)st.st_size && strlen(head) < sizeof head - 1)
    return false;                 /* a NUL byte: binary, no baseline */
  for (line = strtok_r(head, "\n", &save); line != NULL && n < 8;
       line = strtok_r(NULL, "\n", &save), n++) {
    if (strncmp(line, "# attrcheck baseline", 20) == 0)
      return true;
    if (n == 0 && looks_like_entry(line))
      return true;
  }
  return false;
}

static int refuse(const char *option, const char *target, const char *why, const char *hint)
{
  struct stat st;

  cli_errorf("%s %s: %s; not %s%s", option, target, why,
             lstat(target, &st) == 0 ? "overwritten" : "written", hint);
  return CLI_EXIT_FAILED;
}

int check_outputs_safe(const check_opts *o, const cli_inputs *in)
{
  bool to_file = o->output != NULL && strcmp(o->output, "-") != 0;
  const char *why = to_file ? protected_as(o, in, o->output, true) : NULL;

  if (why != NULL)
    return refuse("-o", o->output, why,
                  strstr(why, "config") != NULL ? " (name the report, e.g. attrcheck-junit.xml)"
                                                : "");
  if (o->write_baseline == NULL)
    return CLI_EXIT_CLEAN;
  why = protected_as(o, in, o->write_baseline, false);
  if (why == NULL && !baseline_replaceable(o->write_baseline))
    why = "it exists and is not an attrcheck baseline";
  return why != NULL ? refuse("--write-baseline", o->write_baseline, why, "") : CLI_EXIT_CLEAN;
}
