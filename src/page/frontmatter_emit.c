/*
 * Front matter keys that carry provenance, and the <head> element of the view
 * each becomes. Shared by the YAML/JSON reader (frontmatter.c) and the TOML
 * one (frontmatter_toml.c); calls only the view writer.
 */
#include <string.h>

#include "view.h"

static const struct { const char *key; ac_fm_key kind; } fm_keys[] = {
  {"title", AC_FM_TITLE}, {"lang", AC_FM_LANG}, {"language", AC_FM_LANG},
  {"canonical_url", AC_FM_CANONICAL}, {"canonicalURL", AC_FM_CANONICAL},
  {"canonical", AC_FM_CANONICAL}, {"source", AC_FM_SOURCE}, {"source_url", AC_FM_SOURCE},
  {"original_url", AC_FM_SOURCE}, {"originally_published", AC_FM_SOURCE},
  {"author", AC_FM_AUTHOR}, {"authors", AC_FM_AUTHOR}, {"license", AC_FM_LICENSE},
  {"copyright", AC_FM_COPYRIGHT}, {"syndication", AC_FM_SYNDICATION},
};

ac_fm_key ac_page__fm_key(const char *key, size_t len)
{
  for (size_t i = 0; i < AC_COUNT(fm_keys); i++)
    if (strlen(fm_keys[i].key) == len && strncmp(fm_keys[i].key, key, len) == 0)
      return fm_keys[i].kind;
  return AC_FM_NONE;
}

int ac_page__fm_emit(ac_view *v, ac_fm_key key, const char *value, size_t n, uint32_t orig)
{
  static const char *const open[] = {
    [AC_FM_TITLE] = "<title>", [AC_FM_CANONICAL] = "<link rel=\"canonical\" href=\"",
    [AC_FM_SOURCE] = "<meta name=\"original-source\" content=\"",
    [AC_FM_AUTHOR] = "<meta name=\"author\" content=\"",
    [AC_FM_LICENSE] = "<meta name=\"license\" content=\"",
    [AC_FM_COPYRIGHT] = "<meta name=\"copyright\" content=\"",
    [AC_FM_SYNDICATION] = "<meta name=\"syndication-source\" content=\"",
    [AC_FM_LANG] = "<meta http-equiv=\"content-language\" content=\"",
  };

  if (key == AC_FM_NONE || n == 0)
    return v->status;
  ac_view_tag(v, open[key], orig);
  ac_view_value(v, value, n, orig);
  return ac_view_tag(v, key == AC_FM_TITLE ? "</title>\n" : "\">\n", orig);
}
