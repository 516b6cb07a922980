/*
 * What an auditor reads about a page's provenance, shared by the CSV and HTML
 * reports: why an input has no verdict, whether a permission is stated, and
 * the chain told from the text's real origin (the matched original) rather
 * than from the page's credits, with a wrong credit named as such.
 */
#include <stdlib.h>
#include <string.h>

#include "attrcheck/url.h"
#include "report.h"

/* A notice is a whole block of text; a cell quotes its start. */
#define PHRASE_MAX 160

/* Write at most PHRASE_MAX bytes of s, cut at a character boundary, "…" when cut. */
static void put_phrase(FILE *m, const char *s)
{
  size_t len = strlen(s);

  if (len <= PHRASE_MAX) {
    fputs(s, m);
    return;
  }
  len = PHRASE_MAX;
  while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
    len--;                               /* never split a UTF-8 sequence */
  fwrite(s, 1, len, m);
  fputs("\xE2\x80\xA6", m);
}

static const ac_notice *permission_notice(const ac_facts *f, bool license)
{
  for (size_t i = 0; i < f->n_notices; i++) {
    const ac_notice *n = &f->notices[i];
    bool is_license = n->kind == AC_NOTICE_LICENSE;

    if (license ? is_license : (n->permission && !is_license))
      return n;
  }
  return NULL;
}

static const ac_license *page_license(const ac_facts *f)
{
  for (size_t i = 0; i < f->n_licenses; i++)
    if (f->licenses[i].scope == AC_SCOPE_PAGE)
      return &f->licenses[i];
  return NULL;
}

/* "stated: <phrase>", "license: <phrase> (SPDX)", or "none": the same facts
 * the permission-stated check reads, a stated permission first. */
static void write_permission(FILE *m, const ac_facts *f)
{
  const ac_notice *stated = permission_notice(f, false);
  const ac_notice *lic_notice = permission_notice(f, true);
  const ac_license *lic = page_license(f);

  if (stated != NULL) {
    fputs("stated: ", m);
    put_phrase(m, stated->text != NULL ? stated->text : "");
  } else if (lic_notice != NULL || lic != NULL) {
    fputs("license: ", m);
    if (lic_notice != NULL && lic_notice->text != NULL)
      put_phrase(m, lic_notice->text);
    if (lic != NULL && lic->id != NULL)
      fprintf(m, lic_notice != NULL ? " (%s)" : "%s", lic->id);
  } else {
    fputs("none", m);
  }
}

char *ac_report__permission(const ac_page *page)
{
  const ac_facts *f = ac_page_facts(page);
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);

  if (m == NULL)
    return NULL;
  if (f != NULL)
    write_permission(m, f);
  else
    fputs("none", m);
  if (fclose(m) != 0) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* The rules engine's judgement, read from its findings: a finding of the
 * copy-credits-origin check (misattributed-copy in the built-in packs). A
 * suppressed one still says the credit is wrong; suppression only keeps it
 * from failing the page. A rule turned off says nothing. */
static bool credit_is_wrong(const ac_report *r, const ac_page *page)
{
  size_t n = 0;
  const ac_finding *f = ac_page_findings(page, &n);

  for (size_t i = 0; i < n; i++) {
    const ac_rule_info *info = r->opts.rules != NULL ? ac_rules_find(r->opts.rules, f[i].rule)
                                                     : NULL;
    if (f[i].severity == AC_SEV_NONE)
      continue;
    if (info != NULL ? strcmp(info->check, "copy-credits-origin") == 0
                     : strcmp(f[i].rule, "misattributed-copy") == 0)
      return true;
  }
  return false;
}

static const char *hop_label(const ac_hop *h)
{
  const char *name = h->domain != NULL ? h->domain : h->name;

  return name != NULL ? name : "?";
}

/* The hop that stands for the matched original: same URL, else same domain. */
static ptrdiff_t origin_hop(const ac_hop *h, size_t n, const ac_match *m, const char *domain)
{
  for (size_t i = 0; i + 1 < n; i++)
    if (h[i].url != NULL && ac_url_same(h[i].url, m->url))
      return (ptrdiff_t)i;
  for (size_t i = 0; i + 1 < n; i++)
    if (domain != NULL && h[i].domain != NULL && strcmp(h[i].domain, domain) == 0)
      return (ptrdiff_t)i;
  return -1;
}

/* The credited hop, when the credit is judged wrong: the attribution's credited source. */
static ptrdiff_t wrong_hop(const ac_hop *h, size_t n, const ac_attribution *a, ptrdiff_t origin)
{
  if (a == NULL || a->credited_source == NULL)
    return -1;
  for (size_t i = 0; i + 1 < n; i++)
    if ((ptrdiff_t)i != origin && h[i].name != NULL && strcmp(h[i].name, a->credited_source) == 0)
      return (ptrdiff_t)i;
  return -1;
}

typedef struct chain_view {
  const ac_hop *hops;
  size_t n;
  const char *origin;      /* label of the text's origin; NULL without a match */
  ptrdiff_t origin_at;     /* its hop, or -1 when the chain does not hold it */
  ptrdiff_t wrong_at;      /* the wrongly credited hop, or -1 */
  const char *wrong;       /* its label (the credited name when it has no hop) */
} chain_view;

/* Origin first when the credits put someone else ahead of it (a wrong credit)
 * or do not name it; else the credits' order, with the origin marked. */
static void write_chain(FILE *m, const chain_view *v)
{
  bool lead = v->origin != NULL && (v->wrong != NULL || v->origin_at < 0);
  bool first = true;

  if (lead) {
    fprintf(m, "%s (text)", v->origin);
    first = false;
  }
  for (size_t i = 0; i < v->n; i++) {
    bool is_origin = (ptrdiff_t)i == v->origin_at;

    if ((ptrdiff_t)i == v->wrong_at || (is_origin && lead))
      continue;
    fprintf(m, "%s%s%s", first ? "" : " > ", hop_label(&v->hops[i]),
            is_origin ? " (text)" : "");
    first = false;
  }
  if (v->wrong != NULL)
    fprintf(m, "; credited: %s (wrong)", v->wrong);
}

static void chain_view_init(chain_view *v, const ac_report *r, const ac_page *page, char *buf,
                            size_t size)
{
  const ac_match *m = ac_report__best_match(page);
  const ac_attribution *a = ac_page_attribution(page);

  memset(v, 0, sizeof *v);
  v->hops = ac_page_chain(page, &v->n);
  v->origin_at = v->wrong_at = -1;
  if (m == NULL || v->n == 0 || m->cls == AC_COPY_UNRELATED)
    return;                                      /* no text evidence: the credits alone */
  v->origin = m->host != NULL ? ac_url_registrable(m->host, buf, size) : NULL;
  if (v->origin == NULL)
    v->origin = m->host != NULL ? m->host : m->url;
  v->origin_at = origin_hop(v->hops, v->n, m, v->origin);
  if (v->origin_at >= 0)
    v->origin = hop_label(&v->hops[v->origin_at]);
  if (credit_is_wrong(r, page)) {
    v->wrong_at = wrong_hop(v->hops, v->n, a, v->origin_at);
    v->wrong = v->wrong_at >= 0 ? hop_label(&v->hops[v->wrong_at])
                                : a != NULL ? a->credited_source : NULL;
  }
}

char *ac_report__origin_chain(const ac_report *r, const ac_page *page)
{
  char domain[256], *buf = NULL;
  size_t len = 0;
  chain_view v;
  FILE *m = open_memstream(&buf, &len);

  if (m == NULL)
    return NULL;
  chain_view_init(&v, r, page, domain, sizeof domain);
  write_chain(m, &v);
  if (fclose(m) != 0) {
    free(buf);
    return NULL;
  }
  return buf;
}
