/* page: loading pages of any encoding gives the UTF-8 text a browser would show. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrcheck/error.h"
#include "attrcheck/page.h"
#include "support.h"

/* Load bytes and return the page; the assertion names the input on failure. */
static ac_page *load(const void *bytes, size_t len)
{
  ac_page *page = NULL;
  ac_error err = {0};
  int rc = ac_page_load_buffer(&page, "t.html", bytes, len, NULL, &err);

  cr_assert_eq(rc, AC_OK, "load failed: %s", err.msg);
  return page;
}

#define LOAD(lit) load((lit), sizeof(lit) - 1)

static void expect_text(const ac_page *page, const char *want, size_t want_len)
{
  size_t len;
  const char *text = ac_page_text(page, &len);

  cr_assert_eq(len, want_len, "length %zu, want %zu", len, want_len);
  cr_assert(memcmp(text, want, len) == 0, "text is '%s'", text);
  cr_assert_eq(text[len], '\0', "the text is NUL-terminated");
}

#define EXPECT_TEXT(page, lit) expect_text((page), (lit), sizeof(lit) - 1)

Test(page, plain_utf8_is_kept_as_is)
{
  ac_page *p = LOAD("<p>\xc3\xa9t\xc3\xa9</p>");

  cr_assert_str_eq(ac_page_charset(p), "utf-8");
  EXPECT_TEXT(p, "<p>\xc3\xa9t\xc3\xa9</p>");
  ac_page_free(p);
}

Test(page, undeclared_non_utf8_is_windows_1252_with_its_own_high_characters)
{
  /* 0x80 is the euro sign, 0x93/0x94 curly quotes, 0x81 undefined, 0xE9 é */
  ac_page *p = LOAD("\x80 \x93q\x94 \x81 \xe9");

  cr_assert_str_eq(ac_page_charset(p), "windows-1252");
  EXPECT_TEXT(p, "\xe2\x82\xac \xe2\x80\x9cq\xe2\x80\x9d \xc2\x81 \xc3\xa9");
  ac_page_free(p);
}

Test(page, iso_8859_1_label_means_windows_1252)
{
  ac_page *p = LOAD("<meta charset=\"ISO-8859-1\"><p>\x9c\x9f</p>");

  cr_assert_str_eq(ac_page_charset(p), "windows-1252");
  EXPECT_TEXT(p, "<meta charset=\"ISO-8859-1\"><p>\xc5\x93\xc5\xb8</p>");
  ac_page_free(p);
}

Test(page, declared_charset_wins_over_a_utf8_guess)
{
  /* "\xc3\xa9" is valid UTF-8, but the page says latin1: two characters */
  ac_page *p = LOAD("<meta charset=latin1>\xc3\xa9");

  cr_assert_str_eq(ac_page_charset(p), "windows-1252");
  EXPECT_TEXT(p, "<meta charset=latin1>\xc3\x83\xc2\xa9");
  ac_page_free(p);
}

Test(page, http_equiv_content_type_names_the_charset)
{
  ac_page *p = LOAD("<html><head><meta http-equiv='Content-Type' "
                    "content='text/html; charset=koi8-r'></head>\xc1");

  cr_assert_str_eq(ac_page_charset(p), "koi8-r");
  cr_assert(strstr(ac_page_text(p, NULL), "\xd0\xb0") != NULL, "koi8-r 0xC1 is cyrillic a");
  ac_page_free(p);
}

Test(page, shift_jis_pages_are_converted)
{
  /* 0x82 0xA0 is hiragana A (U+3042) in Shift_JIS */
  ac_page *p = LOAD("<meta charset=\"shift_jis\"><p>\x82\xa0</p>");

  cr_assert_str_eq(ac_page_charset(p), "shift_jis");
  EXPECT_TEXT(p, "<meta charset=\"shift_jis\"><p>\xe3\x81\x82</p>");
  ac_page_free(p);
}

Test(page, invalid_utf8_in_a_utf8_page_becomes_replacement_characters)
{
  ac_page *p = LOAD("<meta charset=utf-8>a\xff" "b\xe2\x82" "c\xed\xa0\x80" "d");

  cr_assert_str_eq(ac_page_charset(p), "utf-8");
  EXPECT_TEXT(p, "<meta charset=utf-8>a\xef\xbf\xbd" "b\xef\xbf\xbd" "c"
                 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "d");
  ac_page_free(p);
}

Test(page, byte_order_marks_decide_and_are_dropped)
{
  ac_page *p = LOAD("\xef\xbb\xbf<p>x</p>");
  EXPECT_TEXT(p, "<p>x</p>");
  ac_page_free(p);

  p = LOAD("\xff\xfe<\0p\0>\0\xe9\0\xac\x20");
  cr_assert_str_eq(ac_page_charset(p), "utf-16le");
  EXPECT_TEXT(p, "<p>\xc3\xa9\xe2\x82\xac");
  ac_page_free(p);

  p = LOAD("\xfe\xff\0<\0p\0>\xd8\x3d\xde\x00");
  cr_assert_str_eq(ac_page_charset(p), "utf-16be");
  EXPECT_TEXT(p, "<p>\xf0\x9f\x98\x80");
  ac_page_free(p);
}

Test(page, unknown_or_hidden_declarations_fall_back_to_detection)
{
  ac_page *p = LOAD("<meta charset=klingon-8>\xc3\xa9");
  cr_assert_str_eq(ac_page_charset(p), "utf-8");
  ac_page_free(p);

  p = LOAD("<!-- <meta charset=koi8-r> --><p>\xc3\xa9</p>");
  cr_assert_str_eq(ac_page_charset(p), "utf-8", "a meta inside a comment does not count");
  ac_page_free(p);

  p = LOAD("<meta charset=utf-16le><p>plain</p>");
  cr_assert_str_eq(ac_page_charset(p), "utf-8", "a meta cannot declare UTF-16");
  ac_page_free(p);
}

Test(page, declaration_after_the_first_1024_bytes_is_ignored)
{
  char buf[1200];

  memset(buf, ' ', sizeof buf);
  memcpy(buf + 1100, "<meta charset=koi8-r>", 21);
  ac_page *p = load(buf, sizeof buf);
  cr_assert_str_eq(ac_page_charset(p), "utf-8");
  ac_page_free(p);
}

Test(page, nul_byte_survives_decoding)
{
  ac_page *p = LOAD("<p>a\0b</p>");
  EXPECT_TEXT(p, "<p>a\0b</p>");
  ac_page_free(p);

  p = LOAD("<p>\xe9\0\x80</p>");   /* and in windows-1252 */
  EXPECT_TEXT(p, "<p>\xc3\xa9\0\xe2\x82\xac</p>");
  ac_page_free(p);
}

Test(page, missing_file_is_an_io_error_naming_it)
{
  ac_page *p = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_page_load_file(&p, "/nonexistent/dir/page.html", NULL, &err), AC_EIO);
  cr_assert_null(p);
  cr_assert(strstr(err.msg, "/nonexistent/dir/page.html") != NULL, "%s", err.msg);
}

Test(page, file_over_max_bytes_is_refused_with_a_limit_error)
{
  char *dir = temp_dir(), path[4096];
  ac_limits limits = AC_LIMITS_INIT;
  ac_page *p = NULL;
  ac_error err = {0};

  snprintf(path, sizeof path, "%s/big.html", dir);
  cr_assert_eq(write_file(path, "<p>0123456789</p>", 17), 0);
  limits.max_bytes = 10;
  cr_assert_eq(ac_page_load_file(&p, path, &limits, &err), AC_ELIMIT);
  cr_assert(strstr(err.msg, "big.html") != NULL && strstr(err.msg, "--max-bytes") != NULL,
            "%s", err.msg);
  limits.max_bytes = 17;
  cr_assert_eq(ac_page_load_file(&p, path, &limits, &err), AC_OK, "exactly at the limit loads");
  ac_page_free(p);
  free(dir);
}

Test(page, binary_data_is_refused_as_not_a_page)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  ac_page *p = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_page_load_buffer(&p, "logo.png", png, sizeof png - 1, NULL, &err),
               AC_ENOTPAGE);
  cr_assert(strstr(err.msg, "logo.png") != NULL, "%s", err.msg);
}

Test(page, random_bytes_without_a_magic_are_refused_as_not_a_page)
{
  unsigned char junk[4096];
  unsigned x = 12345;
  ac_page *p = NULL;
  ac_error err = {0};

  for (size_t i = 0; i < sizeof junk; i++) {      /* a fixed pseudo-random sequence */
    x = x * 1103515245u + 12345u;
    junk[i] = (unsigned char)(x >> 16);
  }
  cr_assert_eq(ac_page_load_buffer(&p, "bin.html", junk, sizeof junk, NULL, &err), AC_ENOTPAGE);
  cr_assert(strstr(err.msg, "bin.html") != NULL, "%s", err.msg);
}

Test(page, a_few_stray_control_bytes_do_not_make_a_page_binary)
{
  static const char page[] = "<p>Source\x01: Reuters\x1b and \x02 more</p>"
                             "<p>a paragraph of ordinary text long enough to dilute them</p>";
  ac_page *p = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_page_load_buffer(&p, "p.html", page, sizeof page - 1, NULL, &err), 0, "%s",
               err.msg);
  ac_page_free(p);
}

Test(page, empty_input_is_an_empty_page)
{
  ac_page *p = load("", 0);
  size_t len = 99;

  ac_page_text(p, &len);
  cr_assert_eq(len, 0);
  ac_page_free(p);
}

/* What a page came with (its URL, its HTTP headers, a forced kind) stays with it. */
Test(page, load_options_keep_the_url_headers_and_input_type)
{
  static const char headers[] = "Link: <https://example.org/terms.rsl>; rel=\"license\"\r\n";
  ac_load_options opts = {.input_type = AC_INPUT_MARKDOWN, .url = "https://example.org/a",
                          .http_headers = headers, .http_headers_len = sizeof headers - 1};
  ac_page *p = NULL;
  ac_error err = {0};
  size_t len = 0;

  cr_assert_eq(ac_page_load_buffer_with(&p, "a.md", "# A\n", 4, &opts, &err), AC_OK, "%s",
               err.msg);
  cr_assert_eq(ac_page_input_type(p), AC_INPUT_MARKDOWN);
  cr_assert_str_eq(ac_page_source_url(p), "https://example.org/a");
  cr_assert_str_eq(ac_page_http_headers(p, &len), headers);
  cr_assert_eq(len, sizeof headers - 1);
  ac_page_free(p);
  cr_assert_eq(ac_page_load_buffer(&p, "b.html", "<p>b</p>", 8, NULL, &err), AC_OK);
  cr_assert_null(ac_page_http_headers(p, NULL), "no headers were given");
  cr_assert_eq(ac_page_input_type(p), AC_INPUT_AUTO);
  ac_page_free(p);
}
