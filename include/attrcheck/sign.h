/*
 * attrcheck: signed reports — a detached Ed25519 signature (OpenSSL EVP)
 * beside a report file, FILE.sig, over a short statement of what the report
 * is: its SHA-256 and size, the attrcheck version, the SHA-256 of each rule
 * pack the run used, and a digest of the index of originals.
 *
 * The statement is text, one "key: value" line each, followed by a
 * "signature:" line holding the base64 signature of every byte above it:
 *
 *   attrcheck-signature: 1
 *   report: audit.csv
 *   report-sha256: 3f1c…
 *   report-bytes: 5120
 *   attrcheck-version: 0.1.0
 *   rule-pack: rules/core.xml sha256:9a0e…
 *   index: originals.db sha256:77b2… originals=120
 *   key-sha256: c4d1…          (of the signer's public key, DER)
 *   signature: MEUCIQ…
 *
 * Keys are PEM files as `openssl genpkey -algorithm ed25519` writes them.
 */
#ifndef ATTRCHECK_SIGN_H
#define ATTRCHECK_SIGN_H

#include "common.h"
#include "error.h"

typedef struct ac_rules ac_rules;

/** What a signature covers besides the report bytes. */
typedef struct ac_sign_inputs {
  const ac_rules *rules;   /* its packs' digests (ac_rules_pack_digest); may be NULL */
  const char *index;       /* the SQLite index the run matched against; NULL: none */
} ac_sign_inputs;

/**
 * Sign the report file at `report` with the Ed25519 private key in the PEM
 * file `key`, writing `report`.sig atomically. Returns AC_EIO (a file cannot
 * be read or written), AC_EINVALID (not an Ed25519 private key), AC_EDB
 * (the index cannot be read) or AC_ENOMEM; `err` names the file.
 */
AC_EXTERN int ac_sign_report(const char *report, const char *key, const ac_sign_inputs *in,
                             ac_error *err);

/** The outcome of ac_sign_verify(). */
typedef struct ac_verify_result {
  bool valid;
  char reason[512];        /* why not valid: "the report changed since it was signed", … */
  char *statement;         /* malloc'd: the signed lines (what the signature covers); NULL
                              when the signature file could not be read */
} ac_verify_result;

/**
 * Check the signature `sig` (NULL: `report`.sig) of `report` with the Ed25519
 * public key in the PEM file `pubkey`. Returns 0 with out->valid telling the
 * answer; a negative AC_E* when it could not be checked (a missing or
 * malformed signature file, an unreadable report or key), `err` saying why.
 * Release `out` with ac_verify_result_dispose() either way.
 */
AC_EXTERN int ac_sign_verify(const char *report, const char *sig, const char *pubkey,
                             ac_verify_result *out, ac_error *err);
AC_EXTERN void ac_verify_result_dispose(ac_verify_result *r);

#endif
