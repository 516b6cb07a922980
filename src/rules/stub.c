/* TEMPORARY scaffold so the tree links; the rules module replaces this file. */
#include <stdlib.h>
#include "attrcheck/rules.h"
struct ac_rules { int unused; };
int ac_rules_new(ac_rules **out, ac_error *err) { (void)err; *out = calloc(1, sizeof **out); return *out ? AC_OK : AC_ENOMEM; }
int ac_rules_add_file(ac_rules *r, const char *path, ac_error *err) { (void)r; return ac_error_set(err, AC_ERROR, "%s: not built yet", path); }
int ac_rules_add_buffer(ac_rules *r, const char *name, const char *xml, size_t len, ac_error *err) { (void)r; (void)xml; (void)len; return ac_error_set(err, AC_ERROR, "%s: not built yet", name); }
int ac_rules_add_defaults(ac_rules *r, const char *dir, ac_error *err) { (void)r; (void)dir; (void)err; return AC_OK; }
void ac_rules_free(ac_rules *r) { free(r); }
int ac_rules_match_notices(const ac_rules *r, const char *t, size_t l, ac_phrase_match *o, size_t m) { (void)r; (void)t; (void)l; (void)o; (void)m; return 0; }
const ac_source *ac_rules_source_by_host(const ac_rules *r, const char *h) { (void)r; (void)h; return NULL; }
const ac_source *ac_rules_source_by_name(const ac_rules *r, const char *n) { (void)r; (void)n; return NULL; }
bool ac_rules_name_matches_host(const ac_rules *r, const char *n, const char *h) { (void)r; (void)n; (void)h; return false; }
int ac_rules_eval(const ac_rules *r, ac_page *p, const ac_eval_options *o, ac_error *err) { (void)r; (void)p; (void)o; (void)err; return AC_OK; }
size_t ac_rules_count(const ac_rules *r) { (void)r; return 0; }
const ac_rule_info *ac_rules_info(const ac_rules *r, size_t i) { (void)r; (void)i; return NULL; }
const ac_rule_info *ac_rules_find(const ac_rules *r, const char *id) { (void)r; (void)id; return NULL; }
const char *ac_severity_name(ac_severity s) { static const char *n[] = {"none","note","warning","error"}; return (unsigned)s < 4 ? n[s] : "none"; }
int ac_severity_from_name(const char *name) { (void)name; return -1; }
