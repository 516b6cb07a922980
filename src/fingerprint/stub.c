/* TEMPORARY scaffold so the tree links; the fingerprint module replaces this file. */
#include <stdlib.h>
#include "attrcheck/fingerprint.h"
int ac_fp_compute(ac_fingerprint **out, const char *text, size_t len, const ac_fp_params *params, ac_error *err)
{ (void)text; (void)len; (void)params; *out = NULL; return ac_error_set(err, AC_ERROR, "not built yet"); }
void ac_fp_free(ac_fingerprint *fp) { (void)fp; }
char *ac_fp_normalized(const char *text, size_t len) { (void)text; (void)len; return NULL; }
int ac_page_fingerprint(ac_page *page, const ac_fp_params *params, ac_error *err)
{ (void)page; (void)params; return ac_error_set(err, AC_ERROR, "not built yet"); }
const ac_fingerprint *ac_page_fp(const ac_page *page) { (void)page; return NULL; }
const char *ac_copy_class_name(ac_copy_class c) { (void)c; return "unrelated"; }
int ac_fp_compare(ac_comparison **out, const ac_fingerprint *o, const ac_fingerprint *c, ac_error *err)
{ (void)o; (void)c; *out = NULL; return ac_error_set(err, AC_ERROR, "not built yet"); }
void ac_comparison_free(ac_comparison *c) { (void)c; }
