/*
 * Signed reports: an Ed25519 signature (OpenSSL EVP, RFC 8032) over a text
 * statement of the report's SHA-256, the attrcheck version, the rule packs'
 * digests and the index digest, written beside the report as FILE.sig.
 */
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "attrcheck/index.h"
#include "attrcheck/rules.h"
#include "attrcheck/sign.h"
#include "../util/file.h"

#define SIG_MAX_BYTES (1u << 20)     /* a statement names a few packs: far below this */
#define SIG_PREFIX "attrcheck-signature: 1\n"
#define SIG_LINE "signature: "

static const char hexdig[] = "0123456789abcdef";

static void to_hex(const unsigned char *md, unsigned n, char *out)
{
  for (unsigned i = 0; i < n; i++) {
    out[2 * i] = hexdig[md[i] >> 4];
    out[2 * i + 1] = hexdig[md[i] & 15];
  }
  out[2 * n] = '\0';
}

static int md_final_hex(EVP_MD_CTX *ctx, char out[65])
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned n = 0;

  if (EVP_DigestFinal_ex(ctx, md, &n) != 1 || n != 32)
    return AC_ERROR;
  to_hex(md, n, out);
  return AC_OK;
}

/* SHA-256 of a file, read in blocks: reports can be large. */
static int file_sha256(const char *path, char out[65], unsigned long long *bytes, ac_error *err)
{
  FILE *f = fopen(path, "rb");
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  unsigned char block[65536];
  size_t n;
  int rc = AC_OK;

  *bytes = 0;
  if (f == NULL || ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
    rc = f == NULL ? ac_error_set_file(err, AC_EIO, path, 0, 0, "cannot open: %s", strerror(errno))
                   : ac_error_set_file(err, AC_ENOMEM, path, 0, 0, "out of memory");
  while (rc == AC_OK) {
    n = fread(block, 1, sizeof block, f);
    if (n == 0)
      break;
    *bytes += n;
    if (EVP_DigestUpdate(ctx, block, n) != 1)
      rc = ac_error_set_file(err, AC_ERROR, path, 0, 0, "cannot compute its digest");
  }
  if (rc == AC_OK && ferror(f))
    rc = ac_error_set_file(err, AC_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
  if (rc == AC_OK && md_final_hex(ctx, out) < 0)
    rc = ac_error_set_file(err, AC_ERROR, path, 0, 0, "cannot compute its digest");
  EVP_MD_CTX_free(ctx);
  if (f != NULL)
    fclose(f);
  return rc;
}

typedef struct index_walk {
  EVP_MD_CTX *ctx;
  unsigned long long n;
} index_walk;

static int index_line(const ac_original *o, void *p)
{
  index_walk *w = p;

  w->n++;
  if (EVP_DigestUpdate(w->ctx, o->url, strlen(o->url)) != 1 ||
      EVP_DigestUpdate(w->ctx, "\t", 1) != 1 ||
      EVP_DigestUpdate(w->ctx, o->digest, strlen(o->digest)) != 1 ||
      EVP_DigestUpdate(w->ctx, "\n", 1) != 1)
    return AC_ERROR;
  return 0;
}

/* The index's content, not its file: SHA-256 of "url<TAB>text digest" lines in
 * URL order, so a vacuum or a WAL checkpoint does not change it. */
static int index_digest(const char *path, char out[65], unsigned long long *count, ac_error *err)
{
  ac_index *ix = NULL;
  index_walk w = {EVP_MD_CTX_new(), 0};
  int rc = w.ctx != NULL ? AC_OK : ac_error_set_file(err, AC_ENOMEM, path, 0, 0, "out of memory");

  if (rc == AC_OK && EVP_DigestInit_ex(w.ctx, EVP_sha256(), NULL) != 1)
    rc = ac_error_set_file(err, AC_ERROR, path, 0, 0, "cannot compute its digest");
  if (rc == AC_OK)
    rc = ac_index_open(&ix, path, AC_INDEX_READONLY, err);
  if (rc == AC_OK)
    rc = ac_index_foreach(ix, index_line, &w, err);
  if (rc == AC_ERROR)
    ac_error_set_file(err, rc, path, 0, 0, "cannot compute its digest");
  if (rc == AC_OK && md_final_hex(w.ctx, out) < 0)
    rc = ac_error_set_file(err, AC_ERROR, path, 0, 0, "cannot compute its digest");
  *count = w.n;
  ac_index_close(ix);
  EVP_MD_CTX_free(w.ctx);
  return rc;
}

static int load_key(const char *path, bool private_key, EVP_PKEY **out, ac_error *err)
{
  FILE *f = fopen(path, "r");

  *out = NULL;
  if (f == NULL)
    return ac_error_set_file(err, AC_EIO, path, 0, 0, "cannot open the key: %s", strerror(errno));
  *out = private_key ? PEM_read_PrivateKey(f, NULL, NULL, NULL)
                     : PEM_read_PUBKEY(f, NULL, NULL, NULL);
  fclose(f);
  if (*out != NULL && EVP_PKEY_id(*out) == EVP_PKEY_ED25519)
    return AC_OK;
  EVP_PKEY_free(*out);
  *out = NULL;
  return ac_error_set_file(err, AC_EINVALID, path, 0, 0,
                           "not an Ed25519 %s key in PEM form (make one with "
                           "'openssl genpkey -algorithm ed25519 -out KEY.pem'%s)",
                           private_key ? "private" : "public",
                           private_key ? ""
                                       : ", then 'openssl pkey -in KEY.pem -pubout -out PUB.pem'");
}

/* SHA-256 of the public key (SubjectPublicKeyInfo, DER): names the signer. */
static int key_id(EVP_PKEY *key, char out[65])
{
  unsigned char *der = NULL;
  int len = i2d_PUBKEY(key, &der);
  int rc = len > 0 ? ac_sha256_hex(der, (size_t)len, out) : AC_ERROR;

  OPENSSL_free(der);
  return rc;
}

/* A name on one statement line: control bytes and '%' percent-encoded. */
static void put_name(FILE *m, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
    if (*p < 0x20 || *p == 0x7F || *p == '%')
      fprintf(m, "%%%02X", *p);
    else
      fputc(*p, m);
}

static const char *base_name(const char *path)
{
  const char *slash = strrchr(path, '/');

  return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

static int statement_inputs(FILE *m, const ac_sign_inputs *in, ac_error *err)
{
  size_t n = in != NULL && in->rules != NULL ? ac_rules_pack_count(in->rules) : 0;
  unsigned long long originals = 0;
  char hex[65];
  int rc;

  for (size_t i = 0; i < n; i++) {
    const ac_pack_digest *d = ac_rules_pack_digest(in->rules, i);
    fputs("rule-pack: ", m);
    put_name(m, d->file);
    fprintf(m, " sha256:%s\n", d->sha256);
  }
  if (in == NULL || in->index == NULL) {
    fputs("index: none\n", m);
    return AC_OK;
  }
  rc = index_digest(in->index, hex, &originals, err);
  if (rc < 0)
    return rc;
  fputs("index: ", m);
  put_name(m, base_name(in->index));
  fprintf(m, " sha256:%s originals=%llu\n", hex, originals);
  return AC_OK;
}

/* The statement, malloc'd into *out: every line the signature covers. */
static int statement(const char *report, const ac_sign_inputs *in, EVP_PKEY *key, char **out,
                     size_t *len, ac_error *err)
{
  char hex[65], kid[65];
  unsigned long long bytes = 0;
  FILE *m = open_memstream(out, len);
  int rc = m != NULL ? file_sha256(report, hex, &bytes, err)
                     : ac_error_set(err, AC_ENOMEM, "out of memory");

  if (m == NULL)
    return rc;
  if (rc == AC_OK && key_id(key, kid) < 0)
    rc = ac_error_set(err, AC_ERROR, "cannot read the key");
  if (rc == AC_OK) {
    fputs(SIG_PREFIX "report: ", m);
    put_name(m, base_name(report));
    fprintf(m, "\nreport-sha256: %s\nreport-bytes: %llu\nattrcheck-version: %s\n", hex, bytes,
            ATTRCHECK_VERSION);
    rc = statement_inputs(m, in, err);
  }
  if (rc == AC_OK)
    fprintf(m, "key-sha256: %s\n", kid);
  if (fclose(m) != 0 && rc == AC_OK)
    rc = ac_error_set(err, AC_ENOMEM, "out of memory");
  if (rc < 0) {
    free(*out);
    *out = NULL;
  }
  return rc;
}

/* Ed25519 signs the message itself (no separate digest): one-shot EVP_DigestSign. */
static int sign_base64(EVP_PKEY *key, const char *msg, size_t len, char b64[128])
{
  unsigned char sig[64];
  size_t sig_len = sizeof sig;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  int ok = ctx != NULL && EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) == 1 &&
           EVP_DigestSign(ctx, sig, &sig_len, (const unsigned char *)msg, len) == 1 &&
           sig_len == sizeof sig;

  EVP_MD_CTX_free(ctx);
  if (!ok)
    return AC_ERROR;
  EVP_EncodeBlock((unsigned char *)b64, sig, (int)sig_len);
  return AC_OK;
}

static int write_sig(const char *path, const char *msg, size_t len, const char *b64,
                     ac_error *err)
{
  ac_atomic a = {0};

  if (ac_atomic_open(&a, path) < 0)
    return ac_error_set_file(err, AC_EIO, path, 0, 0, "cannot create: %s", strerror(errno));
  fwrite(msg, 1, len, a.f);
  fprintf(a.f, SIG_LINE "%s\n", b64);
  if (ferror(a.f) || ac_atomic_commit(&a) < 0) {
    int e = errno;
    ac_atomic_abort(&a);
    return ac_error_set_file(err, AC_EIO, path, 0, 0, "cannot write: %s", strerror(e));
  }
  return AC_OK;
}

static char *sig_path_of(const char *report)
{
  size_t n = strlen(report);
  char *p = malloc(n + 5);

  if (p != NULL) {
    memcpy(p, report, n);
    memcpy(p + n, ".sig", 5);
  }
  return p;
}

int ac_sign_report(const char *report, const char *key_path, const ac_sign_inputs *in,
                   ac_error *err)
{
  EVP_PKEY *key = NULL;
  char *msg = NULL, *sig_path = sig_path_of(report), b64[128];
  size_t len = 0;
  int rc = sig_path != NULL ? load_key(key_path, true, &key, err)
                            : ac_error_set(err, AC_ENOMEM, "out of memory");

  if (rc == AC_OK)
    rc = statement(report, in, key, &msg, &len, err);
  if (rc == AC_OK && sign_base64(key, msg, len, b64) < 0)
    rc = ac_error_set_file(err, AC_ERROR, key_path, 0, 0, "cannot sign with this key");
  if (rc == AC_OK)
    rc = write_sig(sig_path, msg, len, b64, err);
  free(msg);
  free(sig_path);
  EVP_PKEY_free(key);
  return rc;
}

/* ---- verification ---- */

/* The value of the statement line "key: value", copied into buf; NULL when absent. */
static const char *field(const char *stmt, const char *key, char *buf, size_t size)
{
  size_t klen = strlen(key);

  for (const char *line = stmt; *line != '\0';) {
    const char *end = strchr(line, '\n');
    size_t n = end != NULL ? (size_t)(end - line) : strlen(line);

    if (n > klen + 2 && strncmp(line, key, klen) == 0 && line[klen] == ':' &&
        line[klen + 1] == ' ' && n - klen - 2 < size) {
      memcpy(buf, line + klen + 2, n - klen - 2);
      buf[n - klen - 2] = '\0';
      return buf;
    }
    line += n + (end != NULL);
  }
  return NULL;
}

/* Split the file into the statement (kept, NUL-terminated) and the signature. */
static int sig_parse(char *text, size_t len, unsigned char sig[64], const char *path,
                     ac_error *err)
{
  char *line = strstr(text, "\n" SIG_LINE);
  char *b64, *end;
  int n;

  if (strlen(text) != len || strncmp(text, SIG_PREFIX, strlen(SIG_PREFIX)) != 0 ||
      line == NULL)
    return ac_error_set_file(err, AC_EINVALID, path, 0, 0, "not an attrcheck signature file");
  line[1] = '\0';                                 /* the statement ends with its newline */
  b64 = line + 1 + strlen(SIG_LINE);
  end = b64 + strcspn(b64, "\r\n");
  if (end - b64 != 88 || b64[86] != '=' || b64[87] != '=')   /* 64 bytes in base64 */
    return ac_error_set_file(err, AC_EINVALID, path, 0, 0, "the signature line is malformed");
  *end = '\0';
  {
    unsigned char raw[68];
    n = EVP_DecodeBlock(raw, (const unsigned char *)b64, 88);
    if (n != 66)
      return ac_error_set_file(err, AC_EINVALID, path, 0, 0, "the signature line is malformed");
    memcpy(sig, raw, 64);
  }
  return AC_OK;
}

static bool signature_ok(EVP_PKEY *key, const char *msg, const unsigned char sig[64])
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  bool ok = ctx != NULL && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1 &&
            EVP_DigestVerify(ctx, sig, 64, (const unsigned char *)msg, strlen(msg)) == 1;

  EVP_MD_CTX_free(ctx);
  return ok;
}

static void judge_signature(ac_verify_result *out, EVP_PKEY *key, const unsigned char sig[64])
{
  char kid[65], want[80];
  const char *signer = field(out->statement, "key-sha256", want, sizeof want);

  if (signature_ok(key, out->statement, sig)) {
    out->valid = true;
    return;
  }
  if (key_id(key, kid) == AC_OK && signer != NULL && strcmp(signer, kid) != 0)
    snprintf(out->reason, sizeof out->reason,
             "it was signed with another key (key-sha256 %.64s, this key is %s)", signer, kid);
  else
    snprintf(out->reason, sizeof out->reason,
             "the signature does not match what the signature file states (it was altered)");
}

static int judge_report(ac_verify_result *out, const char *report, ac_error *err)
{
  char hex[65], want[80], size[32];
  unsigned long long bytes = 0;
  int rc = file_sha256(report, hex, &bytes, err);
  const char *want_hex = field(out->statement, "report-sha256", want, sizeof want);
  const char *want_size = field(out->statement, "report-bytes", size, sizeof size);

  if (rc < 0)
    return rc;
  if (want_hex == NULL || want_size == NULL)
    return ac_error_set(err, AC_EINVALID, "the signature states no report digest");
  if (strcmp(want_hex, hex) != 0 || strtoull(want_size, NULL, 10) != bytes) {
    out->valid = false;
    snprintf(out->reason, sizeof out->reason,
             "the report changed since it was signed (%llu bytes, sha256 %s; signed: %s bytes, "
             "sha256 %.64s)", bytes, hex, want_size, want_hex);
  }
  return AC_OK;
}

static int read_sig(const char *path, char **text, size_t *len, ac_error *err)
{
  FILE *f = fopen(path, "rb");
  int rc;

  if (f == NULL)
    return ac_error_set_file(err, AC_EIO, path, 0, 0,
                             "cannot open the signature: %s (sign with "
                             "'attrcheck check … -o REPORT --sign KEY.pem')",
                             strerror(errno));
  rc = ac_read_stream(f, SIG_MAX_BYTES, (unsigned char **)text, len);
  fclose(f);
  if (rc == AC_ELIMIT)
    return ac_error_set_file(err, rc, path, 0, 0, "not an attrcheck signature file (too large)");
  if (rc < 0)
    return ac_error_set_file(err, rc, path, 0, 0, "cannot read the signature");
  return AC_OK;
}

int ac_sign_verify(const char *report, const char *sig, const char *pubkey,
                   ac_verify_result *out, ac_error *err)
{
  char *own = sig == NULL ? sig_path_of(report) : NULL, *text = NULL;
  const char *path = sig != NULL ? sig : own;
  unsigned char raw[64];
  size_t len = 0;
  EVP_PKEY *key = NULL;
  int rc = path != NULL ? read_sig(path, &text, &len, err)
                        : ac_error_set(err, AC_ENOMEM, "out of memory");

  memset(out, 0, sizeof *out);
  if (rc == AC_OK)
    rc = sig_parse(text, len, raw, path, err);
  if (rc == AC_OK) {
    out->statement = text;
    text = NULL;
    rc = load_key(pubkey, false, &key, err);
  }
  if (rc == AC_OK)
    judge_signature(out, key, raw);
  if (rc == AC_OK && out->valid)
    rc = judge_report(out, report, err);
  EVP_PKEY_free(key);
  free(text);
  free(own);
  return rc;
}

void ac_verify_result_dispose(ac_verify_result *r)
{
  if (r == NULL)
    return;
  free(r->statement);
  r->statement = NULL;
}
