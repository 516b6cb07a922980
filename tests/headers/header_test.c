/* The public header stands alone: C11, -pedantic, every warning an error (tests/CMakeLists.txt). */
/* Compiles the usage example of the umbrella header too. */
#define ATTRCHECK_EXAMPLE
#include <attrcheck.h>

int main(void)
{
  ac_limits limits = AC_LIMITS_INIT;
  ac_report_options ro = AC_REPORT_OPTIONS_INIT;
  ac_fp_params fp = AC_FP_PARAMS_INIT;

  (void)ro;
  (void)fp;
  return limits.max_bytes == AC_DEFAULT_MAX_BYTES ? 0 : 1;
}
