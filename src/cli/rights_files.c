/*
 * --headers, --tdmrep and --robots: files a page arrives with. The header
 * block reaches the page through its load options (ac_load_options); the
 * site files (tdmrep.json, robots.txt) through the extraction options.
 * Each is read once, before any page, under a small ceiling.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define RIGHTS_FILE_MAX ((size_t)1 << 20)   /* header blocks and site files are small */

static int read_small(const char *opt, const char *path, char **out, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t n = 0;

  if (f == NULL) {
    cli_errorf("%s: cannot read (--%s): %s", path, opt, strerror(errno));
    return CLI_EXIT_FAILED;
  }
  buf = malloc(RIGHTS_FILE_MAX + 1);
  if (buf != NULL)
    n = fread(buf, 1, RIGHTS_FILE_MAX + 1, f);
  if (buf == NULL || ferror(f) || n > RIGHTS_FILE_MAX) {
    cli_errorf("%s: %s (--%s)", path, buf == NULL ? "out of memory" : ferror(f)
               ? "read error" : "larger than 1 MiB", opt);
    free(buf);
    fclose(f);
    return CLI_EXIT_FAILED;
  }
  fclose(f);
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return CLI_EXIT_CLEAN;
}

int cli_rights_option(cli_rights_files *rf, const char *opt, const char *path)
{
  char **slot = strcmp(opt, "headers") == 0 ? &rf->headers
                : strcmp(opt, "tdmrep") == 0 ? &rf->tdmrep : &rf->robots;
  size_t *len = strcmp(opt, "headers") == 0 ? &rf->headers_len
                : strcmp(opt, "tdmrep") == 0 ? &rf->tdmrep_len : &rf->robots_len;

  free(*slot);                  /* the last one given wins, as for --url */
  *slot = NULL;
  if (strcmp(opt, "tdmrep") == 0)
    rf->tdmrep_name = path;
  else if (strcmp(opt, "robots") == 0)
    rf->robots_name = path;
  return read_small(opt, path, slot, len);
}

void cli_rights_dispose(cli_rights_files *rf)
{
  free(rf->headers);
  free(rf->tdmrep);
  free(rf->robots);
  memset(rf, 0, sizeof *rf);
}
