/* TEMPORARY scaffold so the tree links; the index module replaces this file. */
#include "attrcheck/index.h"
int ac_index_open(ac_index **out, const char *path, int flags, ac_error *err)
{ (void)flags; *out = NULL; return ac_error_set(err, AC_ERROR, "%s: index not built yet", path); }
void ac_index_close(ac_index *index) { (void)index; }
int ac_index_add(ac_index *i, const ac_page *p, const char *url, ac_add_result *r, ac_error *err)
{ (void)i; (void)p; (void)url; (void)r; return ac_error_set(err, AC_ERROR, "not built yet"); }
int ac_index_remove(ac_index *i, const char *url, ac_error *err) { (void)i; (void)url; return ac_error_set(err, AC_ERROR, "not built yet"); }
int ac_index_match(ac_index *i, ac_page *p, const ac_match_options *o, ac_error *err) { (void)i; (void)p; (void)o; return ac_error_set(err, AC_ERROR, "not built yet"); }
int ac_index_stats_get(ac_index *i, ac_index_stats *s, ac_error *err) { (void)i; (void)s; return ac_error_set(err, AC_ERROR, "not built yet"); }
int ac_index_foreach(ac_index *i, int (*fn)(const ac_original *o, void *ctx), void *ctx, ac_error *err)
{ (void)i; (void)fn; (void)ctx; return ac_error_set(err, AC_ERROR, "not built yet"); }
int ac_index_verify(ac_index *i, ac_error *err) { (void)i; return ac_error_set(err, AC_ERROR, "not built yet"); }
