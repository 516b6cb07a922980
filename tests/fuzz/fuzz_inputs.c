/*
 * Fuzz target: Markdown (with YAML, TOML or JSON front matter, MDX) and plain
 * text. The first byte picks the kind; the rest is the file. Each must load,
 * extract and print its facts, or fail with a message; never crash or hang.
 */
#include <stdint.h>
#include <stdlib.h>

#include "attrcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const names[] = {"fuzz.md", "fuzz.mdx", "fuzz.txt", "fuzz"};
  ac_load_options opts = {0};
  ac_page *page = NULL;
  ac_error err = {0};
  char *json = NULL;
  unsigned pick = size > 0 ? data[0] % 4u : 0;

  if (size > 0) {
    data++;
    size--;
  }
  opts.input_type = pick == 2 ? AC_INPUT_TEXT : AC_INPUT_AUTO;
  if (ac_page_load_buffer_with(&page, names[pick], data, size, &opts, &err) == 0 &&
      ac_page_extract(page, NULL, NULL, &err) == 0 &&
      ac_page_facts_json(page, 0, &json, &err) == 0 && json == NULL)
    __builtin_trap();
  free(json);
  ac_page_free(page);
  return 0;
}
