/* SCHED_FIFO for the node's data path (cli_node_sched.c): the calling thread at the priority
 * asked, the DDS threads named one above it, every other thread left alone.  Needs the right to
 * set a real-time policy (root or CAP_SYS_NICE, as in CI); skips with a message without it. */
#define _GNU_SOURCE
#include "../core/sw_test.h"

#include "cli_node_sched.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef struct th {
    const char *name;
    pthread_t t;
    pid_t tid;
    volatile int ready, stop;
} th;

static void *body(void *arg)
{
    th *x = arg;
    pthread_setname_np(pthread_self(), x->name);
    x->tid = (pid_t)syscall(SYS_gettid);
    x->ready = 1;
    while (!x->stop)
        usleep(1000);
    return NULL;
}

static void policy_of(pid_t tid, int *pol, int *prio)
{
    struct sched_param sp;
    *pol = sched_getscheduler(tid);
    assert_int_equal(sched_getparam(tid, &sp), 0);
    *prio = sp.sched_priority;
}

static void test_data_path_raised(void **st)
{
    (void)st;
    th t[3] = {{.name = "recvUC"}, {.name = "tev"}, {.name = "sw_shadow"}};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(pthread_create(&t[i].t, NULL, body, &t[i]), 0);
        while (!t[i].ready)
            usleep(1000);
    }
    assert_int_equal(node_sched_realtime(0, NULL), -EINVAL);
    assert_int_equal(node_sched_realtime(NODE_RT_MAX_PRIO + 1, NULL), -EINVAL);
    int k = node_sched_realtime(7, NULL);
    int pol, prio;
    if (k == -EPERM) {
        for (int i = 0; i < 3; i++) {
            t[i].stop = 1;
            pthread_join(t[i].t, NULL);
        }
        print_message("skipped: no right to set SCHED_FIFO here (needs root or CAP_SYS_NICE)\n");
        skip();
    }
    assert_int_equal(k, 3); /* this thread, recvUC, tev */
    policy_of(0, &pol, &prio);
    assert_int_equal(pol, SCHED_FIFO);
    assert_int_equal(prio, 7);
    for (int i = 0; i < 2; i++) {
        policy_of(t[i].tid, &pol, &prio);
        assert_int_equal(pol, SCHED_FIFO);
        assert_int_equal(prio, 8); /* above the loop: it preempts a loop running slices */
    }
    policy_of(t[2].tid, &pol, &prio);
    assert_int_equal(pol, SCHED_OTHER); /* the warning worker keeps normal scheduling */
    for (int i = 0; i < 3; i++) {
        t[i].stop = 1;
        pthread_join(t[i].t, NULL);
    }
    struct sched_param sp = {0};
    assert_int_equal(sched_setscheduler(0, SCHED_OTHER, &sp), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_data_path_raised)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
