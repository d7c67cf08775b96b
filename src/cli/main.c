/* cli/main.c - the skyweave command: dispatches to one subcommand per cmd_*.c file. */
#include <stdio.h>
#include <string.h>

#define SW_CMD(name) int cmd_##name(int argc, char **argv); extern const char cmd_##name##_summary[];
#include "commands.inc"
#undef SW_CMD

typedef struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} command;

static const command commands[] = {
#define SW_CMD(name) {#name, cmd_##name, cmd_##name##_summary},
#include "commands.inc"
#undef SW_CMD
};

static void usage(FILE *f)
{
    fprintf(f, "skyweave %s - coalition air surveillance and early warning\n\n"
               "usage: skyweave COMMAND [options]   (skyweave COMMAND --help for each)\n\n"
               "commands:\n", SW_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("skyweave %s\n", SW_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "skyweave: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
