#include "page.h"
#include "view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ac_page__new(ac_page **out, const char *path, char *text, size_t len, const char *charset,
                 const ac_limits *limits, ac_error *err)
{
  static const ac_limits defaults = AC_LIMITS_INIT;
  ac_page *page = calloc(1, sizeof *page);

  *out = NULL;
  if (page == NULL || (page->path = strdup(path)) == NULL ||
      (page->arena = ac_arena_new(0)) == NULL) {
    if (page != NULL) {
      free(page->path);
      free(page);
    }
    free(text);
    return ac_error_set_file(err, AC_ENOMEM, path, 0, 0, "out of memory");
  }
  page->text = text;
  page->len = len;
  page->charset = charset;
  page->limits = limits != NULL ? *limits : defaults;
  page->attribution.credit_matches_link = -1;
  *out = page;
  return AC_OK;
}

void ac_page_free(ac_page *page)
{
  if (page == NULL)
    return;
  if (page->fp_free != NULL)
    page->fp_free(page->fp);
  ac_linemap_free(page->linemap);
  ac_arena_free(page->arena);
  free(page->source_url);
  free(page->http_headers);
  free(page->text);
  free(page->orig);
  free(page->view_map);
  free(page->path);
  free(page);
}

const char *ac_page_path(const ac_page *page)
{
  return page->path;
}

const char *ac_page_text(const ac_page *page, size_t *len)
{
  if (len != NULL)
    *len = page->len;
  return page->text;
}

const char *ac_page_charset(const ac_page *page)
{
  return page->charset;
}

int ac_page__adopt_options(ac_page *page, const ac_load_options *opts, ac_error *err)
{
  if (opts == NULL)
    return AC_OK;
  page->input_type = opts->input_type;
  if (opts->url != NULL && (page->source_url = strdup(opts->url)) == NULL)
    return ac_error_set_file(err, AC_ENOMEM, page->path, 0, 0, "out of memory");
  if (opts->http_headers != NULL) {
    page->http_headers = malloc(opts->http_headers_len + 1);
    if (page->http_headers == NULL)
      return ac_error_set_file(err, AC_ENOMEM, page->path, 0, 0, "out of memory");
    memcpy(page->http_headers, opts->http_headers, opts->http_headers_len);
    page->http_headers[opts->http_headers_len] = '\0';
    page->http_headers_len = opts->http_headers_len;
  }
  return AC_OK;
}

ac_input_type ac_page_input_type(const ac_page *page)
{
  return page->input_type;
}

const char *ac_page_source_url(const ac_page *page)
{
  return page->source_url;
}

const char *ac_page_http_headers(const ac_page *page, size_t *len)
{
  if (len != NULL)
    *len = page->http_headers_len;
  return page->http_headers;
}

const ac_limits *ac_page_limits(const ac_page *page)
{
  return &page->limits;
}

ac_pos ac_page_pos(const ac_page *page, uint32_t offset)
{
  ac_page *mut = (ac_page *)page;   /* the line map is a cache, built once */
  ac_pos none = {0, 0};

  if (mut->linemap == NULL && page->orig != NULL)   /* a view: positions in the file opened */
    mut->linemap = ac_linemap_new(page->orig, page->orig_len);
  else if (mut->linemap == NULL)
    mut->linemap = ac_linemap_new(page->text, page->len);
  if (mut->linemap == NULL)
    return none;
  return ac_linemap_pos(mut->linemap, ac_page__orig_offset(page, offset));
}

const ac_facts *ac_page_facts(const ac_page *page)
{
  return page->extracted ? &page->facts : NULL;
}

const ac_note *ac_page_notes(const ac_page *page, size_t *count)
{
  *count = page->n_notes;
  return page->notes;
}

size_t ac_page_notes_dropped(const ac_page *page)
{
  return page->notes_dropped;
}

/* Every code a note is written with, by the page and extraction modules. */
static const struct {
  const char *code, *text;
} note_codes[] = {
  {"canonical-unresolved",
   "<link rel=canonical> could not be made an absolute http(s) URL, so it is not used as a "
   "republication signal. A relative canonical needs the page's own URL: give --url or "
   "--base-url."},
  {"canonical-in-body",
   "An <a rel=canonical> in the body is not a canonical link (RFC 6596 puts it in <link>); it "
   "is usually copied in with the text, and is kept as the signal a.canonical."},
  {"jsonld-invalid",
   "A <script type=application/ld+json> block is not valid JSON and was ignored; the message "
   "gives the JSON parser's line."},
  {"limit-depth",
   "Elements nested deeper than the depth limit (4096, ac_limits.max_depth) were skipped by "
   "extraction: the guard against hostile nesting. See docs/limits.md."},
  {"limit-memory",
   "A JSON-LD block needed more than what the parsed page left of its memory budget "
   "(--max-memory, ac_limits.max_memory) and was ignored. See docs/limits.md."},
  {"front-matter-partial",
   "Part of a Markdown file's front matter was not read: a TOML table, multi-line string or "
   "other value outside the subset read (top-level strings, arrays of strings, dates, "
   "booleans, numbers), a YAML alias (never expanded), more than 100000 YAML events, or a "
   "block over 1 MiB. Keys that were read are facts; nothing was read wrong. See "
   "docs/facts.md."},
  {"front-matter-invalid",
   "A Markdown file's YAML front matter is not valid YAML; the keys after the error were not "
   "read. The message gives the line."},
  {"mdx-skipped",
   "An .mdx file's import, export and JSX lines are code, not prose: they were left out and "
   "the Markdown around them was checked."},
  {"limit-facts",
   "A list of facts (links, notices, signals...) reached its ceiling; later entries were "
   "dropped. See docs/limits.md."},
  {"tdm-reservation-invalid",
   "A tdm-reservation (meta or HTTP field) is neither 0 nor 1; the TDM Reservation Protocol "
   "counts it as unset. See docs/facts.md."},
  {"tdmrep-invalid",
   "The --tdmrep file is not a TDMRep rule array, or its matching rule has no tdm-reservation "
   "of 0 or 1. See docs/facts.md."},
  {"tdmrep-no-url",
   "A --tdmrep file was given but the page has no URL (--url) to match its locations."},
  {"content-usage-unknown",
   "A robots.txt Content-Usage preference uses a key outside the AI-use vocabulary attrcheck "
   "knows; it is kept as a fact. The vocabulary is still moving."},
  {"http-charset-differs",
   "The Content-Type charset of the --headers block differs from the charset the page was "
   "decoded with."},
  {"rsl-invalid",
   "An inline RSL block (application/rsl+xml) is not well-formed, has a DOCTYPE (never allowed: "
   "no entities are read) or is not valid RSL 1.0 (rules/rsl.xsd); it was ignored."},
  {"rsl-token-unknown",
   "An RSL permits/prohibits token is not in RSL 1.0's usage or user vocabulary; the term is "
   "kept as written."},
  {"syndication-source-deprecated",
   "Google no longer reads meta syndication-source; use rel=canonical to the original, or "
   "noindex the copy (robots, googlebot or googlebot-news)."},
  {"limit-findings",
   "The page reached the findings ceiling; later findings are not reported. See "
   "docs/limits.md."},
  /* check --fetch (src/fetch/, docs/fetch.md) */
  {"fetch-inconclusive",
   "--fetch: the source has too little text to judge (a paywall, a consent wall or a "
   "JavaScript page), so no credit-not-source error is given: that is no proof."},
  {"fetch-robots", "--fetch: robots.txt of the source's site disallows attrcheck; not fetched."},
  {"fetch-refused",
   "--fetch: the source is on a loopback, private or link-local address (or not http/https) "
   "and was not fetched; --fetch-allow-private allows it."},
  {"fetch-failed",
   "--fetch: the source could not be had or read (timeout, over --max-bytes, TLS or "
   "connection error, another HTTP status, not a page); the message says which."},
};

const char *ac_note_explain(const char *code)
{
  for (size_t i = 0; code != NULL && i < AC_COUNT(note_codes); i++)
    if (strcmp(note_codes[i].code, code) == 0)
      return note_codes[i].text;
  return NULL;
}

int ac_page_note(ac_page *page, const char *code, ac_span span, const char *fmt, ...)
{
  ac_note *n;
  va_list ap;

  if (page->n_notes >= page->limits.max_notes) {
    page->notes_dropped++;
    return AC_OK;
  }
  n = ac_arena_push(page->arena, &page->notes, &page->n_notes, &page->cap_notes, sizeof *n, 0);
  if (n == NULL)
    return AC_ENOMEM;
  n->code = ac_arena_strdup(page->arena, code);
  n->span = span;
  va_start(ap, fmt);
  n->message = ac_arena_vprintf(page->arena, fmt, ap);
  va_end(ap);
  return n->code != NULL && n->message != NULL ? AC_OK : AC_ENOMEM;
}

const ac_finding *ac_page_findings(const ac_page *page, size_t *count)
{
  *count = page->n_findings;
  return page->findings;
}

int ac_page_add_finding(ac_page *page, const ac_finding *f)
{
  ac_arena *a = page->arena;
  ac_finding *copy;

  /* Past the ceiling the page keeps its first findings and says that more were cut. */
  if (page->n_findings >= page->limits.max_findings) {
    if (page->findings_dropped++ == 0)
      ac_page_note(page, "limit-findings", f->span,
                   "more than %u findings: the rest are not reported (limit)",
                   page->limits.max_findings);
    return AC_OK;
  }
  copy = ac_arena_push(a, &page->findings, &page->n_findings, &page->cap_findings, sizeof *copy,
                       0);
  if (copy == NULL)
    return AC_ENOMEM;
  *copy = *f;
  copy->rule = ac_arena_strdup(a, f->rule);
  copy->message = ac_arena_strdup(a, f->message);
  copy->hint = ac_arena_strdup(a, f->hint);
  copy->evidence = ac_arena_strdup(a, f->evidence);
  copy->suppression = ac_arena_strdup(a, f->suppression);
  if (copy->rule == NULL || copy->message == NULL)
    return AC_ENOMEM;
  return AC_OK;
}

bool ac_finding_fails(const ac_finding *f, ac_severity fail_on)
{
  return !f->suppressed && fail_on != AC_SEV_NONE && f->severity >= fail_on;
}

bool ac_page_fails(const ac_page *page, ac_severity fail_on)
{
  for (size_t i = 0; i < page->n_findings; i++)
    if (ac_finding_fails(&page->findings[i], fail_on))
      return true;
  return false;
}

ac_finding_counts ac_page_finding_counts(const ac_page *page)
{
  ac_finding_counts c = {0, 0, 0, 0};

  for (size_t i = 0; i < page->n_findings; i++) {
    const ac_finding *f = &page->findings[i];
    if (f->suppressed)
      c.suppressed++;
    else if (f->severity == AC_SEV_ERROR)
      c.errors++;
    else if (f->severity == AC_SEV_WARNING)
      c.warnings++;
    else if (f->severity == AC_SEV_NOTE)
      c.notes++;
  }
  return c;
}

const ac_hop *ac_page_chain(const ac_page *page, size_t *count)
{
  *count = page->n_chain;
  return page->chain;
}

int ac_page_set_chain(ac_page *page, const ac_hop *hops, size_t n)
{
  ac_hop *copy = n ? ac_arena_alloc(page->arena, n * sizeof *copy) : NULL;

  if (n && copy == NULL)
    return AC_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    copy[i].name = ac_arena_strdup(page->arena, hops[i].name);
    copy[i].domain = ac_arena_strdup(page->arena, hops[i].domain);
    copy[i].url = ac_arena_strdup(page->arena, hops[i].url);
    copy[i].license = ac_arena_strdup(page->arena, hops[i].license);
  }
  page->chain = copy;
  page->n_chain = n;
  return AC_OK;
}

const ac_attribution *ac_page_attribution(const ac_page *page)
{
  return &page->attribution;
}

int ac_page_set_attribution(ac_page *page, const ac_attribution *a)
{
  ac_attribution *dst = &page->attribution;

  dst->credited_source = ac_arena_strdup(page->arena, a->credited_source);
  dst->source_link = ac_arena_strdup(page->arena, a->source_link);
  dst->credit_matches_link = a->credit_matches_link;
  dst->license = ac_arena_strdup(page->arena, a->license);
  dst->copyright_holder = ac_arena_strdup(page->arena, a->copyright_holder);
  return AC_OK;
}

const ac_match *ac_page_matches(const ac_page *page, size_t *count)
{
  *count = page->n_matches;
  return page->matches;
}

int ac_page_add_match(ac_page *page, const ac_match *m)
{
  ac_arena *a = page->arena;
  ac_match *copy =
      ac_arena_push(a, &page->matches, &page->n_matches, &page->cap_matches, sizeof *copy, 0);

  if (copy == NULL)
    return AC_ENOMEM;
  *copy = *m;
  copy->url = ac_arena_strdup(a, m->url);
  copy->host = ac_arena_strdup(a, m->host);
  copy->title = ac_arena_strdup(a, m->title);
  copy->site_name = ac_arena_strdup(a, m->site_name);
  copy->license = ac_arena_strdup(a, m->license);
  copy->holder = ac_arena_strdup(a, m->holder);
  copy->passages = NULL;
  copy->original_text = NULL;
  copy->original_len = 0;
  if (m->original_text != NULL) {
    char *t = ac_arena_alloc(a, m->original_len + 1);
    if (t == NULL)
      return AC_ENOMEM;
    memcpy(t, m->original_text, m->original_len);
    t[m->original_len] = '\0';
    copy->original_text = t;
    copy->original_len = m->original_len;
  }
  if (m->n_passages > 0) {
    copy->passages = ac_arena_alloc(a, m->n_passages * sizeof *copy->passages);
    if (copy->passages == NULL)
      return AC_ENOMEM;
    memcpy(copy->passages, m->passages, m->n_passages * sizeof *copy->passages);
  }
  return AC_OK;
}

/* A byte of the page text (the view of a Markdown or text file) back in the file. */
uint32_t ac_page__orig_offset(const ac_page *page, uint32_t offset)
{
  if (page->view_map == NULL)
    return offset;
  return ac_view_orig(page->view_map, page->n_view_map, offset);
}
