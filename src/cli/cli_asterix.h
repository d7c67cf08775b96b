/* cli/cli_asterix.h - the two halves of `skyweave asterix`. */
#ifndef SW_CLI_ASTERIX_H
#define SW_CLI_ASTERIX_H
int cli_asterix_decode(int argc, char **argv);
int cli_asterix_encode(int argc, char **argv);
int cli_asterix_cat062(int argc, char **argv);
#endif
