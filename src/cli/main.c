/* TEMPORARY: the CLI is being written. */
#include <stdio.h>
#include "attrcheck.h"
int main(void) { puts(ATTRCHECK_VERSION); return 0; }
