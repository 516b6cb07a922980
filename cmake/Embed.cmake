# Turn a file into a C array: cmake -DIN=file -DOUT=file.c -DNAME=symbol -P Embed.cmake
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR size "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE ${OUT} "/* Generated from ${IN}; do not edit. */\n#include <stddef.h>\n"
  "const unsigned char ${NAME}[] = {${body} 0x00};\nconst size_t ${NAME}_len = ${size};\n")
