/* audit_report: the audit CSV's reason, permission and origin_chain columns; signed reports. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrcheck/report.h"
#include "support.h"

#define MISATTRIBUTED "pages/index-misattributed-copy"

static run_result check_csv(const char *db, const char *page)
{
  const char *with_index[] = {"check", "--no-config", "--index", db, "-f", "csv", page, NULL};
  const char *without[] = {"check", "--no-config", "-f", "csv", page, NULL};

  return run_cli(db != NULL ? with_index : without, NULL, 0);
}

/* An index holding the Harbour Gazette story that the misattributed page copies. */
static char *misattributed_index(const char *dir)
{
  char *originals = fixture_path("originals/harbour-gazette-ferry.html"), *db = malloc(4096);
  const char *argv[] = {"index", "add", "--index", db, originals, NULL};
  run_result r;

  snprintf(db, 4096, "%s/originals.db", dir);
  r = run_cli(argv, NULL, 0);
  cr_assert_eq(r.status, 0, "index add: %s", r.err);
  run_result_free(&r);
  free(originals);
  return db;
}

Test(audit_report, an_error_row_says_why_in_reason)
{
  const char *argv[] = {"check", "--no-config", "-f", "csv", "no/such/page.html", NULL};
  run_result r = run_cli(argv, NULL, 0);
  char *verdict = csv_cell(r.out, "verdict"), *reason = csv_cell(r.out, "reason");

  cr_assert_eq(r.status, 2);
  cr_assert_str_eq(verdict, "error");
  cr_assert(strstr(reason, "No such file") != NULL, "reason: %s", reason);
  cr_assert(strstr(reason, "no/such/page.html") == NULL, "the path has its own column: %s",
            reason);
  free(verdict);
  free(reason);
  run_result_free(&r);
}

Test(audit_report, a_skipped_row_says_why_in_reason)
{
  char *dir = temp_dir(), path[4096];
  static const char binary[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0";
  run_result r;
  char *verdict, *reason;

  snprintf(path, sizeof path, "%s/program.html", dir);
  cr_assert_eq(write_file(path, binary, sizeof binary), 0);
  r = check_csv(NULL, path);
  verdict = csv_cell(r.out, "verdict");
  reason = csv_cell(r.out, "reason");
  cr_assert_str_eq(verdict, "skipped", "csv: %s", r.out);
  cr_assert(strstr(reason, "binary") != NULL, "reason: %s", reason);
  free(verdict);
  free(reason);
  run_result_free(&r);
  free(dir);
}

Test(audit_report, a_checked_page_has_an_empty_reason_and_new_columns_come_last)
{
  char *page = fixture_path("pages/ordinary-page/page.html");
  run_result r = check_csv(NULL, page);
  char *reason = csv_cell(r.out, "reason");
  const char *old = "path,url,title,verdict,errors,warnings,rules,credited_source,source_link,"
                    "credit_matches_link,canonical,license,copyright_holder,chain,"
                    "matched_original,original_coverage,page_coverage,copy_class,fingerprint,";

  cr_assert(strncmp(r.out, old, strlen(old)) == 0, "the old columns keep their order: %s", r.out);
  cr_assert_str_eq(reason, "");
  free(reason);
  run_result_free(&r);
  free(page);
}

Test(audit_report, permission_says_stated_license_or_none_with_the_phrase)
{
  static const struct { const char *page, *want; } cases[] = {
    {"pages/index-syndicated-credited-copy/page.html",
     "stated: Source: Valley Courier. Republished with permission."},
    {"pages/cc-share-alike-kept/page.html",
     "license: Source: Wikipedia. This article is licensed under CC BY-SA 4.0. (CC-BY-SA-4.0)"},
    {"pages/permission-unknown-en/page.html", "none"},
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *page = fixture_path(cases[i].page);
    run_result r = check_csv(NULL, page);
    char *cell = csv_cell(r.out, "permission");

    cr_assert_str_eq(cell, cases[i].want, "%s", cases[i].page);
    free(cell);
    run_result_free(&r);
    free(page);
  }
}

Test(audit_report, origin_chain_puts_the_text_origin_first_and_marks_the_wrong_credit)
{
  char *dir = temp_dir(), *db = misattributed_index(dir);
  char *page = fixture_path(MISATTRIBUTED "/page.html");
  run_result r = check_csv(db, page);
  char *origin = csv_cell(r.out, "origin_chain"), *chain = csv_cell(r.out, "chain");

  cr_assert_eq(r.status, 1, "misattributed-copy fails: %s", r.out);
  cr_assert_str_eq(origin, "harbourgazette.example (text) > northshore.example; "
                           "credited: valleycourier.example (wrong)");
  cr_assert_str_eq(chain, "valleycourier.example > harbourgazette.example > northshore.example",
                   "chain keeps the credits' order for existing consumers");
  free(origin);
  free(chain);
  run_result_free(&r);
  free(page);
  free(db);
  free(dir);
}

Test(audit_report, origin_chain_marks_the_text_origin_of_an_uncredited_copy)
{
  char *dir = temp_dir(), *db = misattributed_index(dir);
  char *page = fixture_path("pages/index-unattributed-copy/page.html");
  run_result r = check_csv(db, page);
  char *origin = csv_cell(r.out, "origin_chain");

  cr_assert_str_eq(origin, "harbourgazette.example (text) > coastalnotes.example");
  free(origin);
  run_result_free(&r);
  free(page);
  free(db);
  free(dir);
}

/* ---- signed reports ---- */

/* An Ed25519 key pair as `openssl genpkey -algorithm ed25519` writes it. */
static void write_keys(const char *dir, const char *name)
{
  char path[4096];
  EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
  FILE *f;

  cr_assert_not_null(key);
  snprintf(path, sizeof path, "%s/%s.pem", dir, name);
  f = fopen(path, "w");
  cr_assert(f != NULL && PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1);
  fclose(f);
  snprintf(path, sizeof path, "%s/%s.pub.pem", dir, name);
  f = fopen(path, "w");
  cr_assert(f != NULL && PEM_write_PUBKEY(f, key) == 1);
  fclose(f);
  EVP_PKEY_free(key);
}

typedef struct signed_run {
  char *dir, *db, report[4096], key[4096], pub[4096];
} signed_run;

/* A signed audit of the misattributed page: dir/audit.csv and dir/audit.csv.sig. */
static void sign_audit(signed_run *s)
{
  char *page = fixture_path(MISATTRIBUTED "/page.html");
  run_result r;

  s->dir = temp_dir();
  s->db = misattributed_index(s->dir);
  write_keys(s->dir, "signer");
  snprintf(s->report, sizeof s->report, "%s/audit.csv", s->dir);
  snprintf(s->key, sizeof s->key, "%s/signer.pem", s->dir);
  snprintf(s->pub, sizeof s->pub, "%s/signer.pub.pem", s->dir);
  {
    const char *argv[] = {"check", "--no-config", "--index", s->db, "-f", "csv", "-o",
                          s->report, "--sign", s->key, page, NULL};
    r = run_cli(argv, NULL, 0);
  }
  cr_assert_eq(r.status, 1, "the page fails; signing does not change that: %s", r.err);
  run_result_free(&r);
  free(page);
}

static run_result verify(const signed_run *s, const char *pub)
{
  const char *argv[] = {"report", "verify", s->report, "--key", pub, NULL};

  return run_cli(argv, NULL, 0);
}

static void signed_run_dispose(signed_run *s)
{
  free(s->db);
  free(s->dir);
}

Test(audit_report, a_signed_report_verifies_and_says_what_it_covers)
{
  signed_run s;
  run_result r;

  sign_audit(&s);
  r = verify(&s, s.pub);
  cr_assert_eq(r.status, 0, "stdout: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.out, "valid: ") == r.out, "stdout: %s", r.out);
  cr_assert(strstr(r.out, "report-sha256: ") != NULL, "stdout: %s", r.out);
  cr_assert(strstr(r.out, "attrcheck-version: " ATTRCHECK_VERSION "\n") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "core.xml sha256:") != NULL, "rule-pack digests: %s", r.out);
  cr_assert(strstr(r.out, "index: originals.db sha256:") != NULL &&
            strstr(r.out, " originals=1\n") != NULL, "the index digest: %s", r.out);
  run_result_free(&r);
  signed_run_dispose(&s);
}

Test(audit_report, a_report_changed_by_one_byte_fails_verification)
{
  signed_run s;
  size_t len = 0;
  char *text;
  run_result r;

  sign_audit(&s);
  text = read_file(s.report, &len);
  cr_assert(text != NULL && len > 100);
  text[len / 2] ^= 1;                          /* one bit of one byte */
  cr_assert_eq(write_file(s.report, text, len), 0);
  r = verify(&s, s.pub);
  cr_assert_eq(r.status, 1, "stdout: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.out, "INVALID: ") == r.out, "stdout: %s", r.out);
  cr_assert(strstr(r.out, "changed since it was signed") != NULL, "stdout: %s", r.out);
  run_result_free(&r);
  free(text);
  signed_run_dispose(&s);
}

Test(audit_report, a_wrong_key_fails_verification)
{
  signed_run s;
  char other[4096];
  run_result r;

  sign_audit(&s);
  write_keys(s.dir, "other");
  snprintf(other, sizeof other, "%s/other.pub.pem", s.dir);
  r = verify(&s, other);
  cr_assert_eq(r.status, 1, "stdout: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.out, "signed with another key") != NULL, "stdout: %s", r.out);
  run_result_free(&r);
  signed_run_dispose(&s);
}

Test(audit_report, an_altered_signature_file_fails_verification)
{
  signed_run s;
  char sig[4200];
  size_t len = 0;
  char *text, *at;
  run_result r;

  sign_audit(&s);
  snprintf(sig, sizeof sig, "%s.sig", s.report);
  text = read_file(sig, &len);
  at = strstr(text, "attrcheck-version: ");
  cr_assert_not_null(at);
  at[strlen("attrcheck-version: ")] = '9';      /* claim another version */
  cr_assert_eq(write_file(sig, text, len), 0);
  r = verify(&s, s.pub);
  cr_assert_eq(r.status, 1, "stdout: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.out, "altered") != NULL, "stdout: %s", r.out);
  run_result_free(&r);
  free(text);
  signed_run_dispose(&s);
}

Test(audit_report, a_missing_signature_file_is_a_clear_error)
{
  signed_run s;
  char sig[4200];
  run_result r;

  sign_audit(&s);
  snprintf(sig, sizeof sig, "%s.sig", s.report);
  cr_assert_eq(remove(sig), 0);
  r = verify(&s, s.pub);
  cr_assert_eq(r.status, 2, "could not verify: stdout: %s", r.out);
  cr_assert(strstr(r.err, "audit.csv.sig: cannot open the signature") != NULL, "stderr: %s",
            r.err);
  cr_assert_eq(count_lines_with(r.err, "attrcheck: "), 1, "one line: %s", r.err);
  run_result_free(&r);
  signed_run_dispose(&s);
}

Test(audit_report, sign_without_an_output_file_is_a_usage_error)
{
  char *page = fixture_path("pages/ordinary-page/page.html");
  const char *argv[] = {"check", "--no-config", "--sign", "key.pem", page, NULL};
  const char *dash[] = {"check", "--no-config", "-o", "-", "--sign", "key.pem", page, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "--sign needs -o FILE") != NULL, "stderr: %s", r.err);
  cr_assert_str_eq(r.out, "", "nothing is checked");
  run_result_free(&r);
  r = run_cli(dash, NULL, 0);
  cr_assert_eq(r.status, 2, "standard output has no file to sign beside");
  run_result_free(&r);
  free(page);
}

Test(audit_report, a_key_that_is_not_ed25519_is_refused_and_no_signature_is_written)
{
  char *dir = temp_dir(), *page = fixture_path("pages/ordinary-page/page.html");
  char key[4096], report[4096], sig[4096];
  const char *argv[] = {"check", "--no-config", "-f", "csv", "-o", report, "--sign", key, page,
                        NULL};
  run_result r;

  snprintf(key, sizeof key, "%s/key.pem", dir);
  snprintf(report, sizeof report, "%s/audit.csv", dir);
  snprintf(sig, sizeof sig, "%s/audit.csv.sig", dir);
  cr_assert_eq(write_file(key, "not a key\n", 10), 0);
  r = run_cli(argv, NULL, 0);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "not an Ed25519 private key") != NULL, "stderr: %s", r.err);
  cr_assert_null(read_file(sig, NULL));
  run_result_free(&r);
  free(page);
  free(dir);
}

Test(audit_report, a_signature_file_that_is_not_one_cannot_be_verified)
{
  signed_run s;
  char sig[4200];
  run_result r;

  sign_audit(&s);
  snprintf(sig, sizeof sig, "%s.sig", s.report);
  cr_assert_eq(write_file(sig, "hello\n", 6), 0);
  r = verify(&s, s.pub);
  cr_assert_eq(r.status, 2, "stdout: %s", r.out);
  cr_assert(strstr(r.err, "not an attrcheck signature file") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  signed_run_dispose(&s);
}

Test(audit_report, report_verify_without_a_key_is_a_usage_error)
{
  const char *argv[] = {"report", "verify", "audit.csv", NULL};
  const char *verb[] = {"report", "sign", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "--key PUB.pem is required") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  r = run_cli(verb, NULL, 0);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "the only one is verify") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
}
