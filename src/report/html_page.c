/*
 * The HTML report's page parts: a row of the page table, and a page's
 * section with its findings, facts and copied passages side by side.
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"

#define SHOW_MATCHES 5        /* matched originals shown per page */
#define SHOW_PASSAGES 20      /* passages shown per original */
#define SHOW_BYTES 1500       /* text shown per side of a passage; offsets give the rest */

static void cell_num(FILE *o, size_t n)
{
  fprintf(o, "<td class=\"n\" data-n=\"%zu\">%zu</td>", n, n);
}

static void cell_cov(FILE *o, const ac_match *m)
{
  if (m == NULL || !(m->page_coverage >= 0.0)) {
    fputs("<td class=\"n\" data-n=\"-1\"></td>", o);
    return;
  }
  fputs("<td class=\"n\" data-n=\"", o);
  ac_report__fixed(o, m->page_coverage, 3);
  fputs("\">", o);
  ac_report__fixed(o, m->page_coverage, 3);
  fputs("</td>", o);
}

static void cell_str(FILE *o, const char *s)
{
  fputs("<td>", o);
  ac_html__str(o, s);
  fputs("</td>", o);
}

void ac_html__row(ac_report *r, html_state *s, const ac_page *page)
{
  const ac_facts *f = ac_page_facts(page);
  const ac_attribution *a = ac_page_attribution(page);
  const ac_match *m = ac_report__best_match(page);
  ac_finding_counts c = ac_page_finding_counts(page);
  const char *verdict = ac_report__verdict(r, page);
  FILE *o = s->rows;

  fprintf(o, "<tr data-verdict=\"%s\">", verdict);
  cell_num(o, s->seq);
  fprintf(o, "<td><a href=\"#p%zu\">", s->seq);
  ac_html__str(o, ac_page_path(page));
  fputs("</a></td>", o);
  cell_str(o, f != NULL ? f->title : NULL);
  fprintf(o, "<td class=\"v-%s\">%s</td>", verdict, verdict);
  cell_num(o, c.errors);
  cell_num(o, c.warnings);
  cell_str(o, a != NULL ? a->credited_source : NULL);
  cell_str(o, m != NULL ? m->url : NULL);
  cell_cov(o, m);
  cell_str(o, m != NULL ? ac_copy_class_name(m->cls) : NULL);
  fputs("</tr>\n", o);
}

void ac_html__input_row(html_state *s, const char *path, const char *verdict, const char *why)
{
  FILE *o = s->rows;

  fprintf(o, "<tr data-verdict=\"%s\">", verdict);
  cell_num(o, s->seq);
  cell_str(o, path);
  cell_str(o, why);
  fprintf(o, "<td class=\"v-%s\">%s</td>", verdict, verdict);
  fputs("<td class=\"n\" data-n=\"0\"></td><td class=\"n\" data-n=\"0\"></td><td></td><td></td>"
        "<td class=\"n\" data-n=\"-1\"></td><td></td></tr>\n", o);
}

/* ---- facts ---- */

static void fact(FILE *o, const char *name, const char *value, bool link)
{
  if (value == NULL || value[0] == '\0')
    return;
  fprintf(o, "<dt>%s</dt><dd>", name);
  if (link)
    ac_html__url(o, value);
  else
    ac_html__str(o, value);
  fputs("</dd>\n", o);
}

static int facts(ac_report *r, FILE *o, const ac_page *page)
{
  const ac_facts *f = ac_page_facts(page);
  const ac_attribution *a = ac_page_attribution(page);
  const ac_fingerprint *fp = ac_page_fp(page);
  char *permission = ac_report__permission(page), *origin = ac_report__origin_chain(r, page);
  int yes = a != NULL ? a->credit_matches_link : -1;

  if (permission == NULL || origin == NULL) {
    free(permission);
    free(origin);
    return AC_ENOMEM;
  }
  fputs("<dl>\n", o);
  fact(o, "title", f != NULL ? f->title : NULL, false);
  fact(o, "URL", ac_report__page_url(page), true);
  fact(o, "credited source", a != NULL ? a->credited_source : NULL, false);
  fact(o, "source link", a != NULL ? a->source_link : NULL, true);
  fact(o, "credit matches link", yes > 0 ? "yes" : yes == 0 ? "no" : NULL, false);
  fact(o, "canonical", f != NULL ? f->canonical : NULL, true);
  fact(o, "license", a != NULL ? a->license : NULL, false);
  fact(o, "copyright holder", a != NULL ? a->copyright_holder : NULL, false);
  fact(o, "permission", permission, false);
  fact(o, "chain (from the text)", origin, false);
  fact(o, "fingerprint", fp != NULL ? fp->digest : NULL, false);
  fputs("</dl>\n", o);
  free(permission);
  free(origin);
  return AC_OK;
}

/* ---- findings ---- */

static void finding_row(FILE *o, const ac_page *page, const ac_finding *f)
{
  ac_pos pos = ac_report__pos(page, f->span);
  const char *sev = ac_severity_name(f->severity);

  if (pos.line > 0)
    fprintf(o, "<tr><td>%u:%u</td>", pos.line, pos.column);
  else
    fputs("<tr><td>page</td>", o);
  fprintf(o, "<td class=\"s-%s\">%s%s</td><td>", sev, sev, f->suppressed ? " (suppressed)" : "");
  ac_html__str(o, f->rule);
  fputs("</td><td>", o);
  ac_html__str(o, f->message);
  if (f->suppression != NULL) {
    fputs("<br><span class=\"off\">", o);
    ac_html__str(o, f->suppression);
    fputs("</span>", o);
  }
  fputs("</td><td>", o);
  ac_html__str(o, f->hint);
  fputs("</td></tr>\n", o);
}

static void findings(FILE *o, const ac_page *page)
{
  size_t n = 0;
  const ac_finding *f = ac_page_findings(page, &n);

  if (n == 0) {
    fputs("<p>No findings.</p>\n", o);
    return;
  }
  fputs("<table>\n<thead><tr><th>where</th><th>severity</th><th>rule</th><th>message</th>"
        "<th>how to fix</th></tr></thead>\n<tbody>\n", o);
  for (size_t i = 0; i < n; i++)
    if (f[i].severity != AC_SEV_NONE)
      finding_row(o, page, &f[i]);
  fputs("</tbody>\n</table>\n", o);
}

/* ---- passages ---- */

/* The hashes of the other side, sorted, to tell copied words from edited ones. */
typedef struct hash_set {
  uint64_t *h;
  size_t n;
} hash_set;

static int cmp_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

  return (x > y) - (x < y);
}

static int set_make(hash_set *s, const ac_token *t, size_t n)
{
  s->n = n;
  s->h = malloc((n > 0 ? n : 1) * sizeof *s->h);
  if (s->h == NULL)
    return AC_ENOMEM;
  for (size_t i = 0; i < n; i++)
    s->h[i] = t[i].hash;
  qsort(s->h, n, sizeof *s->h, cmp_u64);
  return AC_OK;
}

static bool set_has(const hash_set *s, uint64_t h)
{
  return bsearch(&h, s->h, s->n, sizeof *s->h, cmp_u64) != NULL;
}

/* The last token of the run that starts at t[i]: copied (or edited) words in a row. */
static size_t run_end(const ac_token *t, size_t n, size_t i, const hash_set *other,
                      uint32_t base, size_t len)
{
  bool copied = set_has(other, t[i].hash);

  while (i + 1 < n && t[i + 1].start >= t[i].end && t[i + 1].end <= base + len &&
         t[i + 1].start - base < SHOW_BYTES && set_has(other, t[i + 1].hash) == copied)
    i++;
  return i;
}

/*
 * One side of a passage: text[0..len) whose tokens t[0..n) have offsets
 * from `base`; each run of words found on the other side is one <mark>. At
 * most SHOW_BYTES are written, cut before a word.
 */
static void side(FILE *o, const char *text, size_t len, const ac_token *t, size_t n,
                 const hash_set *other, uint32_t base)
{
  size_t at = 0, i = 0;
  bool cut = false;

  while (i < n) {
    size_t j, start, end;
    bool copied;

    if (t[i].start < base + at || t[i].end > base + len) {
      i++;                                    /* outside the passage: not shown */
      continue;
    }
    start = t[i].start - base;
    if (start >= SHOW_BYTES) {
      cut = true;
      break;
    }
    copied = set_has(other, t[i].hash);
    j = run_end(t, n, i, other, base, len);
    end = t[j].end - base;
    ac_html__text(o, text + at, start - at);
    fputs(copied ? "<mark>" : "", o);
    ac_html__text(o, text + start, end - start);
    fputs(copied ? "</mark>" : "", o);
    at = end;
    i = j + 1;
  }
  if (cut)
    fprintf(o, " <span class=\"off\">[… %zu more bytes]</span>", len - at);
  else
    ac_html__text(o, text + at, len - at);
}

/* The text the page's fingerprint and passages refer to: the main text, else the whole page. */
static const char *copy_text(const ac_page *page, size_t *len)
{
  const ac_facts *f = ac_page_facts(page);

  if (f != NULL && f->main_text != NULL) {
    *len = f->main_len;
    return f->main_text;
  }
  return ac_page_text(page, len);
}

static bool passage_ok(const ac_passage *p, const ac_match *m, const ac_fingerprint *fp,
                       size_t text_len)
{
  return p->copy_start <= p->copy_end && p->copy_end <= text_len &&
         p->copy_tok_start <= p->copy_tok_end && p->copy_tok_end <= fp->n_tokens &&
         p->orig_start <= p->orig_end && p->orig_end <= m->original_len;
}

static void passage_offsets(FILE *o, const ac_page *page, const ac_passage *p, size_t k)
{
  const ac_facts *f = ac_page_facts(page);

  fprintf(o, "<p class=\"off\">passage %zu: original bytes %u–%u, page text bytes %u–%u", k + 1,
          p->orig_start, p->orig_end, p->copy_start, p->copy_end);
  if (f != NULL && f->main_map != NULL && p->copy_start < f->main_len) {
    ac_pos pos = ac_page_pos(page, f->main_map[p->copy_start]);
    fprintf(o, " (page line %u:%u)", pos.line, pos.column);
  }
  fputs(", exactness ", o);
  ac_report__fixed(o, p->exactness, 3);
  fputs("</p>\n", o);
}

static int passage(FILE *o, const ac_page *page, const ac_match *m, const ac_passage *p,
                   size_t k)
{
  const ac_fingerprint *fp = ac_page_fp(page);
  size_t text_len = 0;
  const char *text = copy_text(page, &text_len);
  const ac_token *pt = fp->tokens + p->copy_tok_start;
  size_t pn = p->copy_tok_end - p->copy_tok_start;
  ac_fingerprint *ofp = NULL;
  hash_set mine = {NULL, 0}, theirs = {NULL, 0};
  int rc = ac_fp_compute(&ofp, m->original_text + p->orig_start, p->orig_end - p->orig_start,
                         &fp->params, NULL);

  if (rc == AC_OK)
    rc = set_make(&theirs, ofp->tokens, ofp->n_tokens);
  if (rc == AC_OK)
    rc = set_make(&mine, pt, pn);
  if (rc == AC_OK) {
    passage_offsets(o, page, p, k);
    fputs("<div class=\"pair\"><div>", o);
    side(o, m->original_text + p->orig_start, p->orig_end - p->orig_start, ofp->tokens,
         ofp->n_tokens, &mine, 0);
    fputs("</div><div>", o);
    side(o, text + p->copy_start, p->copy_end - p->copy_start, pt, pn, &theirs, p->copy_start);
    fputs("</div></div>\n", o);
  }
  free(mine.h);
  free(theirs.h);
  ac_fp_free(ofp);
  return rc == AC_ENOMEM ? AC_ENOMEM : AC_OK;   /* a passage that cannot be cut is left out */
}

static void match_head(FILE *o, const ac_match *m)
{
  fputs("<h4>", o);
  ac_html__url(o, m->url);
  if (m->title != NULL) {
    fputs(" — ", o);
    ac_html__str(o, m->title);
  }
  fputs("</h4>\n<p class=\"off\">original coverage ", o);
  ac_report__fixed(o, m->original_coverage, 3);
  fputs(" · page coverage ", o);
  ac_report__fixed(o, m->page_coverage, 3);
  fputs(" · exactness ", o);
  ac_report__fixed(o, m->exactness, 3);
  fprintf(o, " · %s · %zu copied words · %zu passages", ac_copy_class_name(m->cls),
          m->copied_tokens, m->n_passages);
  if (m->license != NULL) {
    fputs(" · license ", o);
    ac_html__str(o, m->license);
  }
  fputs("</p>\n<p class=\"off\">Left: the original; right: this page; highlighted: words found "
        "on both sides.</p>\n", o);
}

static int match_section(FILE *o, const ac_page *page, const ac_match *m)
{
  const ac_fingerprint *fp = ac_page_fp(page);
  size_t text_len = 0;
  int rc = AC_OK;

  copy_text(page, &text_len);
  match_head(o, m);
  if (m->original_text == NULL || fp == NULL) {
    fputs("<p>The original's text is not available to show the passages.</p>\n", o);
    return AC_OK;
  }
  for (size_t k = 0; rc == AC_OK && k < m->n_passages && k < SHOW_PASSAGES; k++)
    if (passage_ok(&m->passages[k], m, fp, text_len))
      rc = passage(o, page, m, &m->passages[k], k);
  if (m->n_passages > SHOW_PASSAGES)
    fprintf(o, "<p class=\"off\">%zu more passages are not shown.</p>\n",
            m->n_passages - SHOW_PASSAGES);
  return rc;
}

int ac_html__details(ac_report *r, html_state *s, const ac_page *page)
{
  FILE *o = s->details;
  const char *verdict = ac_report__verdict(r, page);
  size_t n = 0;
  const ac_match *m = ac_page_matches(page, &n);
  int rc;

  fprintf(o, "<section class=\"page\" id=\"p%zu\">\n<h3>%zu. ", s->seq, s->seq);
  ac_html__str(o, ac_page_path(page));
  fprintf(o, " — <span class=\"v-%s\">%s</span></h3>\n", verdict, verdict);
  rc = facts(r, o, page);
  findings(o, page);
  for (size_t i = 0; rc == AC_OK && i < n && i < SHOW_MATCHES; i++)
    rc = match_section(o, page, &m[i]);
  if (n > SHOW_MATCHES)
    fprintf(o, "<p class=\"off\">%zu more matched originals are not shown.</p>\n",
            n - SHOW_MATCHES);
  fputs("<p><a href=\"#table\">back to the table</a></p>\n</section>\n", o);
  return rc;
}
