// SPDX-License-Identifier: GPL-2.0
/*
 * svc-diag - the "diagnostics helper" both services ship, installed
 * setuid root so an unprivileged service can read root-only counters.
 * It has the classic flaw of such helpers: it becomes root for real
 * (setuid(0), so child shells keep the privilege) and then runs "uptime"
 * through a PATH lookup, so whoever controls PATH runs code as root.
 * The setuid-privesc attack of the corpus uses exactly that.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	char buf[256];
	FILE *f;
	pid_t pid;
	int st;

	if (argc < 2 || strcmp(argv[1], "status")) {
		fprintf(stderr, "usage: svc-diag status\n");
		return 2;
	}
	if (setgid(0) || setuid(0)) {
		perror("svc-diag: setuid");
		return 1;
	}
	f = fopen("/proc/loadavg", "r");
	if (f && fgets(buf, sizeof(buf), f))
		printf("load %s", buf);
	if (f)
		fclose(f);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execlp("uptime", "uptime", (char *)NULL);	/* the flaw: PATH */
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &st, 0);
	return 0;
}
