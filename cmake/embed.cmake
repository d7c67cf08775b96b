# cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed.cmake: a text file as a C string (bytes).
file(READ ${IN} HEX HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," BYTES "${HEX}")
file(WRITE ${OUT} "/* generated from ${IN} by cmake/embed.cmake; do not edit */\n"
  "static const char data[] = {${BYTES} 0};\nconst char *${NAME}(void) { return data; }\n")
