/*
 * RSL 1.0 on a page: <script type="application/rsl+xml"> blocks (read by the
 * rules' safe XML reader, src/rules/rsl.c) and <link rel="license"
 * type="application/rsl+xml" href> (kept as the license's location). Each
 * term becomes a rights fact at its own line of the page; a block that is not
 * valid RSL, or a usage token outside RSL 1.0's, is a note.
 */
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "rules/rsl.h"

typedef struct rsl_ctx {
  xctx *x;
  const char *text;        /* the block, in the page text */
  size_t len;
  uint32_t offset;         /* the block's page offset */
} rsl_ctx;

/* The page offset where line `line` (1-based) of the block starts. */
static uint32_t line_offset(const rsl_ctx *c, unsigned line)
{
  size_t i = 0;

  for (unsigned l = 1; l < line && i < c->len; i++)
    if (c->text[i] == '\n')
      l++;
  return c->offset + (uint32_t)i;
}

/* RSL 1.0 usage and user tokens; geo takes country codes, not checked. */
static bool token_known(const char *type, const char *tok, size_t n)
{
  static const char *const usage[] = {"all", "ai-all", "ai-train", "ai-input", "ai-index",
                                      "search"};
  static const char *const user[] = {"commercial", "non-commercial", "education", "government",
                                     "personal"};
  const char *const *set = strcmp(type, "type=usage") == 0 ? usage : user;
  size_t count = strcmp(type, "type=usage") == 0 ? AC_COUNT(usage) : AC_COUNT(user);

  if (strcmp(type, "type=geo") == 0)
    return true;
  for (size_t i = 0; i < count; i++)
    if (strlen(set[i]) == n && strncmp(set[i], tok, n) == 0)
      return true;
  return false;
}

static int check_tokens(rsl_ctx *c, const char *value, const char *detail, ac_span span)
{
  for (const char *p = value; *p != '\0';) {
    size_t skip = strspn(p, " \t\r\n,"), n;
    p += skip;
    n = strcspn(p, " \t\r\n,");
    if (n > 0 && detail != NULL && !token_known(detail, p, n)) {
      int rc = ac_page_note(c->x->page, "rsl-token-unknown", span,
                            "RSL %s token '%.*s' is not one of RSL 1.0's", detail + 5,
                            (int)(n > 40 ? 40 : n), p);
      if (rc < 0)
        return rc;
    }
    p += n;
  }
  return AC_OK;
}

static int rsl_term(void *ctx, const char *name, const char *value, const char *detail,
                    unsigned line)
{
  rsl_ctx *c = ctx;
  uint32_t at = line_offset(c, line);
  ac_span span = {at, at};
  ac_pos none = {0, 0};
  size_t before = c->x->facts->n_rights;
  int rc = ac_extract__right(c->x, name, value, NULL, AC_ORIGIN_PAGE, span, none);

  if (rc == AC_OK && c->x->facts->n_rights > before && detail != NULL)
    c->x->facts->rights[before].detail = ac_arena_strdup(c->x->arena, detail);
  if (rc == AC_OK && (strcmp(name, "rsl-permits") == 0 || strcmp(name, "rsl-prohibits") == 0))
    rc = check_tokens(c, value, detail, span);
  return rc;
}

int ac_extract__rsl_block(xctx *x, const char *text, size_t len, uint32_t offset,
                          ac_span span)
{
  rsl_ctx c = {x, text, len, offset};
  ac_error err = {0};
  int rc = ac_rules__rsl_read(text, len, rsl_term, &c, &err);

  if (rc == AC_ENOMEM)
    return ac_extract__oom(x);
  if (rc < 0 && rc != AC_EINVALID && rc != AC_ELIMIT)
    return rc;
  if (rc < 0) {
    /* err.msg is "rsl:LINE: what"; the note sits at that line of the page. */
    ac_span at = span;
    if (err.line > 0)
      at.start = at.end = line_offset(&c, err.line);
    const char *msg = strncmp(err.msg, "rsl:", 4) == 0 ? strchr(err.msg + 4, ' ') : NULL;
    return ac_page_note(x->page, "rsl-invalid", at, "RSL block ignored: %s",
                        msg != NULL ? msg + 1 : err.msg);
  }
  return AC_OK;
}

int ac_extract__rsl_link(xctx *x, const char *href, const char *type, ac_span span)
{
  ac_pos none = {0, 0};
  size_t before = x->facts->n_rights;
  int rc;

  if (type == NULL || strncasecmp(type, "application/rsl+xml", 19) != 0)
    return AC_OK;
  rc = ac_extract__right(x, "link", href, NULL, AC_ORIGIN_PAGE, span, none);
  if (rc == AC_OK && x->facts->n_rights > before)
    x->facts->rights[before].detail = "rel=license type=application/rsl+xml";
  return rc;
}
