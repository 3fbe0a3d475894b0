// hello-c: greets each name on the command line. With no names it prints its usage on stderr
// and fails (status 2 for `main`; WASI 0.2 passes it on as failure, status 1). A `GREETING`
// environment variable (granted with `--env`) replaces "Hello".
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: hello-c NAME...\n");
    return 2;
  }
  const char *greeting = getenv("GREETING");
  if (greeting == NULL || greeting[0] == '\0') greeting = "Hello";
  for (int i = 1; i < argc; i++) printf("%s, %s!\n", greeting, argv[i]);
  return 0;
}
