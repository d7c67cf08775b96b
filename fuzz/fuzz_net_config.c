/* fuzz/fuzz_net_config.c - the `dds:` and `releasability:` sections of a node configuration:
 * any YAML gives a configuration or an error with file:line, never a crash or a bad XML. */
#include "net/net.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    sw_cfg_doc *d = NULL;
    sw_err e;
    if (sw_cfg_load_string(&d, text, "fuzz.yaml", &e) == SW_OK && sw_cfg_root(d)) {
        const sw_cfg *root = sw_cfg_root(d);
        char nations[3][4] = {"QA", "BH", "EG"};
        net_policy p;
        net_policy_parse(&p, sw_cfg_get(root, "releasability"), nations, 3, &e);
        net_dds_config c;
        net_dds_config_default(&c);
        c.secure = false;
        if (net_dds_config_parse(&c, sw_cfg_get(root, "dds"), "/tmp", &e) == SW_OK) {
            char *xml = NULL;
            c.template_path[0] = 0; /* never read files named by the input */
            if (net_xml_build(&c, &xml, &e) == SW_OK && strchr(xml, '@'))
                abort(); /* a variable left unfilled */
            free(xml);
        }
    }
    sw_cfg_free(d);
    free(text);
    return 0;
}
