/*
 * One checked page as a JSON document of its own, for callers that answer
 * per page (attrcheck serve): the verdict first, then the page object that
 * `check --format json` writes in its "pages" array, from the same writer.
 */
#include <errno.h>
#include <string.h>

#include "jsonw.h"
#include "report.h"

int ac_report_json_page(FILE *out, const ac_page *page, ac_severity fail_on, ac_error *err)
{
  ac_report r;                       /* only the judgement options are read */
  ac_jsonw w;

  memset(&r, 0, sizeof r);
  r.ops = &ac_report__json;
  r.opts.fail_on = fail_on;
  r.out = out;
  ac_jsonw_init(&w, out, true);
  ac_jsonw_object(&w);
  ac_jsonw_kstr(&w, "verdict", ac_report__verdict(&r, page));
  ac_jsonw_key(&w, "page");
  ac_report__json_page_object(&w, &r, page);
  ac_jsonw_close(&w, '}');
  fputc('\n', out);
  if (ferror(out))
    return ac_error_set_file(err, AC_EIO, ac_page_path(page), 0, 0, "writing the JSON page: %s",
                             strerror(errno ? errno : EIO));
  return AC_OK;
}
