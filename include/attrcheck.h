/* attrcheck: checks republished web content for licensing and attribution. */
#ifndef ATTRCHECK_H
#define ATTRCHECK_H

#include "attrcheck/common.h"
#include "attrcheck/error.h"
#include "attrcheck/page.h"
#include "attrcheck/facts.h"
#include "attrcheck/finding.h"
#include "attrcheck/url.h"
#include "attrcheck/rules.h"
#include "attrcheck/fingerprint.h"
#include "attrcheck/index.h"
#include "attrcheck/report.h"
#include "attrcheck/sign.h"
#include "attrcheck/fetch.h"
#include "attrcheck/config.h"

#endif
