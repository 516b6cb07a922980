/* TEMPORARY scaffold so the tree links; the report module replaces this file. */
#include "attrcheck/report.h"
const char *const *ac_report_formats(void) { static const char *const f[] = {NULL}; return f; }
int ac_report_new(ac_report **out, const ac_report_options *o, ac_error *err) { (void)o; *out = NULL; return ac_error_set(err, AC_ERROR, "not built yet"); }
int ac_report_page(ac_report *r, const ac_page *p, ac_error *err) { (void)r; (void)p; (void)err; return AC_OK; }
int ac_report_failure(ac_report *r, const char *path, const ac_error *e, ac_error *err) { (void)r; (void)path; (void)e; (void)err; return AC_OK; }
int ac_report_end(ac_report *r, const ac_totals *t, ac_error *err) { (void)r; (void)t; (void)err; return AC_OK; }
void ac_report_free(ac_report *r) { (void)r; }
