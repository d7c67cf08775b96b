/* cli/cli_node_sched.h - real-time scheduling of the node's data path (config `realtime:`). */
#ifndef SW_CLI_NODE_SCHED_H
#define SW_CLI_NODE_SCHED_H

#define NODE_RT_MAX_PRIO 97

/* Puts the calling thread (the node's loop) under SCHED_FIFO at prio (1..NODE_RT_MAX_PRIO) and
 * this process's threads named in `names` (a NULL-terminated list of thread names; NULL:
 * node_sched_dds_threads) at prio + 1, so that they preempt the loop.  Returns the number of
 * threads changed, or -errno of the first refusal (EPERM without CAP_SYS_NICE or an
 * RLIMIT_RTPRIO); threads changed before a refusal stay changed.  Finds the threads by name in
 * /proc/self/task (Linux). */
int node_sched_realtime(int prio, const char *const *names);

/* Cyclone DDS 0.10's threads on a sample's way from a writer to a reader: the receive threads
 * (recv, recvUC, recvMC), the delivery queue of user data and the timed-event thread that sends
 * heartbeats and acknowledgements.  Discovery, security handshakes and garbage collection stay
 * at normal priority. */
extern const char *const node_sched_dds_threads[];

#endif
