/*
 * Checks on machine-readable rights (facts.h ac_right): the TDM Reservation
 * Protocol's channels and the AI-use opt-outs. These vocabularies are still
 * moving, so the built-in rules that use them are warnings (rules/rights.xml).
 */
#include <string.h>

#include "checks.h"

/* "http 3:1" or "page 12:5": where a rights fact was read, for messages. */
static const char *where(ac_eval *x, const ac_right *r)
{
  ac_pos p = {r->line, r->column};

  if (r->origin == AC_ORIGIN_PAGE)
    p = ac_page_pos(x->page, r->span.start);
  return ac_arena_printf(x->arena, "%s %u:%u", ac_rights_origin_name(r->origin), p.line,
                         p.column);
}

/* The page's own span when the fact is in the page; the page start otherwise. */
static ac_span fact_span(const ac_right *r)
{
  ac_span none = {0, 0};

  return r->origin == AC_ORIGIN_PAGE ? r->span : none;
}

static int emit_about(ac_eval *x, const ac_rule *r, const ac_right *at, const char *msg)
{
  ac_vars v = {.evidence = msg};

  if (msg == NULL)
    return AC_ENOMEM;
  return ac_rules__emit(x, r, fact_span(at), "{evidence}", &v);
}

/* TDMRep: two channels state different reservations; the report's order picks one. */
int ac_check_tdm_channels_agree(ac_eval *x, const ac_rule *r)
{
  const ac_facts *f = x->f;
  int from = f->rights_summary.tdm_from;

  if (from < 0)
    return AC_OK;
  const ac_right *win = &f->rights[from];
  for (size_t i = 0; i < f->n_rights; i++) {
    const ac_right *o = &f->rights[i];
    if (strcmp(o->name, "tdm-reservation") != 0 || strcmp(o->value, win->value) == 0)
      continue;
    const char *msg = ac_arena_printf(x->arena, "tdm-reservation is %s in %s but %s in %s; "
                                      "%s wins", win->value, where(x, win), o->value,
                                      where(x, o), ac_rights_origin_name(win->origin));
    return emit_about(x, r, o->origin == AC_ORIGIN_PAGE ? o : win, msg);   /* once a page */
  }
  return AC_OK;
}

/* TDMRep: a tdm-policy only means something where rights are reserved (tdm-reservation 1). */
int ac_check_tdm_policy_reserved(ac_eval *x, const ac_rule *r)
{
  const ac_facts *f = x->f;

  for (size_t i = 0; i < f->n_rights; i++) {
    const ac_right *p = &f->rights[i];
    if (strcmp(p->name, "tdm-policy") != 0)
      continue;
    bool reserved = false;
    for (size_t k = 0; k < f->n_rights; k++)
      reserved = reserved || (f->rights[k].origin == p->origin &&
                              strcmp(f->rights[k].name, "tdm-reservation") == 0 &&
                              strcmp(f->rights[k].value, "1") == 0);
    if (reserved)
      continue;
    const char *msg = ac_arena_printf(x->arena, "tdm-policy %s (%s) without tdm-reservation 1 "
                                      "in the same channel", p->value, where(x, p));
    int rc = emit_about(x, r, p, msg);
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}

/* An AI-use opt-out (noai, train-ai=n) beside tdm-reservation 0: miners get both answers. */
int ac_check_ai_use_consistent(ac_eval *x, const ac_rule *r)
{
  const ac_facts *f = x->f;
  const ac_rights_summary *s = &f->rights_summary;

  if (s->ai_use == NULL || s->tdm_reservation != 0)
    return AC_OK;
  const ac_right *tdm = &f->rights[s->tdm_from];
  const char *msg = ac_arena_printf(x->arena, "AI use is opted out (%s) but tdm-reservation is "
                                    "0 in %s", s->ai_use, where(x, tdm));
  return emit_about(x, r, tdm, msg);
}

/* "CC-BY" (no version, as text often says) agrees with "CC-BY-4.0"; otherwise ids must match. */
static bool licenses_agree(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);

  if (strcmp(a, b) == 0)
    return true;
  if (la > lb) {
    const char *t = a;
    a = b;
    b = t;
    la = lb;
  }
  return strpbrk(a, "0123456789") == NULL && strncmp(a, b, la) == 0 && b[la] == '-' &&
         b[la + 1] >= '0' && b[la + 1] <= '9';
}

static const char *channel_name(ac_signal_source s)
{
  static const char *const names[] = {"visible text", "rel=license", "JSON-LD", "ccREL",
                                      "meta", "microdata", "a license link"};

  return (unsigned)s < AC_COUNT(names) ? names[s] : "a channel";
}

/*
 * The article's license as two channels state it (visible text, rel=license,
 * JSON-LD, Dublin Core/meta, ccREL, microdata, a link to a deed): different
 * licenses for the same work are an error naming both. Figures' licenses
 * (captions) and unrecognised licenses are left out: they are not the text's.
 */
int ac_check_license_channels_agree(ac_eval *x, const ac_rule *r)
{
  const ac_facts *f = x->f;

  for (size_t i = 0; i < f->n_licenses; i++) {
    const ac_license *a = &f->licenses[i];
    if (a->scope != AC_SCOPE_PAGE || strcmp(a->id, "unknown") == 0)
      continue;
    for (size_t k = i + 1; k < f->n_licenses; k++) {
      const ac_license *b = &f->licenses[k];
      if (b->scope != AC_SCOPE_PAGE || strcmp(b->id, "unknown") == 0 || b->source == a->source ||
          licenses_agree(a->id, b->id))
        continue;
      ac_pos pa = ac_page_pos(x->page, a->span.start), pb = ac_page_pos(x->page, b->span.start);
      const char *msg = ac_arena_printf(x->arena, "the license is %s in %s (%u:%u) but %s in %s "
                                        "(%u:%u)", a->id, channel_name(a->source), pa.line,
                                        pa.column, b->id, channel_name(b->source), pb.line,
                                        pb.column);
      ac_vars v = {.evidence = msg, .license = a->id};
      return msg != NULL ? ac_rules__emit(x, r, b->span, "{evidence}", &v) : AC_ENOMEM;
    }
  }
  return AC_OK;
}

/* C2PA: a text asset has one active manifest; two associations leave it unclear which. */
int ac_check_c2pa_single_manifest(ac_eval *x, const ac_rule *r)
{
  const ac_facts *f = x->f;
  const ac_right *first = NULL;

  for (size_t i = 0; i < f->n_rights; i++) {
    const ac_right *m = &f->rights[i];
    if (strcmp(m->name, "c2pa-manifest") != 0)
      continue;
    if (first == NULL) {
      first = m;
      continue;
    }
    const char *msg = ac_arena_printf(x->arena, "C2PA manifest associated twice: %s (%s) and "
                                      "%s (%s)", first->detail, where(x, first), m->detail,
                                      where(x, m));
    return emit_about(x, r, m, msg);
  }
  return AC_OK;
}

/* Lower-case letters and digits of s (ASCII folded; other bytes kept) into out. */
static void holder_key(const char *s, char *out, size_t size)
{
  size_t n = 0;

  for (; *s != '\0' && n + 1 < size; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 'A' && c <= 'Z')
      out[n++] = (char)(c + 32);
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
      out[n++] = (char)c;
  }
  out[n] = '\0';
}

/* "News Example Ltd" and "News Example" agree: one name contains the other. */
static bool holders_agree(const char *a, const char *b)
{
  char ka[256], kb[256];

  holder_key(a, ka, sizeof ka);
  holder_key(b, kb, sizeof kb);
  return ka[0] == '\0' || kb[0] == '\0' || strstr(ka, kb) != NULL || strstr(kb, ka) != NULL;
}

/*
 * The copyright holder as RSL <copyright> and schema.org copyrightHolder
 * (JSON-LD, microdata) state it: two machine-readable channels naming
 * different holders are an error naming both. The visible © notice is not
 * compared: footers name the site's operator, and brands differ from
 * companies ("The Verge" / "Vox Media"), so that comparison would mislead.
 */
int ac_check_holder_channels_agree(ac_eval *x, const ac_rule *r)
{
  const ac_facts *f = x->f;

  for (size_t i = 0; i < f->n_rights; i++) {
    const ac_right *c = &f->rights[i];
    if (strcmp(c->name, "rsl-copyright") != 0)
      continue;
    for (size_t k = 0; k < f->n_signals; k++) {
      const ac_signal *s = &f->signals[k];
      if ((strcmp(s->name, "jsonld.copyrightHolder") != 0 &&
           strcmp(s->name, "microdata.copyrightHolder") != 0) ||
          holders_agree(c->value, s->value))
        continue;
      ac_pos p = ac_page_pos(x->page, s->span.start);
      const char *msg = ac_arena_printf(x->arena, "the copyright holder is \"%s\" in RSL (%s) but "
                                        "\"%s\" in %s (%u:%u)", c->value, where(x, c), s->value,
                                        s->name, p.line, p.column);
      return emit_about(x, r, c, msg);
    }
  }
  return AC_OK;
}
