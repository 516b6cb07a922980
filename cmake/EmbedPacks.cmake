# Compile rule packs into the library, so an installed attrcheck needs no data
# files: cmake -DPACKS="a.xml;b.xml" -DOUT=file.c -P EmbedPacks.cmake
# Packs are stored in name order, the order ac_rules_add_defaults() loads them,
# each with its SHA-256 (for signed reports), so a start computes none of it.
list(SORT PACKS)
set(decls "")
set(table "")
set(i 0)
foreach(pack ${PACKS})
  get_filename_component(name ${pack} NAME)
  file(READ ${pack} hex HEX)
  file(SHA256 ${pack} sum)
  string(LENGTH "${hex}" n)
  math(EXPR size "${n} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
  string(APPEND decls "static const unsigned char pack${i}[] = {${body} 0x00};\n")
  string(APPEND table "  {\"${name}\", pack${i}, ${size}, \"${sum}\"},\n")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE ${OUT} "/* Generated from the rule packs; do not edit. */\n"
  "#include <stddef.h>\n\n#include \"rules/builtin.h\"\n\n${decls}\n"
  "const ac_rules__builtin ac_rules__builtin_packs[] = {\n${table}};\n"
  "const size_t ac_rules__builtin_count = ${i};\n")
