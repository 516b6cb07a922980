/* Extraction: facts from the fixture pages in fixtures/extract, field by field. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrcheck/facts.h"
#include "attrcheck/page.h"
#include "attrcheck/rules.h"
#include "support.h"

static ac_rules *rules_load(void)
{
  ac_rules *r = NULL;
  ac_error err;

  cr_assert_eq(ac_rules_new(&r, &err), AC_OK);
  cr_assert_eq(ac_rules_add_defaults(r, getenv("ATTRCHECK_RULES_DIR"), &err), AC_OK, "%s",
               err.msg);
  return r;
}

static ac_page *extract_buffer(const char *html, size_t len, const char *url,
                               const ac_limits *limits)
{
  ac_rules *r = rules_load();
  ac_extract_options o = AC_EXTRACT_OPTIONS_INIT;
  ac_page *page = NULL;
  ac_error err;

  o.url = url;
  cr_assert_eq(ac_page_load_buffer(&page, "test.html", html, len, limits, &err), AC_OK, "%s",
               err.msg);
  cr_assert_eq(ac_page_extract(page, r, &o, &err), AC_OK, "%s", err.msg);
  ac_rules_free(r);            /* facts must not borrow from the rules */
  return page;
}

static ac_page *extract_fixture(const char *name, const char *url)
{
  char rel[256];
  size_t len;
  char *path, *html;
  ac_page *page;

  snprintf(rel, sizeof rel, "extract/%s", name);
  path = fixture_path(rel);
  html = read_file(path, &len);
  cr_assert_not_null(html, "cannot read %s", path);
  page = extract_buffer(html, len, url, NULL);
  free(html);
  free(path);
  return page;
}

static const ac_signal *signal_named(const ac_facts *f, const char *name)
{
  for (size_t i = 0; i < f->n_signals; i++)
    if (strcmp(f->signals[i].name, name) == 0)
      return &f->signals[i];
  return NULL;
}

static const ac_notice *notice_of(const ac_facts *f, ac_notice_kind kind)
{
  for (size_t i = 0; i < f->n_notices; i++)
    if (f->notices[i].kind == kind)
      return &f->notices[i];
  return NULL;
}

/* The page text under a span, for checking that offsets point at the right bytes. */
static bool span_starts_with(const ac_page *page, ac_span s, const char *want)
{
  size_t len;
  const char *text = ac_page_text(page, &len);

  return s.start + strlen(want) <= len && strncmp(text + s.start, want, strlen(want)) == 0;
}

Test(extract, credit_inside_anchor_becomes_the_notice_credit)
{
  ac_page *page = extract_fixture("credit-anchor.html", NULL);
  const ac_facts *f = ac_page_facts(page);
  const ac_notice *n = notice_of(f, AC_NOTICE_ORIGINALLY_PUBLISHED);

  cr_assert_not_null(n);
  cr_assert_str_eq(n->credit, "The Conversation");
  cr_assert(span_starts_with(page, n->credit_span, "The Conversation</a>"));
  cr_assert_eq(n->n_links, 1);
  cr_assert_str_eq(f->links[n->links[0]].href, "https://theconversation.com/wind-farms-123");
  cr_assert(n->visible);
  cr_assert(n->in_main, "the credit sits in the article body");
  cr_assert_str_eq(f->lang, "en-gb", "lang is lower-cased");
  cr_assert_str_eq(f->title, "Wind farms & birds");
  ac_page_free(page);
}

Test(extract, copyright_footer_gives_holder_years_and_page_chrome)
{
  ac_page *page = extract_fixture("credit-anchor.html", NULL);
  const ac_facts *f = ac_page_facts(page);
  const ac_notice *n = notice_of(f, AC_NOTICE_COPYRIGHT);

  cr_assert_not_null(n);
  cr_assert_str_eq(n->credit, "Example Ltd", "the anchor text, not the rest of the line");
  cr_assert_not(n->in_main, "the footer is the page's own chrome");
  cr_assert_eq(f->n_copyrights, 1);
  cr_assert_str_eq(f->copyrights[0].holder, "Example Ltd");
  cr_assert_str_eq(f->copyrights[0].years, "2019-2023");
  cr_assert(span_starts_with(page, f->copyrights[0].span, "&copy; 2019"));
  cr_assert_not_null(notice_of(f, AC_NOTICE_RIGHTS_RESERVED));
  ac_page_free(page);
}

Test(extract, german_ccrel_block_gives_cc_by_4_with_attribution_name)
{
  ac_page *page = extract_fixture("ccrel-de.html", NULL);
  const ac_facts *f = ac_page_facts(page);
  const ac_signal *name = signal_named(f, "ccrel.attributionName");
  const ac_signal *url = signal_named(f, "ccrel.attributionURL");

  cr_assert_eq(f->n_licenses, 1, "one license, however many ways it is stated");
  cr_assert_str_eq(f->licenses[0].id, "CC-BY-4.0");
  cr_assert_eq(f->licenses[0].scope, AC_SCOPE_PAGE);
  cr_assert_str_eq(f->licenses[0].url, "https://creativecommons.org/licenses/by/4.0/deed.de");
  cr_assert_not_null(name);
  cr_assert_str_eq(name->value, "Stadtarchiv Musterstadt");
  cr_assert_not_null(url);
  cr_assert_str_eq(url->value, "https://stadtarchiv.example.de/");
  ac_page_free(page);
}

Test(extract, license_in_figure_caption_has_figure_scope_and_no_page_license)
{
  ac_page *page = extract_fixture("figure-license.html", NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_eq(f->n_licenses, 2);
  for (size_t i = 0; i < f->n_licenses; i++)
    cr_assert_eq(f->licenses[i].scope, AC_SCOPE_FIGURE, "license %s", f->licenses[i].id);
  cr_assert_str_eq(f->licenses[0].id, "CC-BY-SA-2.0");
  cr_assert_eq(f->licenses[0].source, AC_SIGNAL_REL_LICENSE);
  cr_assert_str_eq(f->licenses[1].id, "CC0-1.0");
  cr_assert(strstr(f->main_text, "CC BY-SA") == NULL, "captions stay out of the main text");
  ac_page_free(page);
}

Test(extract, own_url_provenance_is_self_reference_without_republication)
{
  ac_page *page = extract_fixture("self-reference.html", NULL);
  const ac_facts *f = ac_page_facts(page);
  static const char *const names[] = {"canonical", "original-source", "syndication-source",
                                      "jsonld.isBasedOn", "og:url"};

  cr_assert_str_eq(f->url, "https://news.example.org/2024/own-story");
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const ac_signal *s = signal_named(f, names[i]);
    cr_assert_not_null(s, "%s", names[i]);
    cr_assert(s->self_reference, "%s is the page's own URL", names[i]);
  }
  cr_assert_eq(f->n_republication, 0);
  ac_page_free(page);
}

Test(extract, jsonld_id_references_yield_the_referenced_names)
{
  ac_page *page = extract_fixture("jsonld-ids.html", NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_str_eq(signal_named(f, "jsonld.copyrightHolder")->value, "The Example Times");
  cr_assert_str_eq(signal_named(f, "jsonld.publisher")->value, "The Example Times");
  cr_assert_str_eq(signal_named(f, "jsonld.author")->value, "Ann Writer");
  cr_assert_str_eq(signal_named(f, "jsonld.copyrightYear")->value, "2021");
  cr_assert_str_eq(signal_named(f, "jsonld.translationOfWork")->value,
                   "https://fr.example/original", "a work is named by its URL");
  cr_assert_eq(f->n_byline, 1);
  cr_assert_str_eq(f->byline[0].name, "Ann Writer");
  cr_assert_eq(f->byline[0].source, AC_SIGNAL_JSONLD);
  cr_assert_eq(f->n_licenses, 1);
  cr_assert_str_eq(f->licenses[0].id, "CC-BY-ND-4.0");
  cr_assert_eq(f->licenses[0].source, AC_SIGNAL_JSONLD);
  ac_page_free(page);
}

Test(extract, broken_jsonld_is_a_note_not_a_failure)
{
  ac_page *page = extract_fixture("jsonld-ids.html", NULL);
  size_t n;
  const ac_note *notes = ac_page_notes(page, &n);

  cr_assert_eq(n, 1);
  cr_assert_str_eq(notes[0].code, "jsonld-invalid");
  cr_assert_eq(ac_page_pos(page, notes[0].span.start).line, 20);
  ac_page_free(page);
}

Test(extract, republication_signals_are_found)
{
  ac_page *page = extract_fixture("republished.html", NULL);
  const ac_facts *f = ac_page_facts(page);
  const char *want[] = {"feed-plugin", "canonical-elsewhere", "appeared-first", "tracking-pixel"};
  size_t n;
  const ac_note *notes = ac_page_notes(page, &n);

  cr_assert_eq(f->n_republication, 4);
  for (size_t i = 0; i < 4; i++)
    cr_assert_str_eq(f->republication[i].name, want[i]);
  cr_assert_str_eq(f->republication[1].evidence, "https://original.example.com/story");
  cr_assert_eq(f->n_pixels, 1);
  cr_assert_str_eq(f->pixels[0].id, "republication-tracker-tool-source");
  cr_assert_str_eq(f->pixels[0].host, "original.example.com");
  cr_assert_eq(n, 1);
  cr_assert_str_eq(notes[0].code, "canonical-in-body");
  cr_assert_not(signal_named(f, "canonical")->self_reference);
  ac_page_free(page);
}

Test(extract, hidden_notices_are_marked_invisible)
{
  ac_page *page = extract_fixture("hidden.html", NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_eq(f->n_notices, 8);
  cr_assert_str_eq(f->notices[0].credit, "Visible Wire");
  cr_assert(f->notices[0].visible);
  for (size_t i = 1; i < f->n_notices; i++)
    cr_assert_not(f->notices[i].visible, "%s is hidden", f->notices[i].credit);
  cr_assert(strstr(f->visible_text, "Hidden") == NULL);
  cr_assert(strstr(f->visible_text, "Visible Wire") != NULL);
  ac_page_free(page);
}

Test(extract, inline_suppressions_keep_rule_reason_and_span)
{
  ac_page *page = extract_fixture("suppressions.html", NULL);
  const ac_facts *f = ac_page_facts(page);
  size_t len;

  ac_page_text(page, &len);
  cr_assert_eq(f->n_suppressions, 4);
  cr_assert_str_eq(f->suppressions[0].rule, "notice-missing");
  cr_assert_str_eq(f->suppressions[1].rule, "credit-link-missing");
  cr_assert_str_eq(f->suppressions[1].reason, "syndicated under contract 42");
  cr_assert_eq(ac_page_pos(page, f->suppressions[0].span.end).line, 8, "closed by the enable");
  cr_assert_str_eq(f->suppressions[2].rule, "permission-unknown");
  cr_assert_null(f->suppressions[2].reason, "no reason given");
  cr_assert_eq(f->suppressions[2].span.end, len, "open to the end of the page");
  cr_assert_str_eq(f->suppressions[3].rule, "credit-link-mismatch");
  cr_assert(span_starts_with(page, f->suppressions[3].span, "<p data-attrcheck-ignore"));
  ac_page_free(page);
}

Test(extract, microdata_items_are_named_by_their_name_property)
{
  ac_page *page = extract_fixture("microdata.html", NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_str_eq(signal_named(f, "microdata.copyrightHolder")->value, "Wire Service Inc");
  cr_assert_str_eq(signal_named(f, "microdata.sourceOrganization")->value, "Wire Service Inc");
  cr_assert_str_eq(signal_named(f, "microdata.provider")->value, "Wire Service Inc");
  cr_assert_str_eq(signal_named(f, "microdata.author")->value, "Mia Data");
  cr_assert_eq(f->n_licenses, 1);
  cr_assert_str_eq(f->licenses[0].id, "CC-BY-NC-3.0");
  cr_assert_str_eq(f->main_text, "The body of the story, long enough to be the main text of "
                                 "the page, with more words here.");
  ac_page_free(page);
}

Test(extract, metadata_and_dublin_core_become_signals)
{
  ac_page *page = extract_fixture("metadata.html", NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert(f->noindex);
  cr_assert_str_eq(f->lang, "fr-ca");
  cr_assert_str_eq(f->site_name, "Exemple");
  cr_assert_str_eq(signal_named(f, "dc.rights")->value,
                   "https://creativecommons.org/licenses/by-sa/4.0/");
  cr_assert_str_eq(signal_named(f, "dc.source")->value, "https://source.example.org/texte");
  cr_assert_eq(f->n_copyrights, 1);
  cr_assert_str_eq(f->copyrights[0].holder, "Éditions Exemple");
  cr_assert_str_eq(f->copyrights[0].years, "2020");
  cr_assert_eq(f->n_byline, 1);
  cr_assert_str_eq(f->byline[0].name, "Paul Auteur");
  cr_assert_str_eq(f->licenses[0].id, "CC-BY-SA-4.0");
  ac_page_free(page);
}

Test(extract, offsets_survive_entities_and_no_break_spaces)
{
  ac_page *page = extract_fixture("metadata.html", NULL);
  const ac_facts *f = ac_page_facts(page);
  const ac_notice *n = notice_of(f, AC_NOTICE_SOURCE);

  cr_assert_not_null(n);
  cr_assert_str_eq(n->text, "Source : Le Source", "&nbsp; collapses to a space");
  cr_assert_str_eq(n->credit, "Le Source");
  cr_assert(span_starts_with(page, n->span, "Source&nbsp;:"));
  cr_assert(span_starts_with(page, n->credit_span, "Le Source</a>"));
  cr_assert(strncmp(f->main_text, "L\xE2\x80\x99" "article & ses donn\xC3\xA9" "es.", 26) == 0);
  ac_page_free(page);
}

Test(extract, main_text_leaves_out_chrome_and_maps_back_to_the_page)
{
  ac_page *page = extract_fixture("maintext.html", NULL);
  const ac_facts *f = ac_page_facts(page);
  size_t len;
  const char *text = ac_page_text(page, &len);
  const char *third = strstr(f->main_text, "Third paragraph");

  cr_assert(strncmp(f->main_text, "First paragraph", 15) == 0, "got: %s", f->main_text);
  cr_assert_not_null(third);
  cr_assert_not_null(strstr(f->main_text, "A subheading"));
  static const char *const chrome[] = {"Section A", "By Jane", "Share this", "Great article",
                                       "Related:", "Contact us", "The headline"};
  for (size_t i = 0; i < sizeof chrome / sizeof chrome[0]; i++)
    cr_assert_null(strstr(f->main_text, chrome[i]), "'%s' leaked into the body", chrome[i]);
  uint32_t off = f->main_map[third - f->main_text];
  cr_assert(off < len && strncmp(text + off, "Third paragraph", 15) == 0);
  cr_assert_eq(f->n_byline, 1);
  cr_assert_str_eq(f->byline[0].name, "Jane Doe");
  cr_assert_not_null(strstr(f->visible_text, "Contact us"));
  ac_page_free(page);
}

/* Real article markup: tools and a photo credit before the body, a "read more"
 * link inside it, a related-stories list and a credit line after it. */
Test(extract, main_text_drops_tools_teasers_and_link_lists_but_keeps_the_credit_line)
{
  static const char html[] =
    "<html><body><article>"
    "<p>Jo Lens / Photo Agency</p><p><a href='/print'>Print</a></p><p>Email</p>"
    "<p>The river burst its banks on Sunday night and flooded the lower town, where "
    "about two hundred homes had to be evacuated before dawn.</p>"
    "<p><a href='/other'>READ MORE: Last winter's floods cost the town a fortune</a></p>"
    "<h2>Warnings ignored</h2>"
    "<p>Residents said the warnings came too late, and the council has promised an "
    "inquiry into why the sirens stayed silent.</p>"
    "<p>Source: Valley Wire</p>"
    "<ul><li><a href='/a'>Storm season begins early this year</a></li>"
    "<li><a href='/b'>How to protect your home from water</a></li>"
    "<li><a href='/c'>The council budget, line by line</a></li></ul>"
    "</article></body></html>";
  ac_page *page = extract_buffer(html, sizeof html - 1, NULL, NULL);
  const ac_facts *f = ac_page_facts(page);
  static const char *const out[] = {"Jo Lens", "Print", "Email", "READ MORE", "Storm season",
                                    "protect your home", "line by line"};

  cr_assert(strncmp(f->main_text, "The river burst", 15) == 0, "got: %s", f->main_text);
  for (size_t i = 0; i < sizeof out / sizeof *out; i++)
    cr_assert_null(strstr(f->main_text, out[i]), "'%s' stayed in: %s", out[i], f->main_text);
  cr_assert_not_null(strstr(f->main_text, "Warnings ignored"), "%s", f->main_text);
  cr_assert_not_null(strstr(f->main_text, "Source: Valley Wire"), "%s", f->main_text);
  ac_page_free(page);
}

/* Lyrics and verse are many short lines: they are the text, not tools around it. */
Test(extract, main_text_keeps_verse_made_of_short_lines)
{
  static const char html[] =
    "<html><body><article><p>Over the hill</p><p>and under the sky</p><p>the swallows "
    "go</p><p>and so do I</p><p>down to the sea</p><p>where the ships lie</p>"
    "<p>This song was written in the spring of 1968, in a kitchen above the harbour, and "
    "recorded the same week.</p></article></body></html>";
  ac_page *page = extract_buffer(html, sizeof html - 1, NULL, NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert(strncmp(f->main_text, "Over the hill", 13) == 0, "got: %s", f->main_text);
  ac_page_free(page);
}

Test(extract, main_text_records_where_q_and_blockquote_stand)
{
  static const char html[] =
    "<html><body><article><p>The mayor spoke first and said that <q>the bridge will "
    "open in May</q> before leaving the hall.</p><blockquote>We have waited long enough "
    "for this bridge.</blockquote><p>Nobody else spoke at the meeting that evening, "
    "which ended early.</p></article></body></html>";
  ac_page *page = extract_buffer(html, sizeof html - 1, NULL, NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_eq(f->n_main_quotes, 2, "%zu quotes in: %s", f->n_main_quotes, f->main_text);
  cr_assert(strncmp(f->main_text + f->main_quotes[0].start, "the bridge will open in May",
                    f->main_quotes[0].end - f->main_quotes[0].start) == 0);
  cr_assert(strncmp(f->main_text + f->main_quotes[1].start, "We have waited",
                    14) == 0);
  ac_page_free(page);
}

Test(extract, links_resolve_against_base_and_page_url)
{
  static const char html[] =
    "<html><head><base href=\"/news/\"></head><body>"
    "<p><a href=\"story.html\" rel=\"nofollow  sponsored\">Story</a>"
    "<a href=\"https://Other.example/x\">X</a></p></body></html>";
  ac_page *page = extract_buffer(html, sizeof html - 1, "https://site.example/home/page", NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_eq(f->n_links, 2);
  cr_assert_str_eq(f->links[0].url, "https://site.example/news/story.html");
  cr_assert_str_eq(f->links[0].host, "site.example");
  cr_assert_eq(f->links[0].rel, AC_REL_NOFOLLOW | AC_REL_SPONSORED);
  cr_assert_str_eq(f->links[0].text, "Story");
  cr_assert_str_eq(f->links[1].host, "other.example");
  cr_assert_str_eq(f->url, "https://site.example/home/page");
  ac_page_free(page);
}

Test(extract, nul_bytes_do_not_truncate_the_page)
{
  static const char html[] = "<p>before</p>\0<p>Source: After Nul Wire</p>";
  ac_page *page = extract_buffer(html, sizeof html - 1, NULL, NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_eq(f->n_notices, 1);
  cr_assert_str_eq(f->notices[0].credit, "After Nul Wire");
  cr_assert(span_starts_with(page, f->notices[0].credit_span, "After Nul Wire"));
  ac_page_free(page);
}

Test(extract, deep_nesting_is_cut_with_a_note)
{
  ac_limits limits = AC_LIMITS_INIT;
  size_t depth = 5000, len = 0;
  char *html = malloc(depth * 5 + 64);
  size_t n;

  for (size_t i = 0; i < depth; i++)
    len += (size_t)sprintf(html + len, "<div>");
  len += (size_t)sprintf(html + len, "Source: Deep Wire");
  limits.max_depth = 100;
  ac_page *page = extract_buffer(html, len, NULL, &limits);
  const ac_note *notes = ac_page_notes(page, &n);

  cr_assert_geq(n, 1);
  cr_assert_str_eq(notes[n - 1].code, "limit-depth");
  ac_page_free(page);
  free(html);
}

Test(extract, full_fact_lists_are_cut_with_a_note)
{
  ac_limits limits = AC_LIMITS_INIT;
  char html[4096];
  size_t len = 0, n;

  for (int i = 0; i < 50; i++)
    len += (size_t)sprintf(html + len, "<a href=\"/l%d\">link %d</a>", i, i);
  limits.max_facts = 10;
  ac_page *page = extract_buffer(html, len, NULL, &limits);
  const ac_note *notes = ac_page_notes(page, &n);

  cr_assert_eq(ac_page_facts(page)->n_links, 10);
  cr_assert_eq(n, 1);
  cr_assert_str_eq(notes[0].code, "limit-facts");
  ac_page_free(page);
}

Test(extract, invalid_utf8_and_broken_markup_extract_without_error)
{
  static const char html[] = "<p>caf\xC3\xA9 \xFF\xFE <b><i>Source: <a href='x'>Broken</b> Wire"
                             "<table><td><p>cell</table><!-- unclosed";
  ac_page *page = extract_buffer(html, sizeof html - 1, NULL, NULL);

  cr_assert_not_null(ac_page_facts(page));
  ac_page_free(page);
}

Test(extract, facts_json_lists_the_documented_keys)
{
  ac_page *page = extract_fixture("credit-anchor.html", NULL);
  static const char *const keys[] = {"\"path\":", "\"url\":", "\"lang\":", "\"title\":",
    "\"site_name\":", "\"byline\":[", "\"canonical\":", "\"notices\":[", "\"licenses\":[",
    "\"copyrights\":[", "\"signals\":[", "\"republication\":[", "\"main_text\":",
    "\"kind\":\"originally-published\"", "\"credit\":\"The Conversation\"", "\"line\":10",
    "\"holder\":\"Example Ltd\"", "\"years\":\"2019-2023\""};
  char *json = NULL;
  ac_error err;

  cr_assert_eq(ac_page_facts_json(page, 0, &json, &err), AC_OK);
  cr_assert_null(strchr(json, '\n'), "one line without --pretty");
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    cr_assert_not_null(strstr(json, keys[i]), "missing %s in %s", keys[i], json);
  free(json);
  ac_page_free(page);
}

Test(extract, notice_kind_names_round_trip)
{
  for (int k = 0; k < AC_NOTICE_KIND_COUNT; k++)
    cr_assert_eq(ac_notice_kind_from_name(ac_notice_kind_name((ac_notice_kind)k)), k);
  cr_assert_eq(ac_notice_kind_from_name("nope"), -1);
  cr_assert_null(ac_notice_kind_name(AC_NOTICE_KIND_COUNT));
  cr_assert_str_eq(ac_signal_source_name(AC_SIGNAL_CCREL), "ccrel");
}

Test(extract, extract_command_prints_one_json_line_per_page)
{
  char *a = fixture_path("extract/credit-anchor.html");
  char *b = fixture_path("extract/ccrel-de.html");
  const char *argv[] = {"extract", a, b, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  cr_assert_eq(count_lines_with(r.out, "{\"path\":"), 2);
  cr_assert_eq(count_lines_with(r.out, "\"id\":\"CC-BY-4.0\""), 1);
  run_result_free(&r);
  free(a);
  free(b);
}

Test(extract, licenses_named_in_text_map_to_spdx_ids)
{
  static const char html[] =
    "<p>Dieser Text steht unter Creative Commons Namensnennung - Weitergabe unter gleichen "
    "Bedingungen 3.0 Deutschland.</p>"
    "<p>Contenu sous licence Creative Commons Paternit\xC3\xA9 - Pas d'Utilisation Commerciale "
    "- Pas de Modification 2.0.</p>"
    "<p>Licensed CC BY-NC 4.0.</p><p>Foto: CC0</p>"
    "<figure><figcaption>Photo CC BY 2.5</figcaption></figure>";
  /* "3.0 Deutschland" is the German port, as SPDX names it (issue 14) */
  static const char *const ids[] = {"CC-BY-SA-3.0-DE", "CC-BY-NC-ND-2.0", "CC-BY-NC-4.0",
                                    "CC0-1.0", "CC-BY-2.5"};
  ac_page *page = extract_buffer(html, sizeof html - 1, NULL, NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_eq(f->n_licenses, 5);
  for (size_t i = 0; i < 5; i++) {
    cr_assert_str_eq(f->licenses[i].id, ids[i]);
    cr_assert_eq(f->licenses[i].source, AC_SIGNAL_TEXT);
    cr_assert_eq(f->licenses[i].scope, i == 4 ? AC_SCOPE_FIGURE : AC_SCOPE_PAGE);
  }
  ac_page_free(page);
}

Test(extract, seed_page_yields_its_notices_credits_and_links)
{
  char *path = fixture_path("pages/syndicated-fr-fredzone/page.html");
  size_t len;
  char *html = read_file(path, &len);
  ac_page *page;
  const ac_facts *f;
  const ac_notice *src, *syn, *orig;

  cr_assert_not_null(html);
  page = extract_buffer(html, len, NULL, NULL);
  f = ac_page_facts(page);
  src = notice_of(f, AC_NOTICE_SOURCE);
  syn = notice_of(f, AC_NOTICE_SYNDICATION);
  orig = notice_of(f, AC_NOTICE_READ_ORIGINAL);
  cr_assert(src && syn && orig);
  cr_assert_str_eq(src->credit, "The Verge");
  cr_assert(src->in_main, "copied with the article");
  cr_assert_str_eq(syn->credit, "FredZone");
  cr_assert_not(syn->in_main, "the aggregator's feed-plugin footer");
  cr_assert_eq(syn->n_links, 1);
  cr_assert_str_eq(f->links[syn->links[0]].host, "www.fredzone.org");
  cr_assert_str_eq(f->lang, "fr");
  cr_assert_not_null(f->canonical);
  cr_assert(strstr(f->main_text, "Sam Altman") != NULL);
  cr_assert_null(strstr(f->main_text, "Mentions"), "site footer left out");
  ac_page_free(page);
  free(html);
  free(path);
}

Test(extract, url_option_decides_self_reference_and_canonical_elsewhere)
{
  static const char html[] =
    "<html><head><link rel=canonical href=\"https://origin.example/a\">"
    "<meta name=original-source content=\"https://copy.example/a\"></head>"
    "<body><p>Text.</p></body></html>";
  ac_page *page = extract_buffer(html, sizeof html - 1, "https://copy.example/a", NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_str_eq(f->url, "https://copy.example/a", "--url wins over the canonical");
  cr_assert(signal_named(f, "original-source")->self_reference);
  cr_assert_not(signal_named(f, "canonical")->self_reference);
  cr_assert_eq(f->n_republication, 1);
  cr_assert_str_eq(f->republication[0].name, "canonical-elsewhere");
  ac_page_free(page);
}

Test(extract, license_urls_map_deeds_and_ported_versions_to_spdx)
{
  static const char html[] =
    "<p><a rel=license href=\"https://creativecommons.org/licenses/by-sa/3.0/de/deed.en\">a</a>"
    "<a rel=license href=\"http://creativecommons.org/licenses/by-nc-nd/4.0/deed.es\">b</a>"
    "<a rel=license href=\"https://creativecommons.org/licenses/by/3.0/xx/\">c</a>"
    "<a rel=license href=\"https://example.org/my-license\">d</a></p>";
  static const char *const ids[] = {"CC-BY-SA-3.0-DE", "CC-BY-NC-ND-4.0", "CC-BY-3.0", "unknown"};
  ac_page *page = extract_buffer(html, sizeof html - 1, NULL, NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_eq(f->n_licenses, 4);
  for (size_t i = 0; i < 4; i++)
    cr_assert_str_eq(f->licenses[i].id, ids[i]);
  ac_page_free(page);
}

Test(extract, go_to_source_and_a_pixel_from_the_credited_site_are_republication_signs)
{
  static const char html[] =
    "<article><p>Source: <a href=\"https://orig.example/story\">Orig News</a></p>"
    "<p><a href=\"https://orig.example/story\">Go to Source</a></p>"
    "<img src=\"https://stats.orig.example/px.gif\" width=\"1\" height=\"1\">"
    "<img src=\"https://ours.example/own.gif\" width=\"1\" height=\"1\"></article>";
  ac_page *page = extract_buffer(html, sizeof html - 1, "https://ours.example/a", NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_eq(f->n_pixels, 2);
  cr_assert_eq(f->n_republication, 3);
  cr_assert_str_eq(f->republication[0].name, "feed-plugin");
  cr_assert_str_eq(f->republication[0].evidence, "Go to Source");
  cr_assert_str_eq(f->republication[1].name, "read-original-link");
  cr_assert_str_eq(f->republication[2].name, "tracking-pixel");
  cr_assert_str_eq(f->republication[2].evidence, "https://stats.orig.example/px.gif",
                   "the page's own pixel is not a sign");
  ac_page_free(page);
}

Test(extract, bylines_come_from_author_links_and_byline_elements_once_each)
{
  static const char html[] =
    "<head><meta name=author content=\"Ann Lee\"></head><body><article>"
    "<div class=\"byline\">By <a rel=\"author\" href=\"/ann\">Ann Lee</a> and "
    "<a rel=\"author\" href=\"/bo\">Bo Chen</a></div>"
    "<p class=\"post-byline\">Par Claire Dubois | 3 mai 2024</p></article></body>";
  ac_page *page = extract_buffer(html, sizeof html - 1, NULL, NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_eq(f->n_byline, 3);
  cr_assert_str_eq(f->byline[0].name, "Ann Lee");
  cr_assert_eq(f->byline[0].source, AC_SIGNAL_META);
  cr_assert_str_eq(f->byline[1].name, "Bo Chen");
  cr_assert_eq(f->byline[1].source, AC_SIGNAL_LINK);
  cr_assert_str_eq(f->byline[2].name, "Claire Dubois");
  cr_assert_eq(f->byline[2].source, AC_SIGNAL_TEXT);
  ac_page_free(page);
}

Test(extract, og_url_is_the_page_url_without_canonical_or_option)
{
  static const char html[] =
    "<head><meta property=\"og:url\" content=\"https://og.example/p\"></head>"
    "<body><a href=\"rel/x\">x</a></body>";
  ac_page *page = extract_buffer(html, sizeof html - 1, NULL, NULL);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_str_eq(f->url, "https://og.example/p");
  cr_assert_null(f->canonical);
  cr_assert_str_eq(f->links[0].url, "https://og.example/rel/x");
  ac_page_free(page);
}

/* 100,000 JSON-LD authors, with the facts limit raised to hold them all:
 * each is checked against the names kept so far in constant time. */
Test(extract, a_page_with_a_hundred_thousand_authors_extracts_quickly, .timeout = 300)
{
  size_t n = 100000, cap = n * 40 + 256, len = 0;
  char *html = malloc(cap);
  ac_limits limits = AC_LIMITS_INIT;
  ac_page *page;

  len += (size_t)snprintf(html + len, cap - len,
                          "<html><head><script type=\"application/ld+json\">{\"@type\":"
                          "\"NewsArticle\",\"author\":[{\"name\":\"Writer 0\"},"
                          "{\"name\":\"wRITER 0\"}");
  for (size_t i = 1; i < n; i++)
    len += (size_t)snprintf(html + len, cap - len, ",{\"name\":\"Writer %zu\"}", i);
  len += (size_t)snprintf(html + len, cap - len, "]}</script></head><body><p>x</p></body></html>");
  limits.max_facts = n;
  page = extract_buffer(html, len, NULL, &limits);
  const ac_facts *f = ac_page_facts(page);
  cr_assert_eq(f->n_byline, n, "%zu", f->n_byline);
  cr_assert_str_eq(f->byline[0].name, "Writer 0");
  cr_assert_str_eq(f->byline[1].name, "Writer 1", "names differing only in case are one author");
  cr_assert_str_eq(f->byline[n - 1].name, "Writer 99999");
  ac_page_free(page);
  free(html);
}

/* Once the byline list is full, further authors are dropped with one note. */
Test(extract, authors_past_the_facts_limit_are_dropped_with_a_note)
{
  const char *html = "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                     "\"author\":[\"Ann\",\"ANN\",\"Bob\",\"Cy\",\"Di\"]}</script></head>"
                     "<body><p>x</p></body></html>";
  ac_limits limits = AC_LIMITS_INIT;
  ac_page *page;

  limits.max_facts = 2;
  page = extract_buffer(html, strlen(html), NULL, &limits);
  const ac_facts *f = ac_page_facts(page);
  cr_assert_eq(f->n_byline, 2);
  cr_assert_str_eq(f->byline[0].name, "Ann");
  cr_assert_str_eq(f->byline[1].name, "Bob");
  ac_page_free(page);
}

/* ---- the page's own URL ---- */

static ac_page *head_page(const char *head, const char *url)
{
  char html[1024];

  snprintf(html, sizeof html, "<html><head>%s</head><body><p>Text.</p>"
           "<a href=\"/about\">About</a></body></html>", head);
  return extract_buffer(html, strlen(html), url, NULL);
}

Test(extract, canonical_contradicted_by_og_url_points_upstream_and_og_url_is_the_page)
{
  ac_page *p = head_page("<link rel=\"canonical\" href=\"https://original.example/a\">"
                         "<meta property=\"og:url\" content=\"https://ours.example/a\">", NULL);
  const ac_facts *f = ac_page_facts(p);

  cr_assert_str_eq(f->url, "https://ours.example/a");
  cr_assert_not(f->url_assumed);
  ac_page_free(p);
}

Test(extract, a_url_known_only_from_the_canonical_is_marked_assumed)
{
  ac_page *p = head_page("<link rel=\"canonical\" href=\"https://original.example/a\">", NULL);
  ac_page *q = head_page("<link rel=\"canonical\" href=\"https://original.example/a\">",
                         "https://ours.example/a");

  cr_assert_str_eq(ac_page_facts(p)->url, "https://original.example/a");
  cr_assert(ac_page_facts(p)->url_assumed);
  cr_assert_not(ac_page_facts(q)->url_assumed, "--url confirms it");
  ac_page_free(p);
  ac_page_free(q);
}

Test(extract, an_unusable_canonical_keeps_the_url_and_resolves_links)
{
  ac_page *p = head_page("<link rel=\"canonical\" href=\"mailto:desk@ours.example\">",
                         "https://ours.example/news/a");
  const ac_facts *f = ac_page_facts(p);
  size_t n = 0;
  const ac_note *notes = ac_page_notes(p, &n);

  cr_assert_str_eq(f->url, "https://ours.example/news/a");
  cr_assert_str_eq(f->links[0].url, "https://ours.example/about", "links still resolve");
  cr_assert_eq(n, 1);
  cr_assert(strstr(notes[0].message, "is not an http(s) URL") != NULL, "%s", notes[0].message);
  ac_page_free(p);
}

/* A matcher of our own: "Credit line:" followed by a name, no rule pack involved. */
static int credit_line_matcher(const void *ctx, const char *text, size_t len,
                               ac_phrase_match *out, size_t max)
{
  static const char lead[] = "Credit line: ";
  const char *at = NULL;

  for (size_t i = 0; at == NULL && i + sizeof lead - 1 <= len; i++)
    if (memcmp(text + i, lead, sizeof lead - 1) == 0)
      at = text + i;
  if (at == NULL || max == 0)
    return 0;
  out[0] = (ac_phrase_match){.kind = AC_NOTICE_SOURCE,
                             .phrase = ctx,
                             .start = (uint32_t)(at - text),
                             .end = (uint32_t)len,
                             .credit_start = (uint32_t)(at - text + sizeof lead - 1),
                             .credit_end = (uint32_t)len};
  return 1;
}

/* Extraction takes its phrasings as data: a caller's matcher finds notices without any rules. */
Test(extract, finds_notices_with_the_matcher_it_is_given)
{
  static const char html[] = "<html><body><article><p>Harbour cranes are back in town and "
                             "the quay is busy again.</p><p>Credit line: Harbour Gazette</p>"
                             "</article></body></html>";
  ac_extract_options o = AC_EXTRACT_OPTIONS_INIT;
  ac_page *page = NULL;
  ac_error err;

  o.match_notices = credit_line_matcher;
  o.match_ctx = "credit-line";
  cr_assert_eq(ac_page_load_buffer(&page, "t.html", html, sizeof html - 1, NULL, &err), AC_OK);
  cr_assert_eq(ac_page_extract_with(page, &o, &err), AC_OK, "%s", err.msg);
  const ac_facts *f = ac_page_facts(page);
  cr_assert_eq(f->n_notices, 1);
  cr_assert_eq(f->notices[0].kind, AC_NOTICE_SOURCE);
  cr_assert_str_eq(f->notices[0].phrase, "credit-line");
  cr_assert_str_eq(f->notices[0].credit, "Harbour Gazette");
  ac_page_free(page);
}

/* Without a matcher, no notice is found by its phrasing, however plain the text. */
Test(extract, finds_no_phrased_notice_without_a_matcher)
{
  static const char html[] = "<p>Source: Harbour Gazette</p>";
  ac_page *page = NULL;
  ac_error err;

  cr_assert_eq(ac_page_load_buffer(&page, "t.html", html, sizeof html - 1, NULL, &err), AC_OK);
  cr_assert_eq(ac_page_extract_with(page, NULL, &err), AC_OK, "%s", err.msg);
  cr_assert_eq(ac_page_facts(page)->n_notices, 0);
  ac_page_free(page);
}
