/*
 * Markdown (CommonMark 0.29 + GFM tables, autolinks, strikethrough) through
 * cmark-gfm, written as an HTML view the one extraction reads. Inline and
 * block HTML is copied as it is, so Gumbo parses `<p>Source: <a …>X</a></p>`
 * and `<!-- attrcheck-disable … -->` inside a .md file like in a page.
 * Positions: cmark-gfm gives every node its start line and (byte) column;
 * a text node whose literal stands at that place in the source is mapped
 * byte for byte, anything decoded (entities, escapes) to its start.
 */
#define _GNU_SOURCE /* memmem */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

typedef struct md_ctx {
  ac_view *v;
  const char *src;           /* the original text */
  size_t len;
  uint32_t *line_start;      /* byte offset of each 1-based line's start, [0] for line 1 */
  size_t n_lines;
  int in_image;              /* inside an image: its alt text is not prose */
} md_ctx;

static pthread_once_t extensions_once = PTHREAD_ONCE_INIT;

static void register_extensions(void)
{
  cmark_gfm_core_extensions_ensure_registered();
}

static int line_table(md_ctx *m)
{
  size_t n = 1;

  for (size_t i = 0; i < m->len; i++)
    n += m->src[i] == '\n';
  m->line_start = malloc(n * sizeof *m->line_start);
  if (m->line_start == NULL)
    return AC_ENOMEM;
  m->line_start[0] = 0;
  m->n_lines = 1;
  for (size_t i = 0; i < m->len; i++)
    if (m->src[i] == '\n')
      m->line_start[m->n_lines++] = (uint32_t)(i + 1);
  return AC_OK;
}

static uint32_t node_offset(const md_ctx *m, cmark_node *node)
{
  int line = cmark_node_get_start_line(node), col = cmark_node_get_start_column(node);
  size_t off;

  if (line < 1 || (size_t)line > m->n_lines)
    return 0;
  off = m->line_start[line - 1] + (size_t)(col > 0 ? col - 1 : 0);
  return (uint32_t)(off <= m->len ? off : m->len);
}

/* A literal: byte for byte when it stands at `at` in the source (or just after), else decoded. */
static void put_literal(md_ctx *m, const char *lit, uint32_t at, bool raw)
{
  size_t n = lit != NULL ? strlen(lit) : 0;
  size_t window = at + n + 8 < m->len ? n + 8 : m->len - at;
  const char *hit = NULL;

  if (n == 0 || at > m->len)
    return;
  if (n <= m->len - at && memcmp(m->src + at, lit, n) == 0)
    hit = m->src + at;                      /* the usual case: no search */
  else if (at < m->len)
    hit = memmem(m->src + at, window, lit, n);
  if (hit != NULL)
    at = (uint32_t)(hit - m->src);
  if (raw)
    ac_view_raw(m->v, lit, n, at);
  else if (hit != NULL)
    ac_view_text(m->v, lit, n, at);
  else
    ac_view_value(m->v, lit, n, at);
}

static void put_attr(md_ctx *m, const char *name, const char *value, uint32_t at)
{
  if (value == NULL || *value == '\0')
    return;
  ac_view_tag(m->v, " ", at);
  ac_view_tag(m->v, name, at);
  ac_view_tag(m->v, "=\"", at);
  ac_view_value(m->v, value, strlen(value), at);
  ac_view_tag(m->v, "\"", at);
}

static void link_tag(md_ctx *m, cmark_node *node, uint32_t at, bool image)
{
  ac_view_tag(m->v, image ? "<img" : "<a", at);
  put_attr(m, image ? "src" : "href", cmark_node_get_url(node), at);
  put_attr(m, "title", cmark_node_get_title(node), at);
  ac_view_tag(m->v, ">", at);
}

/* Extension nodes (tables, strikethrough) by the name cmark-gfm gives their type. */
static const char *extension_tag(cmark_node *node, bool enter)
{
  static const struct { const char *type, *open, *close; } table[] = {
    {"table", "<table>", "</table>\n"}, {"table_header", "<tr>", "</tr>\n"},
    {"table_row", "<tr>", "</tr>\n"}, {"table_cell", "<td>", "</td>"},
    {"strikethrough", "<del>", "</del>"},
  };
  const char *type = cmark_node_get_type_string(node);

  for (size_t i = 0; type != NULL && i < AC_COUNT(table); i++)
    if (strcmp(type, table[i].type) == 0)
      return enter ? table[i].open : table[i].close;
  return NULL;
}

static void heading_tag(md_ctx *m, cmark_node *node, uint32_t at, bool enter)
{
  char tag[8];
  int level = cmark_node_get_heading_level(node);

  snprintf(tag, sizeof tag, enter ? "<h%d>" : "</h%d>\n", level >= 1 && level <= 6 ? level : 6);
  ac_view_tag(m->v, tag, at);
}

static void container(md_ctx *m, cmark_node *node, uint32_t at, bool enter)
{
  const char *open = NULL, *close = NULL;

  switch (cmark_node_get_type(node)) {
  case CMARK_NODE_PARAGRAPH: open = "<p>"; close = "</p>\n"; break;
  case CMARK_NODE_BLOCK_QUOTE: open = "<blockquote>\n"; close = "</blockquote>\n"; break;
  case CMARK_NODE_LIST:
    open = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST ? "<ol>\n" : "<ul>\n";
    close = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST ? "</ol>\n" : "</ul>\n";
    break;
  case CMARK_NODE_ITEM: open = "<li>"; close = "</li>\n"; break;
  case CMARK_NODE_EMPH: open = "<em>"; close = "</em>"; break;
  case CMARK_NODE_STRONG: open = "<strong>"; close = "</strong>"; break;
  case CMARK_NODE_HEADING: heading_tag(m, node, at, enter); return;
  case CMARK_NODE_LINK:
    if (enter)
      link_tag(m, node, at, false);
    else
      ac_view_tag(m->v, "</a>", at);
    return;
  case CMARK_NODE_IMAGE:
    if (enter)
      link_tag(m, node, at, true);
    m->in_image += enter ? 1 : -1;
    return;
  default:
    open = extension_tag(node, true);
    close = extension_tag(node, false);
    break;
  }
  if ((enter ? open : close) != NULL)
    ac_view_tag(m->v, enter ? open : close, at);
}

static void leaf(md_ctx *m, cmark_node *node, uint32_t at)
{
  const char *lit = cmark_node_get_literal(node);

  switch (cmark_node_get_type(node)) {
  case CMARK_NODE_TEXT: if (m->in_image == 0) put_literal(m, lit, at, false); break;
  case CMARK_NODE_SOFTBREAK: ac_view_tag(m->v, "\n", at); break;
  case CMARK_NODE_LINEBREAK: ac_view_tag(m->v, "<br>\n", at); break;
  case CMARK_NODE_THEMATIC_BREAK: ac_view_tag(m->v, "<hr>\n", at); break;
  case CMARK_NODE_CODE:
    ac_view_tag(m->v, "<code>", at);
    put_literal(m, lit, at, false);
    ac_view_tag(m->v, "</code>", at);
    break;
  case CMARK_NODE_CODE_BLOCK:
    ac_view_tag(m->v, "<pre><code>", at);
    put_literal(m, lit, at, false);
    ac_view_tag(m->v, "</code></pre>\n", at);
    break;
  case CMARK_NODE_HTML_BLOCK:
  case CMARK_NODE_HTML_INLINE: put_literal(m, lit, at, true); break;
  default: break;
  }
}

static bool is_leaf(cmark_node_type t)
{
  return t == CMARK_NODE_TEXT || t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
         t == CMARK_NODE_THEMATIC_BREAK || t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK ||
         t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE;
}

static int walk(md_ctx *m, cmark_node *root)
{
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;

  if (it == NULL)
    return AC_ENOMEM;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && m->v->status == AC_OK) {
    cmark_node *node = cmark_iter_get_node(it);
    uint32_t at = node_offset(m, node);
    if (cmark_node_get_type(node) == CMARK_NODE_DOCUMENT)
      continue;
    if (is_leaf(cmark_node_get_type(node)))
      leaf(m, node, at);
    else
      container(m, node, at, ev == CMARK_EVENT_ENTER);
  }
  cmark_iter_free(it);
  return m->v->status;
}

/* MDX: `import`/`export` lines and JSX block lines (`<Component …>`) are not prose. */
static bool mdx_line(const char *s, size_t n)
{
  return (n >= 7 && (memcmp(s, "import ", 7) == 0 || memcmp(s, "export ", 7) == 0)) ||
         (n >= 2 && s[0] == '<' && ((s[1] >= 'A' && s[1] <= 'Z') || s[1] == '/' || s[1] == '>') &&
          !(n >= 3 && s[1] == '/' && !(s[2] >= 'A' && s[2] <= 'Z')));
}

/* Front matter and MDX lines become spaces, so cmark's lines and columns stay the file's. */
static size_t blank_out(ac_view *v, char *copy, size_t len, size_t fm_len, bool mdx)
{
  size_t skipped = 0;

  for (size_t i = 0; i < fm_len; i++)
    if (copy[i] != '\n')
      copy[i] = ' ';
  for (size_t i = fm_len; mdx && i < len;) {
    char *nl = memchr(copy + i, '\n', len - i);
    size_t end = nl != NULL ? (size_t)(nl - copy) : len;
    if (mdx_line(copy + i, end - i)) {
      if (skipped++ == 0)
        ac_view_note_add(v, (uint32_t)i, "mdx-skipped", "MDX: import, export and JSX lines are not checked");
      memset(copy + i, ' ', end - i);
    }
    i = end + 1;
  }
  return skipped;
}

static int render(md_ctx *m, const char *copy, size_t len)
{
  cmark_parser *parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE);
  static const char *const exts[] = {"table", "autolink", "strikethrough"};
  cmark_node *doc;
  int rc;

  if (parser == NULL)
    return AC_ENOMEM;
  for (size_t i = 0; i < AC_COUNT(exts); i++) {
    cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
    if (e != NULL)
      cmark_parser_attach_syntax_extension(parser, e);
  }
  cmark_parser_feed(parser, copy, len);
  doc = cmark_parser_finish(parser);
  rc = doc != NULL ? walk(m, doc) : AC_ENOMEM;
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return rc;
}

int ac_page__view_markdown(ac_view *v, const char *name, const char *text, size_t len,
                           bool mdx, ac_error *err)
{
  size_t fm_len = ac_page__front_matter_length(text, len);
  md_ctx m = {v, text, len, NULL, 0, 0};
  char *copy = malloc(len + 1);
  int rc = copy != NULL ? line_table(&m) : AC_ENOMEM;

  pthread_once(&extensions_once, register_extensions);
  if (rc == AC_OK) {
    memcpy(copy, text, len);
    copy[len] = '\0';
    blank_out(v, copy, len, fm_len, mdx);
    ac_view_tag(v, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n", 0);
    if (fm_len > 0)
      ac_page__front_matter_head(v, text, fm_len);
    ac_view_tag(v, "</head><body><article>\n", (uint32_t)fm_len);
    rc = render(&m, copy, len);
    if (rc == AC_OK)
      rc = ac_view_tag(v, "</article></body></html>\n", (uint32_t)len);
  }
  free(copy);
  free(m.line_start);
  if (rc == AC_ENOMEM)
    return ac_error_set_file(err, rc, name, 0, 0, "out of memory");
  if (rc == AC_ELIMIT)
    return ac_error_set(err, AC_ECOMPLEX,
                        "%s: page-too-complex: the Markdown's HTML view needs more than %zu bytes",
                        name, v->limit);
  return rc;
}
