/* warn/wrn_keys.c - the nodes' Ed25519 audit keys (hex files) and signed acknowledgements.
 *
 * An acknowledgement is signed over canonical bytes, not over the struct: padding, byte order
 * and the compiler's layout must not decide whether a partner's signature verifies. */
#include "warn/wrn_audit.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_sodium_ok;
static void sodium_setup(void) { g_sodium_ok = sodium_init() >= 0; }

int wrn_sodium_ready(void);
int wrn_sodium_ready(void)
{
    pthread_once(&g_once, sodium_setup);
    return g_sodium_ok;
}

void wrn_hex(const uint8_t *in, size_t n, char *out)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = d[in[i] >> 4];
        out[2 * i + 1] = d[in[i] & 15];
    }
    out[2 * n] = 0;
}

static int nib(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int wrn_unhex(const char *hex, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int a = nib(hex[2 * i]), b = a < 0 ? -1 : nib(hex[2 * i + 1]);
        if (a < 0 || b < 0)
            return -1;
        out[i] = (uint8_t)(a << 4 | b);
    }
    return 0;
}

/* A key file: exactly 2n hex digits, optionally one newline. */
static sw_rc load_hex(const char *path, uint8_t *out, size_t n, sw_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sw_err_set(err, SW_EIO, "%s: %s", path, strerror(errno));
    char buf[260];
    size_t k = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[k] = 0;
    if (k && buf[k - 1] == '\n')
        buf[--k] = 0;
    if (k != 2 * n || wrn_unhex(buf, n, out))
        return sw_err_set(err, SW_EFORMAT, "%s: expected %zu hex digits and a newline", path,
                          2 * n);
    return SW_OK;
}

sw_rc wrn_key_load_sk(const char *path, uint8_t sk[WRN_SK_BYTES], sw_err *err)
{
    if (!wrn_sodium_ready())
        return sw_err_set(err, SW_ESECURITY, "libsodium failed to initialise");
    sw_rc rc = load_hex(path, sk, WRN_SK_BYTES, err);
    if (rc)
        return rc;
    /* libsodium's secret key is seed || public key: check they belong together */
    uint8_t seed[32], pk[32], sk2[64];
    crypto_sign_ed25519_sk_to_seed(seed, sk);
    crypto_sign_seed_keypair(pk, sk2, seed);
    int ok = !sodium_memcmp(sk2, sk, 64);
    sodium_memzero(seed, sizeof seed);
    sodium_memzero(sk2, sizeof sk2);
    if (!ok)
        return sw_err_set(err, SW_EFORMAT, "%s: not an Ed25519 secret key (its public half does "
                          "not match its seed)", path);
    return SW_OK;
}

sw_rc wrn_key_load_pk(const char *path, uint8_t pk[WRN_PK_BYTES], sw_err *err)
{
    return load_hex(path, pk, WRN_PK_BYTES, err);
}

sw_rc wrn_keys_load(const char *dir, const char *nation, uint8_t sk[WRN_SK_BYTES],
                    uint8_t pk[WRN_PK_BYTES], sw_err *err)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s/audit.sk", dir, nation);
    sw_rc rc = wrn_key_load_sk(p, sk, err);
    if (rc)
        return rc;
    memcpy(pk, sk + 32, WRN_PK_BYTES);
    snprintf(p, sizeof p, "%s/%s/audit.pk", dir, nation);
    uint8_t pk2[WRN_PK_BYTES];
    if (access(p, F_OK))
        return SW_OK;
    if ((rc = wrn_key_load_pk(p, pk2, err)))
        return rc;
    if (memcmp(pk, pk2, WRN_PK_BYTES))
        return sw_err_set(err, SW_ESECURITY, "%s does not belong to %s/%s/audit.sk", p, dir,
                          nation);
    return SW_OK;
}

sw_rc wrn_keys_load_pk(const char *dir, const char *nation, uint8_t pk[WRN_PK_BYTES], sw_err *err)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s/audit.pk", dir, nation);
    return wrn_key_load_pk(p, pk, err);
}

static sw_rc write_file(const char *path, const char *text, mode_t mode, int excl, sw_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (excl ? O_EXCL : O_TRUNC), mode);
    if (fd < 0)
        return sw_err_set(err, SW_EIO, "%s: %s", path, strerror(errno));
    size_t n = strlen(text);
    int bad = write(fd, text, n) != (ssize_t)n || fsync(fd);
    bad |= close(fd);
    if (bad)
        return sw_err_set(err, SW_EIO, "%s: write failed", path);
    return SW_OK;
}

sw_rc wrn_keys_generate(const char *dir, const char *nation, uint8_t sk[WRN_SK_BYTES],
                        uint8_t pk[WRN_PK_BYTES], sw_err *err)
{
    if (!wrn_sodium_ready())
        return sw_err_set(err, SW_ESECURITY, "libsodium failed to initialise");
    char p[1024], hex[2 * WRN_SK_BYTES + 2];
    snprintf(p, sizeof p, "%s/%s", dir, nation);
    if ((mkdir(dir, 0755) && errno != EEXIST) || (mkdir(p, 0700) && errno != EEXIST))
        return sw_err_set(err, SW_EIO, "%s: %s", p, strerror(errno));
    crypto_sign_keypair(pk, sk);
    snprintf(p, sizeof p, "%s/%s/audit.sk", dir, nation);
    wrn_hex(sk, WRN_SK_BYTES, hex);
    strcat(hex, "\n");
    sw_rc rc = write_file(p, hex, 0600, 1, err);
    sodium_memzero(hex, sizeof hex);
    if (rc)
        return rc;
    snprintf(p, sizeof p, "%s/%s/audit.pk", dir, nation);
    wrn_hex(pk, WRN_PK_BYTES, hex);
    strcat(hex, "\n");
    return write_file(p, hex, 0644, 0, err);
}

static void be(uint8_t *p, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

void wrn_ack_bytes(const wrn_ack *a, uint8_t out[WRN_ACK_BYTES])
{
    memset(out, 0, WRN_ACK_BYTES);
    memcpy(out, "SWACK1", 6);
    be(out + 6, a->warning_id, 8);
    /* strings up to their NUL, zero-padded: bytes after it are not part of the message */
    memcpy(out + 14, a->nation, strnlen(a->nation, 4));
    memcpy(out + 18, a->issuer, strnlen(a->issuer, 4));
    be(out + 22, a->revision, 4);
    out[26] = a->state;
    /* milliseconds: a time that went through int64 ns on the wire and back to double seconds
     * still gives the same number */
    double ms = a->time * 1e3;
    be(out + 27, (uint64_t)(int64_t)(isfinite(ms) && fabs(ms) < 9e15 ? llround(ms) : 0), 8);
    memcpy(out + 35, a->operator_id, strnlen(a->operator_id, 32));
}

void wrn_ack_sign(wrn_ack *a, const uint8_t sk[WRN_SK_BYTES])
{
    uint8_t m[WRN_ACK_BYTES];
    wrn_sodium_ready();
    wrn_ack_bytes(a, m);
    crypto_sign_detached(a->sig, NULL, m, sizeof m, sk);
}

sw_rc wrn_ack_verify(const wrn_ack *a, const uint8_t pk[WRN_PK_BYTES])
{
    uint8_t m[WRN_ACK_BYTES];
    if (!wrn_sodium_ready())
        return SW_ESECURITY;
    wrn_ack_bytes(a, m);
    return crypto_sign_verify_detached(a->sig, m, sizeof m, pk) ? SW_ESECURITY : SW_OK;
}
