/*
 * The one tree walk. Iterative with an explicit stack (Gumbo trees of hostile
 * pages are deep), bounded by limits.max_depth. Text nodes go into one buffer
 * with whitespace collapsed and a map back to page offsets; block boundaries
 * and changes of visibility cut the buffer into runs. Paragraph-like runs
 * score their containers for the text-density fallback of the main text.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "../util/grow.h"

typedef struct frame {
  const GumboNode *node;
  uint32_t next;           /* next child to visit */
  uint32_t t0;             /* x->len on entry */
  uint32_t link_bytes;     /* anchor text inside, for link density */
  double score;
  bool block, para;
  xelem e;
} frame;

typedef struct walker {
  xctx *x;
  frame *stack;
  size_t depth, cap;
} walker;

/* Block-level elements cut runs; "para" blocks give their score to the parent. */
enum { T_BLOCK = 1, T_PARA = 2, T_CONTAINER = 4 };
static const unsigned char tag_class[GUMBO_TAG_LAST + 1] = {
  [GUMBO_TAG_HTML] = T_BLOCK, [GUMBO_TAG_BODY] = T_BLOCK | T_CONTAINER,
  [GUMBO_TAG_ADDRESS] = T_BLOCK | T_PARA, [GUMBO_TAG_ARTICLE] = T_BLOCK | T_CONTAINER,
  [GUMBO_TAG_ASIDE] = T_BLOCK, [GUMBO_TAG_BLOCKQUOTE] = T_BLOCK | T_PARA,
  [GUMBO_TAG_CAPTION] = T_BLOCK, [GUMBO_TAG_CENTER] = T_BLOCK | T_CONTAINER,
  [GUMBO_TAG_DD] = T_BLOCK | T_PARA, [GUMBO_TAG_DETAILS] = T_BLOCK,
  [GUMBO_TAG_DIR] = T_BLOCK, [GUMBO_TAG_DIV] = T_BLOCK | T_CONTAINER,
  [GUMBO_TAG_DL] = T_BLOCK, [GUMBO_TAG_DT] = T_BLOCK | T_PARA, [GUMBO_TAG_FIELDSET] = T_BLOCK,
  [GUMBO_TAG_FIGCAPTION] = T_BLOCK, [GUMBO_TAG_FIGURE] = T_BLOCK, [GUMBO_TAG_FOOTER] = T_BLOCK,
  [GUMBO_TAG_FORM] = T_BLOCK, [GUMBO_TAG_H1] = T_BLOCK | T_PARA, [GUMBO_TAG_H2] = T_BLOCK | T_PARA,
  [GUMBO_TAG_H3] = T_BLOCK | T_PARA, [GUMBO_TAG_H4] = T_BLOCK | T_PARA,
  [GUMBO_TAG_H5] = T_BLOCK | T_PARA, [GUMBO_TAG_H6] = T_BLOCK | T_PARA,
  [GUMBO_TAG_HEADER] = T_BLOCK, [GUMBO_TAG_HGROUP] = T_BLOCK, [GUMBO_TAG_HR] = T_BLOCK,
  [GUMBO_TAG_LI] = T_BLOCK | T_PARA, [GUMBO_TAG_MAIN] = T_BLOCK | T_CONTAINER,
  [GUMBO_TAG_MENU] = T_BLOCK, [GUMBO_TAG_NAV] = T_BLOCK, [GUMBO_TAG_OL] = T_BLOCK,
  [GUMBO_TAG_P] = T_BLOCK | T_PARA, [GUMBO_TAG_PRE] = T_BLOCK | T_PARA,
  [GUMBO_TAG_SECTION] = T_BLOCK | T_CONTAINER, [GUMBO_TAG_SUMMARY] = T_BLOCK,
  [GUMBO_TAG_TABLE] = T_BLOCK, [GUMBO_TAG_TBODY] = T_BLOCK, [GUMBO_TAG_TD] = T_BLOCK | T_CONTAINER,
  [GUMBO_TAG_TFOOT] = T_BLOCK, [GUMBO_TAG_TH] = T_BLOCK, [GUMBO_TAG_THEAD] = T_BLOCK,
  [GUMBO_TAG_TR] = T_BLOCK, [GUMBO_TAG_UL] = T_BLOCK, [GUMBO_TAG_BR] = T_BLOCK,
  [GUMBO_TAG_NOSCRIPT] = T_BLOCK, [GUMBO_TAG_TEMPLATE] = T_BLOCK, [GUMBO_TAG_OPTION] = T_BLOCK,
  [GUMBO_TAG_SELECT] = T_BLOCK, [GUMBO_TAG_TEXTAREA] = T_BLOCK, [GUMBO_TAG_LEGEND] = T_BLOCK,
  [GUMBO_TAG_IFRAME] = T_BLOCK, [GUMBO_TAG_BUTTON] = T_BLOCK, [GUMBO_TAG_IMG] = 0,
};

static int buf_reserve(xctx *x, size_t more)
{
  size_t want = x->len + more;

  if (want <= x->cap)
    return AC_OK;
  if (want > UINT32_MAX - 16)
    return ac_error_set_file(x->err, AC_ELIMIT, x->page->path, 0, 0, "page text too large");
  size_t ncap = x->cap ? x->cap : 4096;
  while (ncap < want)
    ncap *= 2;
  char *nb = realloc(x->buf, ncap + 1);
  if (nb == NULL)
    return ac_extract__oom(x);
  x->buf = nb;
  uint32_t *nm = realloc(x->map, (ncap + 1) * sizeof *nm);
  if (nm == NULL)
    return ac_extract__oom(x);
  x->map = nm;
  x->cap = ncap;
  return AC_OK;
}

/* Scores the run's container (and half to its parent), readability-style. */
static void score_run(walker *w, const xrun *r, size_t upto)
{
  size_t len = r->t1 - r->t0, commas = 0;
  size_t i = upto;

  if (len < 25 || (r->flags & (F_HIDDEN | F_CHROME)) != 0)
    return;
  for (size_t k = r->t0; k < r->t1; k++)
    commas += w->x->buf[k] == ',';
  /* Commas mark prose; capped, so a list of names is not an article. */
  double s = 1.0 + (double)(commas > 10 ? 10 : commas) +
             (len / 100 > 3 ? 3.0 : (double)(len / 100));
  while (i > 0 && !w->stack[i - 1].block)
    i--;
  if (i > 1 && w->stack[i - 1].para)
    i--;
  while (i > 0 && !w->stack[i - 1].block)
    i--;
  if (i == 0)
    return;
  w->stack[i - 1].score += s;
  if (i > 1)
    w->stack[i - 2].score += s / 2;
}

/* Ends the current run; it belongs to the elements stack[0, upto). */
static int break_run(walker *w, size_t upto)
{
  xctx *x = w->x;
  xrun *r;

  x->pending_space = false;
  if (!x->in_run)
    return AC_OK;
  x->in_run = false;
  if (buf_reserve(x, 1) < 0)
    return x->err->code;
  r = ac_arena_push(x->arena, &x->runs, &x->n_runs, &x->cap_runs, sizeof *r, 0);
  if (r == NULL)
    return ac_extract__oom(x);
  r->t0 = x->run_t0;
  r->t1 = (uint32_t)x->len;
  r->flags = x->run_flags;
  r->chrome_depth = x->run_chrome_depth;
  r->lang = x->run_lang;
  x->map[x->len] = x->len > 0 ? x->map[x->len - 1] : 0;
  x->buf[x->len++] = '\n';
  score_run(w, r, upto);
  return AC_OK;
}

static void put_char(walker *w, const unsigned char *c, size_t n, uint32_t off, const xelem *e)
{
  xctx *x = w->x;
  bool space = n == 1 ? (c[0] == ' ' || c[0] == '\t' || c[0] == '\n' || c[0] == '\r' ||
                         c[0] == '\f')
                      : (n == 2 && c[0] == 0xC2 && c[1] == 0xA0) ||   /* U+00A0 */
                            (n == 3 && c[0] == 0xE3 && c[1] == 0x80 && c[2] == 0x80); /* U+3000 */

  if (space) {
    if (x->in_run && !x->pending_space) {
      x->pending_space = true;
      x->pending_off = off;
    }
    return;
  }
  if (n == 1 && c[0] == 0)
    return;                         /* NUL bytes never reach the text */
  if (!x->in_run) {
    x->in_run = true;
    x->run_t0 = (uint32_t)x->len;
    x->run_flags = e->flags & RUN_FLAGS;
    x->run_chrome_depth = e->chrome_depth;
    x->run_lang = e->lang;
  } else if (x->pending_space) {
    x->map[x->len] = x->pending_off;
    x->buf[x->len++] = ' ';
  }
  x->pending_space = false;
  for (size_t k = 0; k < n; k++) {
    x->map[x->len] = off;
    x->buf[x->len++] = (char)c[k];
  }
}

static size_t utf8_len(unsigned char c)
{
  return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Where the original (undecoded) text goes on after the decoded char at o[j]. */
static size_t skip_original(const char *o, size_t ol, size_t j, const unsigned char *d, size_t n)
{
  if (j >= ol)
    return j;
  if (j + n <= ol && memcmp(o + j, d, n) == 0)
    return j + n;
  if (o[j] == '\r')
    return j + 1 < ol && o[j + 1] == '\n' ? j + 2 : j + 1;
  if (o[j] == '&') {                       /* a character reference */
    size_t k = j + 1;
    while (k < ol && k - j < 40 && (o[k] == '#' || (o[k] >= '0' && o[k] <= '9') ||
                                    ((o[k] | 0x20) >= 'a' && (o[k] | 0x20) <= 'z')))
      k++;
    return k < ol && o[k] == ';' ? k + 1 : k;
  }
  return j + utf8_len((unsigned char)o[j]);
}

/* Appends a text node, mapping each decoded char back to its original offset. */
static int append_text(walker *w, const GumboText *t, const xelem *e)
{
  xctx *x = w->x;
  const unsigned char *d = (const unsigned char *)t->text;
  size_t dl = strlen(t->text), ol = t->original_text.length, j = 0;
  const char *o = t->original_text.data;
  uint32_t base = t->start_pos.offset, last = x->page->len ? (uint32_t)x->page->len - 1 : 0;

  if (buf_reserve(x, dl * 2 + 2) < 0)
    return x->err->code;
  if (dl == ol && base + dl <= x->page->len && memcmp(d, o, dl) == 0) {
    for (size_t i = 0; i < dl;) {          /* no reference, no CR: offsets are direct */
      size_t n = utf8_len(d[i]);
      if (i + n > dl)
        n = dl - i;
      put_char(w, d + i, n, base + (uint32_t)i, e);
      i += n;
    }
    return AC_OK;
  }
  for (size_t i = 0; i < dl;) {
    size_t n = utf8_len(d[i]);
    if (i + n > dl)
      n = dl - i;
    uint32_t off = base + (uint32_t)(j < ol ? j : (ol ? ol - 1 : 0));
    put_char(w, d + i, n, off > last ? last : off, e);
    j = skip_original(o, ol, j, d + i, n);
    i += n;
  }
  return AC_OK;
}

static int push_frame(walker *w, const GumboNode *node, const xelem *parent)
{
  frame *f;

  if (!ac_grow(&w->stack, &w->cap, w->depth + 1, sizeof *w->stack, 64))
    return ac_extract__oom(w->x);
  f = &w->stack[w->depth++];
  memset(f, 0, sizeof *f);
  f->node = node;
  f->t0 = (uint32_t)w->x->len;
  f->e = *parent;
  f->e.todo = 0;
  f->e.weight = 0;
  f->e.depth = (uint16_t)(w->depth > UINT16_MAX ? UINT16_MAX : w->depth);
  f->e.link = -1;
  f->e.item = -1;
  return AC_OK;
}

static int enter(walker *w, const GumboNode *node)
{
  xelem parent = w->stack[w->depth - 1].e;
  int rc = push_frame(w, node, &parent);
  frame *f;

  if (rc < 0)
    return rc;
  f = &w->stack[w->depth - 1];
  if (node->type == GUMBO_NODE_TEMPLATE)
    f->e.flags |= F_HIDDEN;
  rc = ac_extract__enter(w->x, node, &f->e);
  if (rc < 0)
    return rc;
  f->block = (tag_class[node->v.element.tag] & T_BLOCK) != 0;
  f->para = (tag_class[node->v.element.tag] & T_PARA) != 0;
  if (f->block || (f->e.flags & RUN_FLAGS) != (parent.flags & RUN_FLAGS))
    return break_run(w, w->depth - 1);
  return AC_OK;
}

/* Keeps the best-scoring container as the fallback main-text candidate. */
static void consider(walker *w, const frame *f)
{
  xctx *x = w->x;
  uint32_t tlen = (uint32_t)x->len - f->t0;
  double density = tlen ? (double)f->link_bytes / tlen : 1.0;
  double s = (f->score + f->e.weight) * (1.0 - (density > 1.0 ? 1.0 : density));

  if (!(tag_class[f->node->v.element.tag] & T_CONTAINER) || s <= x->best[CAND_SCORED].score)
    return;
  x->best[CAND_SCORED].score = s;
  x->best[CAND_SCORED].t0 = f->t0;
  x->best[CAND_SCORED].t1 = tlen ? (uint32_t)x->len : f->t0;
  x->best[CAND_SCORED].span = ac_extract__elem_span(&f->node->v.element);
  x->best[CAND_SCORED].depth = f->e.depth;
}

static int leave(walker *w)
{
  frame *f = &w->stack[w->depth - 1];
  uint32_t parent_flags = w->depth > 1 ? w->stack[w->depth - 2].e.flags : 0;
  int rc = AC_OK;

  if (f->node->type != GUMBO_NODE_DOCUMENT) {
    if (f->block || (f->e.flags & RUN_FLAGS) != (parent_flags & RUN_FLAGS))
      rc = break_run(w, w->depth);
    if (rc == AC_OK)
      rc = ac_extract__leave(w->x, f->node, f->t0, &f->e);
    if (f->e.link >= 0 && w->x->anchors != NULL)
      f->link_bytes += w->x->anchors[f->e.link].t1 - w->x->anchors[f->e.link].t0;
    if (f->score > 0)
      consider(w, f);
  }
  if (w->depth > 1)
    w->stack[w->depth - 2].link_bytes += f->link_bytes;
  w->depth--;
  return rc;
}

static const GumboVector *children_of(const GumboNode *n)
{
  if (n->type == GUMBO_NODE_DOCUMENT)
    return &n->v.document.children;
  return &n->v.element.children;
}

/*
 * A comment is its own hidden run (a credit commented out is still a fact, not
 * a visible one), unless it is an attrcheck directive or too long to be a notice.
 */
static int comment(walker *w, const GumboNode *node, const xelem *parent)
{
  GumboText t = node->v.text;
  xelem e = *parent;
  size_t len = strlen(t.text);
  int rc = ac_extract__comment(w->x, node);
  ac_span cspan = {(uint32_t)t.start_pos.offset,
                   (uint32_t)(t.start_pos.offset + t.original_text.length)};

  if (rc == AC_OK)
    rc = ac_extract__c2pa_comment(w->x, t.text, cspan);            /* rights_c2pa.c */

  if (rc < 0 || len == 0 || len > 2000 || strstr(t.text, "attrcheck-") != NULL ||
      (parent->flags & F_NOTEXT))
    return rc;
  if (t.original_text.length >= 4 && memcmp(t.original_text.data, "<!--", 4) == 0) {
    t.original_text.data += 4;            /* map from the text, not the delimiter */
    t.original_text.length -= 4;
    t.start_pos.offset += 4;
  }
  e.flags |= F_HIDDEN;
  rc = break_run(w, 0);
  if (rc == AC_OK)
    rc = append_text(w, &t, &e);
  return rc == AC_OK ? break_run(w, 0) : rc;
}

/* One JS string literal's text, tags and escapes left out, as a hidden run. */
static int script_string(walker *w, const GumboText *t, size_t from, size_t to, const xelem *e)
{
  const unsigned char *d = (const unsigned char *)t->text;
  bool in_tag = false;
  int rc = break_run(w, 0);

  for (size_t i = from; rc == AC_OK && i < to; i++) {
    if (d[i] == '<' || (in_tag && d[i] == '>')) {
      in_tag = d[i] == '<';
      put_char(w, (const unsigned char *)" ", 1, t->start_pos.offset + (uint32_t)i, e);
      continue;
    }
    if (in_tag)
      continue;
    if (d[i] == '\\' && i + 1 < to)
      i++;                                  /* \" \' \n: the escaped character */
    put_char(w, d + i, 1, t->start_pos.offset + (uint32_t)i, e);
  }
  return rc == AC_OK ? break_run(w, 0) : rc;
}

/*
 * A notice only a script writes (document.write) is a fact, and not a visible
 * one: the string literals of such inline scripts become hidden runs.
 */
static int script_text(walker *w, const GumboText *t, const xelem *parent)
{
  const char *s = t->text;
  size_t len = strlen(s);
  xelem e = *parent;
  int rc = AC_OK;

  /* Small inline writers only: framework bundles use innerHTML everywhere. */
  if (len > 16384 || strstr(s, "document.write") == NULL)
    return AC_OK;
  if (buf_reserve(w->x, len * 2 + 2) < 0)
    return w->x->err->code;
  e.flags |= F_HIDDEN;
  for (size_t i = 0; rc == AC_OK && i < len; i++) {
    char q = s[i];
    if (q != '"' && q != '\'' && q != '`')
      continue;
    size_t j = i + 1;
    while (j < len && s[j] != q && s[j] != '\n')
      j += s[j] == '\\' ? 2 : 1;
    if (j > len)
      j = len;
    if (j - i > 8 && memchr(s + i + 1, ' ', j - i - 1) != NULL)   /* words, not an identifier */
      rc = script_string(w, t, i + 1, j, &e);
    i = j;
  }
  return rc;
}

static int visit(walker *w, const GumboNode *child)
{
  frame *f = &w->stack[w->depth - 1];

  switch (child->type) {
  case GUMBO_NODE_TEXT:
  case GUMBO_NODE_WHITESPACE:
  case GUMBO_NODE_CDATA:
    if (f->node->type == GUMBO_NODE_ELEMENT && f->node->v.element.tag == GUMBO_TAG_SCRIPT)
      return script_text(w, &child->v.text, &f->e);
    return (f->e.flags & F_NOTEXT) ? AC_OK : append_text(w, &child->v.text, &f->e);
  case GUMBO_NODE_COMMENT:
    return comment(w, child, &f->e);
  case GUMBO_NODE_ELEMENT:
  case GUMBO_NODE_TEMPLATE:
    if (w->depth >= w->x->page->limits.max_depth) {
      if (!w->x->depth_noted) {
        w->x->depth_noted = true;
        return ac_page_note(w->x->page, "limit-depth", ac_extract__tag_span(&child->v.element),
                            "elements nested deeper than %u were skipped",
                            w->x->page->limits.max_depth);
      }
      return AC_OK;
    }
    return enter(w, child);
  default:
    return AC_OK;
  }
}

int ac_extract__walk(xctx *x, const GumboNode *root)
{
  walker w = {x, NULL, 0, 0};
  xelem top = {.link = -1, .item = -1};
  /* Text is rarely longer than the markup: one allocation instead of doublings. */
  int rc = buf_reserve(x, x->page->len / 2 + 4096);

  if (rc == AC_OK)
    rc = push_frame(&w, root, &top);

  while (rc == AC_OK && w.depth > 0) {
    frame *f = &w.stack[w.depth - 1];
    const GumboVector *kids = children_of(f->node);
    if (f->next < kids->length)
      rc = visit(&w, kids->data[f->next++]);
    else
      rc = leave(&w);
  }
  if (rc == AC_OK)
    rc = break_run(&w, 0);
  free(w.stack);
  if (rc == AC_OK)
    ac_extract__close_suppressions(x);
  return rc;
}
