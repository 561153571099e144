// SPDX-License-Identifier: GPL-2.0
/*
 * kstage - the staging steps public kernel exploits share (the
 * kexploit-staging scenario), without any exploit: a userfaultfd to stall
 * copy_from_user, a child that unshares a user + mount namespace and maps
 * itself to root (to reach namespaced-capability code paths), and heap
 * grooming with System V message queues, shared memory and keys.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/keyctl.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, s, strlen(s)) < 0)
			perror(path);
		close(fd);
	}
}

int main(void)
{
	struct { long type; char text[1024 - sizeof(long)]; } msg;
	struct uffdio_api api = { .api = UFFD_API };
	int uffd, q, keys = 0, sent = 0, shms = 0;
	pid_t pid;
	int st;

	uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd >= 0 && ioctl(uffd, UFFDIO_API, &api) == 0)
		printf("userfaultfd ok\n");
	pid = fork();
	if (pid == 0) {
		char map[64];

		if (unshare(CLONE_NEWUSER | CLONE_NEWNS)) {
			perror("unshare");
			_exit(1);
		}
		write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "0 %d 1", (int)getuid());
		write_file("/proc/self/uid_map", map);
		write_file("/proc/self/gid_map", map);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	memset(&msg, 'A', sizeof(msg));
	msg.type = 1;
	for (int i = 0; q >= 0 && i < 256; i++)
		if (msgsnd(q, &msg, sizeof(msg.text), IPC_NOWAIT) == 0)
			sent++;
	for (int i = 0; i < 64; i++) {
		char desc[32];
		long k;

		snprintf(desc, sizeof(desc), "spray_%d", i);
		k = syscall(SYS_add_key, "user", desc, msg.text, 512, KEY_SPEC_PROCESS_KEYRING);
		if (k >= 0) {
			syscall(SYS_keyctl, KEYCTL_READ, k, NULL, 0);
			keys++;
		}
	}
	for (int i = 0; i < 32; i++) {
		int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
		void *p = id >= 0 ? shmat(id, NULL, 0) : (void *)-1;

		if (p != (void *)-1) {
			shmdt(p);
			shms++;
		}
		if (id >= 0)
			shmctl(id, IPC_RMID, NULL);
	}
	if (q >= 0)
		msgctl(q, IPC_RMID, NULL);
	printf("msgs %d keys %d shm %d unshare-child %d\n", sent, keys, shms, WEXITSTATUS(st));
	return 0;
}
