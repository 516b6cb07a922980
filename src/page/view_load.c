/* The loader's step for non-HTML kinds: the view replaces the text, the original stays. */
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "view.h"

/*
 * The view may grow to this many times the original (escaping, tags: one ">"
 * of Markdown is a 27-byte <blockquote> pair), plus room for a head, and never
 * past the page's memory budget. A view over that is page-too-complex, as a
 * page whose parse needs more than its budget.
 */
#define VIEW_GROWTH 16
#define VIEW_SLACK ((size_t)1 << 16)

static size_t view_limit(size_t len, const ac_limits *limits)
{
  size_t limit = len > (SIZE_MAX - VIEW_SLACK) / VIEW_GROWTH ? SIZE_MAX
                                                             : VIEW_GROWTH * len + VIEW_SLACK;

  return limits->max_memory != 0 && limits->max_memory < limit ? limits->max_memory : limit;
}

static int build(ac_view *v, ac_input_type kind, const char *name, const char *text, size_t len,
                 ac_error *err)
{
  if (kind == AC_INPUT_MARKDOWN)
    return ac_page__view_markdown(v, name, text, len, ac_page__is_mdx(name), err);
  if (kind == AC_INPUT_TEXT)
    return ac_page__view_text(v, name, text, len, err);
  return ac_error_set_file(err, AC_ENOTPAGE, name, 0, 0,
                           "feeds are not read yet (--input-type feed)");
}

int ac_page__make_view(ac_page *page, ac_input_type forced, ac_error *err)
{
  ac_input_type kind = ac_page__kind(forced, page->path, page->text, page->len);
  size_t len = page->len;
  ac_view v;
  int rc;

  page->kind = kind;
  if (kind == AC_INPUT_HTML)
    return AC_OK;
  ac_view_init(&v, view_limit(len, &page->limits));
  rc = build(&v, kind, page->path, page->text, len, err);
  if (rc < 0) {
    ac_view_dispose(&v);
    return rc;
  }
  page->orig = page->text;                 /* positions are reported in the original */
  page->orig_len = len;
  page->text = v.text;
  page->len = v.len;
  page->view_map = v.segs;
  page->n_view_map = v.n_segs;
  for (size_t i = 0; i < v.n_notes; i++) {
    ac_span at = {v.notes[i].at, v.notes[i].at};
    if (ac_page_note(page, v.notes[i].code, at, "%s", v.notes[i].msg) < 0)
      return ac_error_set_file(err, AC_ENOMEM, page->path, 0, 0, "out of memory");
  }
  return AC_OK;
}

ac_input_type ac_page_kind(const ac_page *page)
{
  return page->kind;
}

const char *ac_page_kind_name(const ac_page *page)
{
  switch (page->kind) {
  case AC_INPUT_MARKDOWN: return "markdown";
  case AC_INPUT_TEXT: return "text";
  case AC_INPUT_FEED: return "feed-item";
  default: return "html";
  }
}

const char *ac_page_original_text(const ac_page *page, size_t *len)
{
  if (len != NULL)
    *len = page->orig != NULL ? page->orig_len : page->len;
  return page->orig != NULL ? page->orig : page->text;
}
