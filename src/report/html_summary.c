/*
 * The HTML report's summary: the run's counts, and small inline SVG bar
 * charts (pages by verdict, findings by rule and severity, top credited
 * sources, top matched originals, copy classes), each bar's number written
 * beside it so the chart reads without colour and prints.
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"

#define TOP 10                /* bars per "top" chart */
#define LABEL_BYTES 44        /* a label longer than this is cut; its <title> has it whole */
#define BAR_WIDTH 200
#define ROW 22

typedef struct bar {
  const char *label;       /* borrowed */
  size_t count;
} bar;

static int by_string(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int by_count(const void *a, const void *b)
{
  const bar *x = a, *y = b;

  if (x->count != y->count)
    return (x->count < y->count) - (x->count > y->count);
  return strcmp(x->label, y->label);
}

/* Distinct values of a category with their counts, most frequent first. malloc'd. */
static bar *tally(html_keys *k, size_t *n)
{
  bar *bars = malloc((k->n > 0 ? k->n : 1) * sizeof *bars);

  *n = 0;
  if (bars == NULL)
    return NULL;
  if (k->n > 0)                          /* items is NULL when nothing was counted */
    qsort(k->items, k->n, sizeof *k->items, by_string);
  for (size_t i = 0; i < k->n; i++) {
    if (*n > 0 && strcmp(bars[*n - 1].label, k->items[i]) == 0) {
      bars[*n - 1].count++;
      continue;
    }
    bars[*n].label = k->items[i];
    bars[(*n)++].count = 1;
  }
  qsort(bars, *n, sizeof *bars, by_count);
  return bars;
}

/* A label cut at a character boundary, for the chart; the bar's <title> is whole. */
static void short_label(FILE *o, const char *s)
{
  size_t len = strlen(s);

  if (len <= LABEL_BYTES) {
    ac_html__text(o, s, len);
    return;
  }
  len = LABEL_BYTES;
  while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
    len--;
  ac_html__text(o, s, len);
  fputs("…", o);
}

static void chart(FILE *o, const char *caption, const bar *bars, size_t n, size_t shown)
{
  size_t max = 1, rows = n < shown ? n : shown;
  int height = (int)(rows > 0 ? rows : 1) * ROW + 4;

  for (size_t i = 0; i < rows; i++)
    max = bars[i].count > max ? bars[i].count : max;
  fprintf(o, "<figure><figcaption>%s</figcaption>\n", caption);
  fprintf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"%d\" "
             "viewBox=\"0 0 600 %d\" role=\"img\" aria-label=\"%s\" font-size=\"12\" "
             "font-family=\"sans-serif\">\n", height, height, caption);
  if (rows == 0)
    fputs("<text x=\"0\" y=\"16\" fill=\"#555\">none</text>\n", o);
  for (size_t i = 0; i < rows; i++) {
    int y = (int)i * ROW + 2, w = (int)((double)bars[i].count * BAR_WIDTH / (double)max);
    fprintf(o, "<g><title>");
    ac_html__str(o, bars[i].label);
    fprintf(o, ": %zu</title><text x=\"0\" y=\"%d\">", bars[i].count, y + 15);
    short_label(o, bars[i].label);
    fprintf(o, "</text><rect x=\"330\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"#4a78b5\"/>"
               "<text x=\"%d\" y=\"%d\">%zu</text></g>\n", y + 2, w > 0 ? w : 1, 336 + w, y + 15,
            bars[i].count);
  }
  fputs("</svg>\n", o);
  if (n > shown)
    fprintf(o, "<p class=\"off\">and %zu more</p>\n", n - shown);
  fputs("</figure>\n", o);
}

static int top_chart(FILE *o, html_state *s, int k, const char *caption, size_t shown)
{
  size_t n = 0;
  bar *bars = tally(&s->keys[k], &n);

  if (bars == NULL)
    return AC_ENOMEM;
  chart(o, caption, bars, n, shown);
  free(bars);
  return AC_OK;
}

static void count_row(FILE *o, const char *id, const char *what, size_t n)
{
  fprintf(o, "<tr><th>%s</th><td class=\"n\" id=\"%s\">%zu</td></tr>\n", what, id, n);
}

static void counts(FILE *o, const ac_totals *t)
{
  fputs("<table class=\"counts\">\n", o);
  count_row(o, "n-pages", "pages checked", t->pages);
  count_row(o, "n-pass", "pass", t->pages - t->pages_failing);
  count_row(o, "n-fail", "fail", t->pages_failing);
  count_row(o, "n-error", "could not be checked (error)", t->failed_inputs);
  count_row(o, "n-skipped", "skipped (not a page)", t->skipped);
  count_row(o, "n-errors", "error findings", t->errors);
  count_row(o, "n-warnings", "warning findings", t->warnings);
  count_row(o, "n-notes", "note findings", t->notes);
  count_row(o, "n-suppressed", "suppressed findings", t->suppressed);
  fputs("</table>\n", o);
}

int ac_html__summary(ac_report *r, html_state *s, const ac_totals *t)
{
  FILE *o = r->out;
  bar verdicts[4] = {
    {"fail", t->pages_failing}, {"pass", t->pages - t->pages_failing},
    {"error", t->failed_inputs}, {"skipped", t->skipped},
  };
  int rc;

  fputs("<h2 id=\"summary\">Summary</h2>\n", o);
  counts(o, t);
  fputs("<div class=\"charts\">\n", o);
  chart(o, "Pages by verdict", verdicts, 4, 4);
  rc = top_chart(o, s, HTML_KEY_RULE, "Findings by rule (severity)", 2 * TOP);
  if (rc == AC_OK)
    rc = top_chart(o, s, HTML_KEY_CREDIT, "Top credited sources", TOP);
  if (rc == AC_OK)
    rc = top_chart(o, s, HTML_KEY_ORIGINAL, "Top matched originals", TOP);
  if (rc == AC_OK)
    rc = top_chart(o, s, HTML_KEY_CLASS, "Copy classes (best match per page)", TOP);
  fputs("</div>\n", o);
  return rc;
}
