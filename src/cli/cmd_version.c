/* cli/cmd_version.c - `skyweave version`: the version and the libraries it was built with. */
#include <stdio.h>
#include <string.h>

const char cmd_version_summary[] = "print the version";

int cmd_version(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: skyweave version\n\nPrints the version of skyweave.\n");
        return 0;
    }
    printf("skyweave %s\n", SW_VERSION);
    return 0;
}
