/*
 * What the checks share about a page: which credits it carries and which
 * links go with them, whether it is republished, who the upstream is.
 * Credits pair with links in three ways: a link inside the credit's block,
 * a URL written in its text, or the link of an adjacent "Read the original"
 * line (or one extraction attached as "next to" the block). An adjacent link
 * goes to the credit whose name matches its site, else to the page's own
 * credit (outside the copied text), else to the nearest one.
 */
#define _GNU_SOURCE 1 /* memmem */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attrcheck/url.h"
#include "eval.h"

#define ADJACENT_BYTES 600u      /* how far a "Read the original" line may be from a credit */
#define HOST_MAX 256

bool ac_rules__credit_kind(ac_notice_kind k)
{
  return k == AC_NOTICE_SOURCE || k == AC_NOTICE_ORIGINALLY_PUBLISHED ||
         k == AC_NOTICE_FIRST_APPEARED || k == AC_NOTICE_REPUBLISHED || k == AC_NOTICE_VIA ||
         k == AC_NOTICE_SYNDICATION || k == AC_NOTICE_APPEARED_FIRST || k == AC_NOTICE_AGENCY;
}

/* True when the URL's path (before ? and #) ends with one of the extensions. */
static bool ends_with_ext(const char *url, const char *const *ext, size_t n_ext)
{
  size_t n = strcspn(url, "?#");

  for (size_t i = 0; i < n_ext; i++) {
    size_t e = strlen(ext[i]);
    if (n > e && strncasecmp(url + n - e, ext[i], e) == 0)
      return true;
  }
  return false;
}

/* A link to an image file (a photo credit's, a CDN's) is not a link to an article. */
static bool is_image(const char *url)
{
  static const char *const ext[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"};

  return ends_with_ext(url, ext, AC_COUNT(ext));
}

/* A document (a press release, a report, a data file) is a reference, not an article. */
static bool is_document(const char *url)
{
  static const char *const ext[] = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt",
                                    ".pptx", ".csv", ".zip", ".odt", ".ods"};

  return ends_with_ext(url, ext, AC_COUNT(ext));
}

/*
 * A link to an image or to a CDN or file host ("Source: バンダイ" linking a
 * press kit on bandai-a.akamaihd.net) goes to a file, not to the source's
 * article: it is never judged as the credit's link.
 */
static bool is_file(const ac_eval *x, const ac_link *l)
{
  return is_image(l->url) || ac_rules__asset_host(x->rules, l->host);
}

/* A home page: nothing after the host but "/", a fragment or an index file. */
static bool is_home_page(const char *url)
{
  const char *p = strstr(url, "://");

  if (p == NULL)
    return false;
  p = strchr(p + 3, '/');
  if (p == NULL || p[1] == '\0' || p[1] == '#' || p[1] == '?')
    return true;
  return strncasecmp(p + 1, "index.", 6) == 0 && strchr(p + 1, '/') == NULL;
}

/*
 * "Source: X" whose every link (in its block or next to it) goes to a home
 * page or a document cites where facts, figures or a chart come from
 * ("Source: Box Office Mojo" under a table, a press release PDF), not where
 * the text was published: real pages showed it; a republished article's
 * source line links the article. A "Source:" or "via" whose links all go to
 * reference hosts (a DOI, PubMed, a shop: sources.xml) cites a work too.
 */
static bool is_reference(const ac_eval *x, const ac_notice *n)
{
  size_t linked = 0;

  if (n->kind != AC_NOTICE_SOURCE && n->kind != AC_NOTICE_VIA)
    return false;
  for (size_t i = 0; i < n->n_links; i++) {
    const ac_link *l = n->links[i] < x->f->n_links ? &x->f->links[n->links[i]] : NULL;
    if (l == NULL || l->url == NULL || ac_rules__own_site(x, l->host))
      continue;                  /* in the block or next to it; the page's own links say nothing */
    if (ac_rules__reference_host(x->rules, l->host)) {
      linked++;                  /* a DOI, a database, a shop: a citation (sources.xml) */
      continue;
    }
    if (n->kind == AC_NOTICE_VIA || (!is_home_page(l->url) && !is_document(l->url) && !is_file(x, l)))
      return false;
    linked++;
  }
  return linked > 0;
}

/*
 * A credit whose every link goes to a platform where anyone publishes (a
 * YouTube channel, a Flickr stream, a tweet) credits that embed's account,
 * not the page's text: any name can be an account there.
 */
static bool is_embed_credit(const ac_eval *x, const ac_notice *n)
{
  size_t linked = 0;

  for (size_t i = 0; i < n->n_links; i++) {
    const ac_link *l = n->links[i] < x->f->n_links ? &x->f->links[n->links[i]] : NULL;
    if (l == NULL || l->host == NULL || ac_rules__own_site(x, l->host))
      continue;
    if (!ac_rules__platform_host(x->rules, l->host))
      return false;
    linked++;
  }
  return linked > 0;
}

/*
 * A "Source:" line inside the article element whose text is not part of the
 * article's text is a caption's (a figcaption, a chart note: extraction
 * leaves those out of main_text), so it credits an image, not the text.
 * Until notices carry a figure scope, this is how a caption is told apart.
 */
static bool is_caption(const ac_eval *x, const ac_notice *n)
{
  size_t len;

  if (n->kind != AC_NOTICE_SOURCE || !n->in_main || n->text == NULL || x->f->main_text == NULL)
    return false;
  if (!n->visible)
    return false;              /* hidden text is missing from main_text for being hidden */
  len = strlen(n->text);
  if (len > 60)
    len = 60;                        /* its start is enough to find it */
  return len > 0 && memmem(x->f->main_text, x->f->main_len, n->text, len) == NULL;
}

/* The anchor text of l is the credited name (case, accents, spaces and punctuation ignored). */
static bool anchor_names(const ac_link *l, const char *credit)
{
  char a[256], b[256];

  if (l->text == NULL)
    return false;
  ac_rules__fold(l->text, a, sizeof a);
  ac_rules__fold(credit, b, sizeof b);
  return b[0] != '\0' && strstr(a, b) != NULL;
}

/*
 * "via X" credits a publication where a credit stands: at the end of its
 * block ("… (via Reuters)") or on a link to X. Followed by more of the
 * sentence it is prose ("consumed by the library (via Termination). For
 * forwards compatibility…"), which rustdoc and the like are full of.
 */
static bool via_is_credit(const ac_eval *x, const ac_notice *n)
{
  const char *at = NULL, *p;

  for (p = n->text ? strstr(n->text, n->credit) : NULL; p != NULL; p = strstr(p + 1, n->credit))
    at = p;                                  /* the credit's last occurrence in the block */
  if (at != NULL) {
    p = at + strlen(n->credit);
    p += strspn(p, " .!)]\xc2\xa0");           /* closing brackets, a full stop, no-break spaces */
    if (*p == '\0')
      return true;
  }
  for (size_t i = 0; i < n->n_links; i++) {
    const ac_link *l = n->links[i] < x->f->n_links ? &x->f->links[n->links[i]] : NULL;
    if (l != NULL && l->span.start >= n->span.start && l->span.start < n->span.end &&
        (anchor_names(l, n->credit) || ac_rules_name_matches_host(x->rules, n->credit, l->host)))
      return true;
  }
  return false;
}

/* A link that can be a source link: resolved, not a license, not to the page's own site. */
static bool source_link(const ac_eval *x, const ac_link *l)
{
  if (l->host == NULL || l->url == NULL || (l->rel & AC_REL_LICENSE))
    return false;
  if (strstr(l->host, "creativecommons.org") != NULL || is_file(x, l))
    return false;
  return !ac_rules__own_site(x, l->host);
}

static uint32_t gap(ac_span a, ac_span b)
{
  if (a.end <= b.start)
    return b.start - a.end;
  if (b.end <= a.start)
    return a.start - b.end;
  return 0;
}

static void credit_push_link(ac_credit *c, const ac_link *l)
{
  for (size_t i = 0; i < c->n_links; i++)
    if (c->links[i] == l)
      return;
  if (c->n_links < EVAL_MAX_LINKS)
    c->links[c->n_links++] = l;
}

/* The first http(s) URL written in the notice text, e.g. the feed footer's. */
static void credit_text_url(ac_eval *x, ac_credit *c)
{
  const char *t = c->n->text, *p;
  size_t len;

  if (t == NULL || ((p = strstr(t, "https://")) == NULL && (p = strstr(t, "http://")) == NULL))
    return;
  len = strcspn(p, " \t\n\"'<>");
  c->text_url = ac_arena_strndup(x->arena, p, len);
  if (c->text_url != NULL) {
    char *h = ac_url_host(c->text_url);
    c->text_host = ac_arena_strdup(x->arena, h);
    free(h);
  }
  if (ac_rules__own_site(x, c->text_host))
    c->text_url = c->text_host = NULL;
}

static void credit_own_links(ac_eval *x, ac_credit *c)
{
  const ac_notice *n = c->n;

  for (size_t i = 0; i < n->n_links; i++) {
    const ac_link *l;
    if (n->links[i] >= x->f->n_links)
      continue;
    l = &x->f->links[n->links[i]];
    if (source_link(x, l) && l->span.start >= n->span.start && l->span.start < n->span.end)
      credit_push_link(c, l);
  }
  c->n_own = c->n_links;
  credit_text_url(x, c);
}

/* Where an adjacent link sits: its "Read the original" block if it has one, else its tag. */
static ac_span link_near(const ac_eval *x, const ac_link *l)
{
  uint32_t li = (uint32_t)(l - x->f->links);

  for (size_t k = 0; k < x->f->n_notices; k++) {
    const ac_notice *r = &x->f->notices[k];
    if (r->kind != AC_NOTICE_READ_ORIGINAL)
      continue;
    for (size_t i = 0; i < r->n_links; i++)
      if (r->links[i] == li)
        return r->span;
  }
  return l->span;
}

/* Does the credit already carry this URL (its own link or the URL in its text)? */
static bool carries_url(const ac_credit *c, const ac_link *l)
{
  for (size_t i = 0; i < c->n_own; i++)
    if (strcmp(c->links[i]->url, l->url) == 0)
      return true;
  return c->text_url != NULL && strcmp(c->text_url, l->url) == 0;
}

/* Is credit a better home than b for an adjacent link near span? */
static bool better_home(const ac_credit *a, const ac_credit *b, const ac_link *l, ac_span near)
{
  if (b == NULL)
    return true;
  if (carries_url(a, l) != carries_url(b, l))
    return carries_url(a, l);
  if (a->n->in_main != b->n->in_main)
    return !a->n->in_main;
  return gap(a->n->span, near) < gap(b->n->span, near);
}

static bool is_own_somewhere(const ac_eval *x, const ac_link *l)
{
  for (size_t i = 0; i < x->n_credits; i++)
    for (size_t k = 0; k < x->credits[i].n_own; k++)
      if (x->credits[i].links[k] == l)
        return true;
  return false;
}

/* Adjacent candidates of credit c: links attached outside its block, and nearby read-original links. */
static size_t adjacent_links(const ac_eval *x, const ac_credit *c, const ac_link **out, size_t max)
{
  size_t n = 0;
  const ac_notice *cn = c->n;

  for (size_t i = 0; i < cn->n_links && n < max; i++) {
    const ac_link *l = cn->links[i] < x->f->n_links ? &x->f->links[cn->links[i]] : NULL;
    if (l != NULL && source_link(x, l) && !(l->span.start >= cn->span.start && l->span.start < cn->span.end))
      out[n++] = l;
  }
  for (size_t k = 0; k < x->f->n_notices && n < max; k++) {
    const ac_notice *r = &x->f->notices[k];
    if (r->kind != AC_NOTICE_READ_ORIGINAL || gap(r->span, cn->span) > ADJACENT_BYTES)
      continue;
    for (size_t i = 0; i < r->n_links && n < max; i++) {
      const ac_link *l = r->links[i] < x->f->n_links ? &x->f->links[r->links[i]] : NULL;
      if (l != NULL && source_link(x, l))
        out[n++] = l;
    }
  }
  return n;
}

static bool name_matches(const ac_eval *x, const ac_credit *c, const char *host)
{
  return c->n->credit != NULL && host != NULL &&
         ac_rules_name_matches_host(x->rules, c->n->credit, host);
}

/* Give each adjacent link to one credit (see the file comment). */
static void assign_adjacent(ac_eval *x)
{
  const ac_link *cand[EVAL_MAX_LINKS];

  for (size_t i = 0; i < x->n_credits; i++) {
    ac_credit *c = &x->credits[i];
    size_t n = adjacent_links(x, c, cand, EVAL_MAX_LINKS);
    for (size_t k = 0; k < n; k++) {
      const ac_link *l = cand[k];
      ac_credit *home = NULL;
      if (is_own_somewhere(x, l))
        continue;
      for (size_t j = 0; j < x->n_credits; j++) {       /* who else could take it */
        ac_credit *o = &x->credits[j];
        const ac_link *oc[EVAL_MAX_LINKS];
        size_t on = adjacent_links(x, o, oc, EVAL_MAX_LINKS);
        bool has = false;
        for (size_t m = 0; m < on; m++)
          has = has || oc[m] == l;
        if (!has)
          continue;
        if (name_matches(x, o, l->host)) {
          home = name_matches(x, c, l->host) ? c : o;
          break;
        }
        if (better_home(o, home, l, link_near(x, l)))
          home = o;
      }
      if (home == c)
        credit_push_link(c, l);
    }
  }
}

/*
 * The credited name is the first folder of the link's path: a group hosts
 * its stations' or titles' sites there ("KGUN 9" at jrn.com/kgun9/…).
 */
static bool name_is_first_folder(const ac_credit *c, const ac_link *l)
{
  const char *p = l->url ? strstr(l->url, "://") : NULL;
  char seg[128], fs[128], fn[128];
  size_t n;

  if (p == NULL || c->n->credit == NULL || (p = strchr(p + 3, '/')) == NULL)
    return false;
  p++;
  n = strcspn(p, "/?#");
  if (n < 3 || n >= sizeof seg || p[n] != '/')
    return false;                    /* a folder, not the article's own name */
  memcpy(seg, p, n);
  seg[n] = '\0';
  ac_rules__fold(seg, fs, sizeof fs);
  ac_rules__fold(c->n->credit, fn, sizeof fn);
  return fn[0] != '\0' && strcmp(fs, fn) == 0;
}

/*
 * The credit's link is its best one: a matching link to an article before a
 * matching link to the home page. The Conversation's footer links its name
 * to theconversation.com and "original article" to the story.
 */
static void credit_judge(ac_eval *x, ac_credit *c)
{
  for (size_t i = 0; i < c->n_links && !c->matched; i++)
    if (!is_home_page(c->links[i]->url) &&
        (name_matches(x, c, c->links[i]->host) || name_is_first_folder(c, c->links[i]))) {
      c->link = c->links[i];
      c->matched = true;
    }
  for (size_t i = 0; i < c->n_links && !c->matched; i++)
    if (name_matches(x, c, c->links[i]->host) || name_is_first_folder(c, c->links[i])) {
      c->link = c->links[i];
      c->matched = true;
    }
  if (!c->matched && c->text_host != NULL && name_matches(x, c, c->text_host))
    c->matched = true;
  if (c->link == NULL && c->n_links > 0)
    c->link = c->links[0];
  c->url = c->link ? c->link->url : c->text_url;
  c->host = c->link ? c->link->host : c->text_host;
  if (c->matched && c->link == NULL) {
    c->url = c->text_url;
    c->host = c->text_host;
  }
  c->source = c->n->credit ? ac_rules_source_by_name(x->rules, c->n->credit) : NULL;
  if (c->source == NULL && c->matched)
    c->source = ac_rules_source_by_host(x->rules, c->host);
}

/*
 * Wire copy is licensed by subscription and an agency's story has no public
 * article to link: crediting an agency says where the facts come from, it
 * does not make the page a republication to check.
 */
bool ac_rules__wire_credit(const ac_credit *c)
{
  return c->n->kind == AC_NOTICE_AGENCY || (c->source != NULL && c->source->agency);
}

bool ac_rules__credit_linked(const ac_credit *c)
{
  return c->n_links > 0 || c->text_url != NULL;
}

/* The page's own credit: matched and outside the copied text first, the last one on ties. */
static int pick_primary(const ac_eval *x)
{
  int best = -1, best_score = -1;

  for (size_t i = 0; i < x->n_credits; i++) {
    const ac_credit *c = &x->credits[i];
    int score = (c->matched ? 4 : 0) + (ac_rules__credit_linked(c) ? 2 : 0) + (!c->n->in_main ? 1 : 0);
    if (c->n->kind == AC_NOTICE_AGENCY)
      score -= 1;
    if (score >= best_score) {
      best = (int)i;
      best_score = score;
    }
  }
  return best;
}

/* A news agency's credit: a dateline, or a name the registry marks agency="true". */
static bool is_agency_name(const ac_eval *x, const ac_notice *n)
{
  const ac_source *s;

  if (n->kind == AC_NOTICE_AGENCY)
    return true;
  s = ac_rules_source_by_name(x->rules, n->credit);
  return s != NULL && s->agency;
}

/* The name is the site's domain itself: "SpaceNews" and spacenews.com. */
static bool name_is_domain(const char *name, const char *host)
{
  char reg[HOST_MAX], label[HOST_MAX], fl[HOST_MAX], fn[HOST_MAX];
  const char *r = ac_rules__registrable(host, reg, sizeof reg);
  size_t n;

  if (r == NULL || (n = strcspn(r, ".")) == 0 || n >= sizeof label)
    return false;
  memcpy(label, r, n);
  label[n] = '\0';
  ac_rules__fold(label, fl, sizeof fl);
  ac_rules__fold(name, fn, sizeof fn);
  return fn[0] != '\0' && strcmp(fl, fn) == 0;
}

/*
 * The credit names the page's own site ("(Reuters)" on reuters.com), unless
 * one of its links goes to another site whose domain is the name: "SpaceNews"
 * linking spacenews.com on space.com credits SpaceNews, though the name
 * would pass for "Space" plus "News" (but "Reuters" linking a help desk on
 * reuters.zendesk.com is still the page's own name).
 */
/*
 * The credit's first word is the page's domain: the site's own desk or
 * edition, signed the way broadcasters sign ("MDR THÜRINGEN/ls" on mdr.de).
 */
static bool first_word_is_own_domain(const ac_eval *x, const char *credit)
{
  char word[64];
  size_t n = strcspn(credit, " /\t");

  if (n < 3 || n >= sizeof word || credit[n] == '\0')
    return false;                  /* one word alone is the name itself: the heuristic's case */
  memcpy(word, credit, n);
  word[n] = '\0';
  return name_is_domain(word, x->page_host);
}

static bool names_own_site(const ac_eval *x, const ac_notice *n)
{
  if (x->page_host == NULL)
    return false;
  if (first_word_is_own_domain(x, n->credit))
    return true;
  if (!ac_rules_name_matches_host(x->rules, n->credit, x->page_host))
    return false;
  for (size_t i = 0; i < n->n_links; i++) {
    const ac_link *l = n->links[i] < x->f->n_links ? &x->f->links[n->links[i]] : NULL;
    if (l != NULL && l->host != NULL && !ac_rules__own_site(x, l->host) &&
        name_is_domain(n->credit, l->host))
      return false;
  }
  return true;
}

int ac_rules__credits_build(ac_eval *x)
{
  const ac_facts *f = x->f;

  x->credits = f->n_notices ? ac_arena_alloc(x->arena, f->n_notices * sizeof *x->credits) : NULL;
  if (f->n_notices && x->credits == NULL)
    return AC_ENOMEM;
  for (size_t i = 0; i < f->n_notices; i++) {
    const ac_notice *n = &f->notices[i];
    if (!ac_rules__credit_kind(n->kind) || n->credit == NULL || n->credit[0] == '\0')
      continue;
    if (names_own_site(x, n))
      continue;                  /* "(Reuters)" on reuters.com credits nobody else */
    if (n->scope == AC_SCOPE_FIGURE)
      continue;                  /* a caption's credit is a picture's or a chart's, not the text's */
    if (!n->in_main && is_agency_name(x, n))
      continue;                  /* a wire dateline outside the article: another story's teaser */
    if (is_reference(x, n) || is_caption(x, n) || is_embed_credit(x, n) || (n->kind == AC_NOTICE_VIA && !via_is_credit(x, n)))
      continue;
    x->credits[x->n_credits].n = n;
    credit_own_links(x, &x->credits[x->n_credits]);
    x->n_credits++;
  }
  assign_adjacent(x);
  for (size_t i = 0; i < x->n_credits; i++)
    credit_judge(x, &x->credits[i]);
  x->primary = pick_primary(x);
  return AC_OK;
}
