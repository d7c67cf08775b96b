/* tests/asterix/test_asx_golden.c - every clean real capture against tshark 4.0's decoding.
 *
 * For each sample the records are split here and must come out as the same octet strings, in
 * the same order, as tshark's (the golden jsonl files carry the hex of each); then every field is
 * compared with tshark's value, both ways: no field of ours tshark lacks, none of tshark's we
 * lack.  The two known tshark 4.0 faults are allowed for (asterix-notes §7): I048/090 FL is
 * shown unsigned, and records with I062/510 are malformed (they are left out).  Each record
 * also goes through the struct and JSON round trips and the fast/table decoder comparison.
 * The captures are read from $SW_SHARED_DIR; without it the test says so and passes. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>

#include "asterix/asx_bits.h"
#include "asterix/asx_int.h"
#include "asx_test.h"

typedef struct kv {
    char key[64];
    uint64_t raw;
    const asx_field *f;
    const uint8_t *b; /* the octets the field's pos counts from */
    uint64_t sel;     /* raw of the field before (ASX_T_CASE) */
    int optional;     /* tshark 4.0 shows only the first element of a repetitive-FX item */
} kv;

typedef struct flist {
    kv v[1024];
    int n;
} flist;

static void add(flist *l, const char *key, const asx_field *f, const uint8_t *b, uint64_t raw,
                uint64_t sel)
{
    if (l->n >= 1024)
        fail_msg("too many fields");
    kv *k = &l->v[l->n];
    /* repeated names get #2, #3 ... in order, as the golden files do */
    int dup = 1;
    for (int i = 0; i < l->n; i++) {
        const char *h = strchr(l->v[i].key, '#');
        size_t len = h ? (size_t)(h - l->v[i].key) : strlen(l->v[i].key);
        if (len == strlen(key) && strncmp(l->v[i].key, key, len) == 0)
            dup++;
    }
    if (dup > 1)
        snprintf(k->key, sizeof k->key, "%s#%d", key, dup);
    else
        snprintf(k->key, sizeof k->key, "%s", key);
    k->f = f;
    k->b = b;
    k->raw = raw;
    k->sel = sel;
    k->optional = 0;
    l->n++;
}

static void fields(flist *l, const char *prefix, const asx_item *it, const uint8_t *b,
                   unsigned nbits)
{
    uint64_t prev = 0;
    for (unsigned i = 0; i < it->nf; i++) {
        const asx_field *f = &it->f[i];
        if (f->type == ASX_T_SPARE || f->pos + f->bits > nbits)
            continue;
        char key[64];
        snprintf(key, sizeof key, "%s_%s", prefix, f->spec);
        uint64_t raw = f->type == ASX_T_ICAO || f->type == ASX_T_ASCII ? 0
                                                                     : asx_getbits(b, f->pos, f->bits);
        add(l, key, f, b, raw, prev);
        prev = raw;
    }
}

static void item(flist *l, const asx_uap *u, const char *prefix, const asx_item *top,
                 const asx_item *it, const uint8_t *b, size_t len)
{
    switch (it->var) {
    case ASX_V_FIXED:
    case ASX_V_EXTENDED:
        fields(l, prefix, it, b, (unsigned)len * 8u);
        break;
    case ASX_V_REP:
        for (unsigned i = 0; i < b[0]; i++)
            fields(l, prefix, it, b + 1 + i * it->len, it->len * 8u);
        break;
    case ASX_V_REPFX:
        for (size_t i = 0; i < len / it->len; i++) {
            int first = l->n;
            fields(l, prefix, it, b + i * it->len, it->len * 8u - 1);
            for (int k = first; i > 0 && k < l->n; k++)
                l->v[k].optional = 1;
        }
        break;
    case ASX_V_COMPOUND: {
        size_t fs;
        uint32_t bits = asx_subfspec(b, &fs);
        for (unsigned k = 0; k < it->nsub; k++) {
            if (!(bits >> k & 1))
                continue;
            size_t sl;
            assert_int_equal(asx_item_len(u, top, &it->sub[k], b + fs, len - fs, &sl, NULL), 0);
            char p[64];
            snprintf(p, sizeof p, "%s_%s", prefix, it->sub[k].id);
            item(l, u, p, top, &it->sub[k], b + fs, sl);
            fs += sl;
        }
        break;
    }
    case ASX_V_EXPLICIT: {
        add(l, prefix, NULL, b, 0, 0);
        break;
    }
    default:
        break;
    }
}

static long compared, records, skipped;

/* Our value of one field against tshark's text. */
static void compare(const kv *k, const char *gold, const char *ctx)
{
    const asx_field *f = k->f;
    compared++;
    if (!f) /* SP / RE: presence only */
        return;
    if (f->type == ASX_T_ICAO || f->type == ASX_T_ASCII) {
        char s[16] = "";
        unsigned n = f->type == ASX_T_ICAO ? f->bits / 6 : f->bits / 8;
        if (n > sizeof s - 1) /* no text item is longer; -O3 cannot know that */
            n = sizeof s - 1;
        for (unsigned i = 0; i < n; i++)
            s[i] = f->type == ASX_T_ICAO ? asx_icao_char((unsigned)asx_getbits(k->b, f->pos + 6 * i, 6))
                                         : (char)k->b[(f->pos >> 3) + i];
        /* tshark shows the codes outside the alphabet (0 = nothing) as spaces */
        for (unsigned i = 0; f->type == ASX_T_ICAO && i < n; i++)
            if (s[i] != ' ' && !(s[i] >= 'A' && s[i] <= 'Z') && !(s[i] >= '0' && s[i] <= '9'))
                s[i] = ' ';
        if (strcmp(s, gold) != 0)
            fail_msg("%s %s: ours '%s', tshark '%s'", ctx, k->key, s, gold);
        return;
    }
    if (f->type == ASX_T_UQ || f->type == ASX_T_SQ) {
        const asx_field *sc = f->type == ASX_T_CASE && k->sel == 1 ? f->alt : f;
        double ours = (f->type == ASX_T_SQ ? (double)asx_sext(k->raw, f->bits) : (double)k->raw) *
                      sc->lsb;
        /* tshark 4.0 shows some signed fields unsigned: I048/090 FL (asterix-notes §7.1) and,
         * found by our fixtures, I034/120 HGT */
        static const char *const as_unsigned[] = {"048_090_FL", "034_120_HGT", NULL};
        for (const char *const *u = as_unsigned; *u; u++)
            if (strncmp(k->key, *u, strlen(*u)) == 0)
                ours = (double)k->raw * sc->lsb;
        double theirs = strtod(gold, NULL);
        if (!(fabs(ours - theirs) <= sc->lsb / 2 + 1e-9 * fabs(theirs)))
            fail_msg("%s %s: ours %.12g, tshark %s", ctx, k->key, ours, gold);
        return;
    }
    /* ASX_T_CASE (I021/150, I062/380 IAS): tshark 4.0 shows the raw value, whatever IM says */
    int64_t ours = f->type == ASX_T_INT ? asx_sext(k->raw, f->bits) : (int64_t)k->raw;
    char *end;
    long long theirs = strtoll(gold, &end, 0);
    if (*end || ours != theirs)
        fail_msg("%s %s: ours %lld, tshark %s", ctx, k->key, (long long)ours, gold);
}

static int ignored_golden_key(const char *k)
{
    return !strncmp(k, "FX", 2) || !strncmp(k, "counter", 7) || !strncmp(k, "spare", 5);
}

static void check_record(const cJSON *g, const asx_rec *r, const char *file)
{
    char ctx[300];
    const cJSON *fields_ = cJSON_GetObjectItem(g, "fields");
    snprintf(ctx, sizeof ctx, "%s frame %d block %d rec %d", file,
             cJSON_GetObjectItem(g, "frame")->valueint, cJSON_GetObjectItem(g, "block")->valueint,
             cJSON_GetObjectItem(g, "rec")->valueint);
    static flist l;
    l.n = 0;
    for (unsigned i = 0; i < r->n; i++) {
        const asx_item *it = &r->uap->items[r->it[i].frn - 1];
        char prefix[32];
        snprintf(prefix, sizeof prefix, "%03d_%s", r->uap->cat, it->id);
        item(&l, r->uap, prefix, it, it, r->p + r->it[i].off, r->it[i].len);
    }
    for (int i = 0; i < l.n; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(fields_, l.v[i].key);
        if (!v && strstr(l.v[i].key, "_VALUE")) { /* tshark 4.0 names I048/030's element CODE */
            char alias[64];
            snprintf(alias, sizeof alias, "%.*s_CODE%s",
                     (int)(strstr(l.v[i].key, "_VALUE") - l.v[i].key), l.v[i].key,
                     strstr(l.v[i].key, "_VALUE") + 6);
            v = cJSON_GetObjectItemCaseSensitive(fields_, alias);
        }
        if (v) {
            compare(&l.v[i], v->valuestring, ctx);
            continue;
        }
        if (l.v[i].optional)
            continue;
        /* a group inside an item (I048/020 ADSB: EP, VAL): tshark shows the group's bits as one
         * number; ours are its fields, which together must make that number */
        char grp[64];
        snprintf(grp, sizeof grp, "%s", l.v[i].key);
        char *us = strrchr(grp, '_');
        if (us)
            *us = 0;
        v = cJSON_GetObjectItemCaseSensitive(fields_, grp);
        if (!v || !l.v[i].f || strchr(l.v[i].f->spec, '_') == NULL)
            fail_msg("%s: tshark has no %s", ctx, l.v[i].key);
        uint64_t sum = 0;
        int j = i;
        for (; j < l.n && !strncmp(l.v[j].key, grp, strlen(grp)) && l.v[j].key[strlen(grp)] == '_';
             j++)
            sum = sum << l.v[j].f->bits | l.v[j].raw;
        if ((long long)sum != strtoll(v->valuestring, NULL, 0))
            fail_msg("%s %s: ours %llu, tshark %s", ctx, grp, (unsigned long long)sum,
                     v->valuestring);
        compared++;
        i = j - 1;
    }
    for (const cJSON *c = fields_->child; c; c = c->next) {
        if (ignored_golden_key(c->string))
            continue;
        int found = 0;
        size_t kl = strlen(c->string);
        for (int i = 0; i < l.n && !found; i++)
            found = strcmp(l.v[i].key, c->string) == 0 ||
                    (kl > 8 && !strncmp(c->string + 8, "CODE", 4) && !strncmp(l.v[i].key, c->string, 8)) ||
                    (!strncmp(l.v[i].key, c->string, kl) && l.v[i].key[kl] == '_' && l.v[i].f &&
                     strchr(l.v[i].f->spec, '_'));
        if (!found)
            fail_msg("%s: we have no %s (tshark: %s)", ctx, c->string, c->valuestring);
    }
    records++;
}

/* The typed and JSON round trips of one record, and fast == table decoding. */
static void round_trips(const asx_rec *r, const char *file)
{
    static asx_any a, g, back;
    asx_fault f;
    memset(&a, 0, sizeof a);
    memset(&g, 0, sizeof g);
    assert_int_equal(asx_decode(r, &g, &f), SW_OK);
    size_t len;
    assert_int_equal(asx_decode_record(r->uap, r->p, r->len, &a, &len, &f), SW_OK);
    assert_int_equal(len, r->len);
    if (memcmp(&a, &g, r->uap->size))
        fail_msg("%s: the fast and table decoders disagree on a CAT%03d record", file, r->uap->cat);
    /* struct -> octets -> struct: the same values (the octets may be shorter: minimal FSPEC) */
    uint8_t enc[4096];
    sw_err e;
    size_t n;
    if (asx_encode(r->uap, &g, enc, sizeof enc, &n, &e))
        fail_msg("%s: encode: %s", file, e.msg);
    memset(&back, 0, sizeof back);
    assert_int_equal(asx_decode_record(r->uap, enc, n, &back, &len, &f), SW_OK);
    ((uint8_t *)&back)[8] = ((uint8_t *)&g)[8]; /* fspec_len may differ */
    if (memcmp(&back, &g, r->uap->size))
        fail_msg("%s: a CAT%03d record changed through encode/decode", file, r->uap->cat);
    /* JSON -> octets: exactly the record */
    uint8_t j[4096];
    size_t jn = unjson(json1(r->uap->cat, r->p, r->len), j, sizeof j);
    if (jn != r->len || memcmp(j, r->p, jn))
        fail_msg("%s: a CAT%03d record changed through JSON", file, r->uap->cat);
}

static void one_file(const char *path, const char *gpath, const char *data)
{
    FILE *fd = fopen(path, "rb"), *fg = fopen(gpath, "r");
    if (!fd || !fg)
        fail_msg("cannot open %s or %s", path, gpath);
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, fd);
    fclose(fd);
    asx_iter it;
    asx_iter_init(&it, buf, n, NULL, -1);
    char line[1 << 16];
    int malformed = 0;
    while (fgets(line, sizeof line, fg)) {
        cJSON *g = cJSON_Parse(line);
        assert_non_null(g);
        int cat = cJSON_GetObjectItem(g, "cat")->valueint;
        const char *hex = cJSON_GetObjectItem(g, "hex")->valuestring;
        if (!asx_uap_find(cat, NULL)) {
            cJSON_Delete(g);
            continue;
        }
        if (cJSON_IsTrue(cJSON_GetObjectItem(g, "frame_malformed"))) {
            /* tshark's own fault (I062/510): its split is not to be compared */
            skipped++;
            malformed = 1;
            cJSON_Delete(g);
            continue;
        }
        /* the next record of ours must be tshark's next record of this category */
        asx_rec r;
        asx_fault f;
        int ev;
        while ((ev = asx_iter_next(&it, &r, &f)) == ASX_BLOCK)
            ;
        if (ev != ASX_RECORD)
            fail_msg("%s: we ran out of records (%d) before tshark's %s", data, ev, hex);
        char ours[8192];
        for (unsigned i = 0; i < r.len; i++)
            snprintf(ours + 2 * i, 3, "%02x", r.p[i]);
        if (strcmp(ours, hex) != 0)
            fail_msg("%s: record split differs:\nours   %s\ntshark %s", data, ours, hex);
        round_trips(&r, data);
        check_record(g, &r, data);
        cJSON_Delete(g);
    }
    fclose(fg);
    /* what tshark could not split: ours must still decode and round-trip */
    asx_rec r;
    asx_fault f;
    int ev, left = 0;
    while ((ev = asx_iter_next(&it, &r, &f)) != ASX_END) {
        if (ev == ASX_BLOCK)
            continue;
        if (ev < 0)
            fail_msg("%s: %s", data, f.why);
        round_trips(&r, data);
        left++;
    }
    if (left && !malformed)
        fail_msg("%s: %d records of ours that tshark does not have", data, left);
}

static void test_golden(void **state)
{
    (void)state;
    const char *dir = shared_dir();
    char probe[600];
    snprintf(probe, sizeof probe, "%s/data/asterix/samples/INDEX.md", dir);
    FILE *f = fopen(probe, "r");
    if (!f) {
        printf("SKIP: %s is absent (set SW_SHARED_DIR)\n", probe);
        return;
    }
    fclose(f);
    static const char *const s[][2] = {
        {"CroatiaControlLtd_asterix/extracted/cat_034_048.udp-payloads.ast",
         "CroatiaControlLtd_asterix/golden/cat_034_048.tshark-default.jsonl"},
        {"CroatiaControlLtd_asterix/extracted/cat_062_065.udp-payloads.ast",
         "CroatiaControlLtd_asterix/golden/cat_062_065.tshark-default.jsonl"},
        {"CroatiaControlLtd_asterix/extracted/parsegps.gps-unwrapped.ast",
         "CroatiaControlLtd_asterix/golden/parsegps.gps.tshark-default.jsonl"},
        {"CroatiaControlLtd_asterix/cat048.raw", "CroatiaControlLtd_asterix/golden/cat048.raw.tshark-default.jsonl"},
        {"CroatiaControlLtd_asterix/cat034.raw", "CroatiaControlLtd_asterix/golden/cat034.raw.tshark-default.jsonl"},
        {"CroatiaControlLtd_asterix/cat062cat065.raw",
         "CroatiaControlLtd_asterix/golden/cat062cat065.raw.tshark-default.jsonl"},
        {"CroatiaControlLtd_asterix/cat21_re.ast", "CroatiaControlLtd_asterix/golden/cat21_re.ast.tshark-default.jsonl"},
        {"hpuhr_jASTERIX/cat021ed2.1.bin", "hpuhr_jASTERIX/golden/cat021ed2.1.bin.tshark-default.jsonl"},
        {"hpuhr_jASTERIX/cat034ed1.26.bin", "hpuhr_jASTERIX/golden/cat034ed1.26.bin.tshark-default.jsonl"},
        {"hpuhr_jASTERIX/cat048ed1.15.bin", "hpuhr_jASTERIX/golden/cat048ed1.15.bin.tshark-default.jsonl"},
        {"hpuhr_jASTERIX/cat048ed1.23.bin", "hpuhr_jASTERIX/golden/cat048ed1.23.bin.tshark-default.jsonl"},
        {"hpuhr_jASTERIX/cat062ed1.12.bin", "hpuhr_jASTERIX/golden/cat062ed1.12.bin.tshark-default.jsonl"},
        {"hpuhr_jASTERIX/cat062ed1.16.bin", "hpuhr_jASTERIX/golden/cat062ed1.16.bin.tshark-default.jsonl"},
        {"mokhtarimokhtar_goasterix/sample.ast", "mokhtarimokhtar_goasterix/golden/sample.ast.tshark-default.jsonl"},
    };
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        char path[600], gpath[600];
        snprintf(path, sizeof path, "%s/data/asterix/samples/%s", dir, s[i][0]);
        snprintf(gpath, sizeof gpath, "%s/data/asterix/samples/%s", dir, s[i][1]);
        one_file(path, gpath, s[i][0]);
    }
    printf("%ld records, %ld fields agree with tshark; %ld records tshark got wrong left out\n",
           records, compared, skipped);
    assert_true(records >= 190);
    assert_true(compared >= 5000);
}

/* With arguments RAW GOLDEN: the same comparison for any file and its tshark decoding (the
 * e2e test runs it on the fixtures our encoder made). */
static const char *arg_raw, *arg_golden;

static void test_given(void **state)
{
    (void)state;
    one_file(arg_raw, arg_golden, arg_raw);
    printf("%ld records, %ld fields agree with tshark\n", records, compared);
    assert_true(records > 0 && skipped == 0);
}

int main(int argc, char **argv)
{
    if (argc == 3) {
        arg_raw = argv[1];
        arg_golden = argv[2];
        const struct CMUnitTest given[] = {cmocka_unit_test(test_given)};
        return cmocka_run_group_tests(given, NULL, NULL);
    }
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_golden)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
