/* Internal to the HTML report: its state and the pieces in html*.c. */
#ifndef AC_REPORT_HTML_H
#define AC_REPORT_HTML_H

#include <stdio.h>

#include "report.h"

enum { HTML_KEY_RULE = 0, HTML_KEY_CREDIT, HTML_KEY_ORIGINAL, HTML_KEY_CLASS, HTML_KEYS };

/* Values seen on the pages, one per page (or finding), counted at the end. */
typedef struct html_keys {
  char **items;            /* malloc'd strings */
  size_t n, cap;
} html_keys;

typedef struct html_state {
  FILE *rows;              /* tmpfile: the page table's rows, in input order */
  FILE *details;           /* tmpfile: each page's section */
  size_t seq;              /* inputs so far: the row and section number */
  html_keys keys[HTML_KEYS];
  char style_hash[64], script_hash[64];   /* base64 SHA-256 for the CSP */
} html_state;

/* html.c */
/** Count `value` under category k for the summary; NULL or "" is not counted. */
int ac_html__key(html_state *s, int k, const char *value);
/** Escaped text: & < > " ' as references, controls as spaces, bad UTF-8 as U+FFFD. */
void ac_html__text(FILE *o, const char *s, size_t len);
void ac_html__str(FILE *o, const char *s);
/** An http(s) URL as a link (rel=noopener noreferrer); any other value as text. */
void ac_html__url(FILE *o, const char *url);

/* html_page.c */
/** The page's row in the page table. */
void ac_html__row(ac_report *r, html_state *s, const ac_page *page);
/** The row of an input that was not checked ("error" or "skipped", and why). */
void ac_html__input_row(html_state *s, const char *path, const char *verdict, const char *why);
/** The page's section: findings, facts, matches and their passages. AC_ENOMEM. */
int ac_html__details(ac_report *r, html_state *s, const ac_page *page);

/* html_summary.c */
/** The summary: counts by verdict and the bar charts. AC_ENOMEM. */
int ac_html__summary(ac_report *r, html_state *s, const ac_totals *t);

#endif
