/* cli/cli_node_sched.c - SCHED_FIFO for the node's data path.
 *
 * At 10,000 tracks on a shared 2-core machine a partner update's tail latency is mostly waiting
 * for a core: the partner's loop to wake for its row, Cyclone's receive thread, then this loop
 * (docs/PERFORMANCE.md, "What the tail is made of").  A SCHED_FIFO thread preempts every normal
 * thread at once when it becomes runnable, so those three wake-ups stop queueing behind builds,
 * the warning worker or a partner's fusion.  Only the threads a sample passes through are
 * raised: the warning worker (long CPU stretches) and discovery stay at normal priority, and the
 * kernel's RT throttling (sched_rt_runtime_us) still keeps 5 % of each second for them. */
#define _GNU_SOURCE
#include "cli_node_sched.h"

#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

const char *const node_sched_dds_threads[] = {"recv", "recvUC", "recvMC", "dq.user", "tev", NULL};

static int thread_named(pid_t tid, const char *const *names)
{
    char path[64], comm[32] = "";
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int)tid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    if (fgets(comm, sizeof comm, f))
        comm[strcspn(comm, "\n")] = 0;
    fclose(f);
    for (int i = 0; names[i]; i++)
        if (!strcmp(comm, names[i]))
            return 1;
    return 0;
}

int node_sched_realtime(int prio, const char *const *names)
{
    if (prio < 1 || prio > NODE_RT_MAX_PRIO)
        return -EINVAL;
    if (!names)
        names = node_sched_dds_threads;
    struct sched_param sp = {.sched_priority = prio};
    pid_t self = (pid_t)syscall(SYS_gettid);
    if (sched_setscheduler(self, SCHED_FIFO, &sp))
        return -errno;
    /* one above the loop: a FIFO thread is never preempted by one of its own priority, so the
     * loop running a fusion cycle's slices back to back would hold the receive thread off */
    sp.sched_priority = prio + 1;
    int n = 1;
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return n;
    struct dirent *e;
    while ((e = readdir(d))) {
        pid_t tid = (pid_t)atoi(e->d_name);
        if (tid <= 0 || tid == self || !thread_named(tid, names))
            continue;
        if (sched_setscheduler(tid, SCHED_FIFO, &sp)) {
            int rc = -errno;
            closedir(d);
            return rc;
        }
        n++;
    }
    closedir(d);
    return n;
}
