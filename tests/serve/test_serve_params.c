/* attrcheck serve: query parameters, as a CMS would send them, and what is refused. */
#include <criterion/criterion.h>
#include <string.h>

#include "serve/params.h"

Test(serve_params, decodes_values_and_takes_the_input_type_from_the_content_type)
{
  serve_params p;
  char why[160];

  cr_assert_eq(serve_params_parse(&p, "url=https%3A%2F%2Fours.example%2Fa%2Fb&policy=agency+wire"
                                  "&fail_on=warning", "text/markdown; charset=utf-8", why,
                                  sizeof why), AC_OK, "%s", why);
  cr_assert_str_eq(p.url, "https://ours.example/a/b");
  cr_assert_str_eq(p.policy, "agency wire");
  cr_assert_eq(p.fail_on, AC_SEV_WARNING);
  cr_assert_eq(p.input_type, AC_INPUT_MARKDOWN);
  serve_params_dispose(&p);
}

Test(serve_params, the_input_type_parameter_wins_over_the_content_type)
{
  serve_params p;
  char why[160];

  cr_assert_eq(serve_params_parse(&p, "input_type=text", "text/html", why, sizeof why), AC_OK);
  cr_assert_eq(p.input_type, AC_INPUT_TEXT);
  serve_params_dispose(&p);
  cr_assert_eq(serve_params_parse(&p, NULL, NULL, why, sizeof why), AC_OK);
  cr_assert_eq(p.input_type, AC_INPUT_AUTO);
  cr_assert_eq(p.fail_on, AC_SEV_ERROR);
  cr_assert_null(p.url);
  serve_params_dispose(&p);
}

Test(serve_params, refuses_with_a_reason_that_never_echoes_the_request)
{
  static const char *const bad[] = {
    "url=%", "url=%4", "url=a%00b", "x=1", "fail_on=off", "input_type=pdf", "policy=",
    "url=javascript:alert(1)", "url=https://", "url=https://a.example/%0a",
    "policy=a&policy=b", "noequals"};
  serve_params p;
  char why[160];

  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    cr_assert_eq(serve_params_parse(&p, bad[i], NULL, why, sizeof why), AC_EINVALID, "%s", bad[i]);
    cr_assert_gt(strlen(why), 0);
    cr_assert_null(strstr(why, "alert"), "%s", why);
    cr_assert_null(p.url);
    cr_assert_null(p.policy);
  }
}

Test(serve_params, a_query_over_the_bound_is_refused_whole)
{
  static char q[SERVE_MAX_QUERY + 16];
  serve_params p;
  char why[160];

  memset(q, 'a', sizeof q - 1);
  memcpy(q, "url=", 4);
  cr_assert_eq(serve_params_parse(&p, q, NULL, why, sizeof why), AC_EINVALID);
  cr_assert(strstr(why, "longer") != NULL, "%s", why);
}
