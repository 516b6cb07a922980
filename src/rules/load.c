/*
 * Loading rule packs: each pack is parsed and checked by the safe XML
 * helpers of xml.c (no network, no entities, no DOCTYPE, errors collected
 * rather than printed), validated against the XSD compiled into the library
 * (ac_rules__xsd), and turned into rules by build.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrcheck/fingerprint.h"
#include "builtin.h"
#include "load.h"
#include "xml.h"

extern const unsigned char ac_rules__xsd[];
extern const size_t ac_rules__xsd_len;

#define PACK_MAX_BYTES ((size_t)4 << 20)

int ac_rules_new(ac_rules **out, ac_error *err)
{
  ac_rules *r;

  *out = NULL;
  ac_rules__xml_init();
  r = calloc(1, sizeof *r);
  if (r == NULL)
    return ac_error_set(err, AC_ENOMEM, "rules: out of memory");
  r->mem = ac_arena_new(0);
  r->mctx = ac_rules__match_context();
  if (r->mem == NULL || r->mctx == NULL) {
    ac_arena_free(r->mem);
    pcre2_match_context_free(r->mctx);
    free(r);
    return ac_error_set(err, AC_ENOMEM, "rules: out of memory");
  }
  *out = r;
  return AC_OK;
}

void ac_rules_free(ac_rules *rules)
{
  if (rules == NULL)
    return;
  for (size_t i = 0; i < rules->n_phrases; i++)
    ac_rules__phrase_free(&rules->phrases[i]);
  if (rules->schema != NULL)
    xmlSchemaFree(rules->schema);
  pcre2_match_context_free(rules->mctx);
  ac_arena_free(rules->mem);
  free(rules);
}

/* Signed reports name the exact pack bytes a run judged with. */
static int pack_digest_add(ac_rules *rules, const char *name, const char *xml, size_t len,
                           const char *known, ac_error *err)
{
  ac_pack_digest *d = ac_arena_push(rules->mem, &rules->loaded, &rules->n_loaded,
                                    &rules->cap_loaded, sizeof *d, 0);

  if (d != NULL)
    d->file = ac_arena_strdup(rules->mem, name);
  if (d == NULL || d->file == NULL)
    return ac_error_set_file(err, AC_ENOMEM, name, 0, 0, "out of memory");
  if (known != NULL) {
    memcpy(d->sha256, known, sizeof d->sha256 - 1);
    d->sha256[sizeof d->sha256 - 1] = '\0';
    return AC_OK;
  }
  if (ac_sha256_hex(xml, len, d->sha256) < 0)
    return ac_error_set_file(err, AC_ERROR, name, 0, 0, "cannot compute its digest");
  return AC_OK;
}

/*
 * One pack. `builtin` holds the digest of a pack compiled into the library,
 * which the build validated already; NULL for any other pack, which is
 * validated here (the schema is compiled on the first such pack).
 */
static int add_pack(ac_rules *rules, const char *name, const char *xml, size_t len,
                    const ac_rules__builtin *builtin, ac_error *err)
{
  xmlDocPtr doc = NULL;
  int rc = AC_OK;

  if (builtin == NULL && rules->schema == NULL)
    rc = ac_rules__xml_schema(&rules->schema, "attrcheck-rules.xsd", ac_rules__xsd,
                              ac_rules__xsd_len, err);
  if (rc == AC_OK)
    rc = ac_rules__xml_parse(&doc, name, xml, len, PACK_MAX_BYTES, err);
  if (rc == AC_OK && builtin == NULL)
    rc = ac_rules__xml_validate(rules->schema, doc, name, "attrcheck-rules.xsd", ac_rules__xsd,
                                ac_rules__xsd_len, err);
  if (rc == AC_OK)
    rc = ac_rules__build(rules, xmlDocGetRootElement(doc), name, err);
  if (rc == AC_OK && ac_rules__keys_build(rules) < 0)
    rc = ac_error_set_file(err, AC_ENOMEM, name, 0, 0, "out of memory");
  if (rc == AC_OK)
    rc = pack_digest_add(rules, name, xml, len, builtin != NULL ? builtin->sha256 : NULL, err);
  xmlFreeDoc(doc);
  return rc;
}

int ac_rules_add_buffer(ac_rules *rules, const char *name, const char *xml, size_t len,
                        ac_error *err)
{
  return add_pack(rules, name, xml, len, NULL, err);
}

size_t ac_rules_pack_count(const ac_rules *rules)
{
  return rules->n_loaded;
}

const ac_pack_digest *ac_rules_pack_digest(const ac_rules *rules, size_t i)
{
  return i < rules->n_loaded ? &rules->loaded[i] : NULL;
}

int ac_rules_add_file(ac_rules *rules, const char *path, ac_error *err)
{
  char *xml = NULL;
  size_t len = 0;
  int rc = ac_rules__read_file(path, PACK_MAX_BYTES, &xml, &len, err);

  if (rc < 0)
    return rc;
  rc = ac_rules_add_buffer(rules, path, xml, len, err);
  free(xml);
  return rc;
}

static int xml_file(const struct dirent *d)
{
  size_t n = strlen(d->d_name);
  return d->d_name[0] != '.' && n > 4 && strcmp(d->d_name + n - 4, ".xml") == 0;
}

/* The packs compiled into the library, in name order: an install reads no data files. */
static int add_builtin(ac_rules *rules, ac_error *err)
{
  int rc = AC_OK;

  for (size_t i = 0; i < ac_rules__builtin_count && rc == AC_OK; i++) {
    const ac_rules__builtin *p = &ac_rules__builtin_packs[i];
    rc = add_pack(rules, p->name, (const char *)p->xml, p->len, p, err);
  }
  return rc;
}

/* Every *.xml of `base`, in name order. */
static int add_dir(ac_rules *rules, const char *base, ac_error *err)
{
  struct dirent **names = NULL;
  int n = scandir(base, &names, xml_file, alphasort);
  int rc = AC_OK;

  if (n < 0)
    return ac_error_set_file(err, AC_EIO, base, 0, 0, "cannot read rule packs: %s",
                             strerror(errno));
  for (int i = 0; i < n; i++) {
    if (rc == AC_OK) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", base, names[i]->d_name);
      rc = ac_rules_add_file(rules, path, err);
    }
    free(names[i]);
  }
  free(names);
  return rc;
}

/* `dir`, else $ATTRCHECK_RULES_DIR (a tree being edited), else the compiled-in packs. */
int ac_rules_add_defaults(ac_rules *rules, const char *dir, ac_error *err)
{
  const char *env = getenv("ATTRCHECK_RULES_DIR");

  if (dir != NULL)
    return add_dir(rules, dir, err);
  if (env != NULL && env[0] != '\0')
    return add_dir(rules, env, err);
  return add_builtin(rules, err);
}
