/*
 * ac_page_extract_with: parse once, walk once, then post-passes over the lists.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "parse.h"

static int run_passes(xctx *x, const GumboOutput *out)
{
  int rc = ac_extract__walk(x, out->document);

  if (rc == AC_OK)
    rc = ac_extract__resolve(x);
  if (rc == AC_OK)
    rc = ac_extract__maintext(x);
  if (rc == AC_OK)
    rc = ac_extract__notices(x);
  if (rc == AC_OK)
    rc = ac_extract__republication(x);
  if (rc == AC_OK)
    rc = ac_extract__rights(x);
  return rc;
}

/* What the page may still allocate (JSON-LD) while its tree is held. */
static size_t mem_left(const ac_limits *limits, const ac_parse *parsed)
{
  size_t used = ac_parse_used_bytes(parsed);

  if (limits->max_memory == 0)
    return SIZE_MAX;
  return used < limits->max_memory ? limits->max_memory - used : 0;
}

int ac_page_extract_with(ac_page *page, const ac_extract_options *opts, ac_error *err)
{
  static const ac_extract_options none = AC_EXTRACT_OPTIONS_INIT;
  ac_error local;
  ac_parse *parsed = NULL;
  xctx x;
  int rc;

  if (page->extracted)
    return AC_OK;
  memset(&x, 0, sizeof x);
  x.page = page;
  x.facts = &page->facts;
  x.arena = page->arena;
  x.opts = opts != NULL ? opts : &none;
  x.err = err != NULL ? err : &local;
  x.max_facts = page->limits.max_facts ? page->limits.max_facts : AC_DEFAULT_MAX_FACTS;
  x.cur_item = -1;
  rc = ac_parse_html(&parsed, page->path, page->text, page->len, &page->limits, x.err);
  if (rc < 0)
    return rc;
  x.mem_left = mem_left(&page->limits, parsed);
  rc = run_passes(&x, ac_parse_output(parsed));
  ac_parse_free(parsed);
  free(x.buf);
  free(x.map);
  free(x.anchors);
  free(x.cls_cache);
  free(x.author_set);
  if (rc < 0) {
    memset(&page->facts, 0, sizeof page->facts);
    return rc;
  }
  page->extracted = true;
  return AC_OK;
}
