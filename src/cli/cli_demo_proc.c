/* cli/cli_demo_proc.c - the demo's child processes: start `skyweave ...` with its stdout on a
 * pipe, read whole lines without blocking, stop them all (SIGTERM, then SIGKILL after a grace
 * time).  Children die with the demo (PR_SET_PDEATHSIG), so a killed demo leaves nothing
 * running either. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli_demo.h"
#include "core/time.h"

int demo_proc_start(demo_proc *p, const char *name, char *const argv[], const char *err_path)
{
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name);
    p->fd = -1;
    p->pid = -1;
    int fds[2];
    if (pipe(fds)) {
        fprintf(stderr, "skyweave demo: pipe: %s\n", strerror(errno));
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "skyweave demo: fork: %s\n", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(1); /* the demo died between fork and prctl */
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        if (err_path) {
            int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (e >= 0) {
                dup2(e, STDERR_FILENO);
                close(e);
            }
        }
        /* Ctrl-C reaches the demo only: it stops the children itself, in order */
        setpgid(0, 0);
        execv("/proc/self/exe", argv);
        fprintf(stderr, "skyweave demo: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    p->pid = pid;
    p->fd = fds[0];
    p->running = 1;
    return 0;
}

int demo_proc_line(demo_proc *p, char *line, size_t n)
{
    for (;;) {
        char *nl = memchr(p->buf, '\n', p->len);
        if (nl) {
            size_t k = (size_t)(nl - p->buf);
            size_t c = k < n - 1 ? k : n - 1;
            memcpy(line, p->buf, c);
            line[c] = '\0';
            memmove(p->buf, nl + 1, p->len - k - 1);
            p->len -= k + 1;
            return 1;
        }
        if (p->len == sizeof p->buf)
            p->len = 0; /* a line longer than the buffer: dropped, never blocks */
        if (p->fd < 0)
            return 0;
        ssize_t r = read(p->fd, p->buf + p->len, sizeof p->buf - p->len);
        if (r > 0) {
            p->len += (size_t)r;
            continue;
        }
        if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
            close(p->fd);
            p->fd = -1;
        }
        return 0;
    }
}

int demo_proc_poll(demo_proc *p)
{
    if (!p->running)
        return 0;
    int st;
    pid_t r = waitpid(p->pid, &st, WNOHANG);
    if (r == p->pid) {
        p->running = 0;
        p->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        return 0;
    }
    return 1;
}

void demo_proc_stop_all(demo_proc *ps, int n, double grace_s)
{
    for (int i = 0; i < n; i++)
        if (demo_proc_poll(&ps[i]))
            kill(ps[i].pid, SIGTERM);
    double t0 = sw_time_mono();
    for (;;) {
        int alive = 0;
        for (int i = 0; i < n; i++)
            alive += demo_proc_poll(&ps[i]);
        if (!alive)
            break;
        if (sw_time_mono() - t0 > grace_s) {
            for (int i = 0; i < n; i++)
                if (ps[i].running) {
                    fprintf(stderr, "skyweave demo: %s did not stop in %.0f s: killed\n",
                            ps[i].name, grace_s);
                    kill(ps[i].pid, SIGKILL);
                    waitpid(ps[i].pid, NULL, 0);
                    ps[i].running = 0;
                    ps[i].status = 128 + SIGKILL;
                }
            break;
        }
        nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    }
    for (int i = 0; i < n; i++)
        if (ps[i].fd >= 0) {
            close(ps[i].fd);
            ps[i].fd = -1;
        }
}

int demo_run_cmd(char *const argv[], const char *err_path)
{
    demo_proc p;
    if (demo_proc_start(&p, argv[1], argv, err_path))
        return -1;
    char line[512];
    while (demo_proc_poll(&p) || p.fd >= 0) {
        while (demo_proc_line(&p, line, sizeof line))
            ;
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
        if (!p.running && p.fd < 0)
            break;
    }
    demo_proc_stop_all(&p, 1, 1);
    return p.status;
}
