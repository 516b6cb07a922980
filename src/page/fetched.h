/* Internal: how src/fetch/ keeps its results in a page. */
#ifndef AC_PAGE_FETCHED_H
#define AC_PAGE_FETCHED_H

#include "attrcheck/fetch.h"

/** Keep one fetch result in the page; strings are copied. AC_ENOMEM. */
int ac_page__add_fetched(ac_page *page, const ac_fetch_result *r);

#endif
