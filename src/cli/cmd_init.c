/* attrcheck init: write a commented starter attrcheck.xml, never over an existing one. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cmd_init(int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : "attrcheck.xml";
  const char *text = ac_config_starter();
  size_t len = strlen(text);
  int fd;

  if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    puts("usage: attrcheck init [FILE]\n\nWrite a commented starter configuration "
         "(default ./attrcheck.xml).\nAn existing file is never overwritten.");
    return CLI_EXIT_CLEAN;
  }
  if (argc > 2 || (argc > 1 && argv[1][0] == '-')) {
    cli_errorf("init: takes one optional FILE (try 'attrcheck init --help')");
    return CLI_EXIT_FAILED;
  }
  fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) {
    cli_errorf("%s: %s", path, errno == EEXIST ? "already exists, not overwritten" : strerror(errno));
    return CLI_EXIT_FAILED;
  }
  if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
    cli_errorf("%s: %s", path, strerror(errno));
    close(fd);
    unlink(path);
    return CLI_EXIT_FAILED;
  }
  close(fd);
  printf("wrote %s\n", path);
  return CLI_EXIT_CLEAN;
}
