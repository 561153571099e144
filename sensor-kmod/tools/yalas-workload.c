// SPDX-License-Identifier: GPL-2.0
/*
 * yalas-workload - performs known syscalls for the guest tests and the
 * benchmark.  Every syscall goes through syscall(2) so that the exact
 * kernel syscall is known (no libc substitution).
 *
 *   yalas-workload families DIR OUT   one pass over every captured family,
 *                                     pinned to cpu 0; OUT receives the
 *                                     expected (sysid, ret) sequence and
 *                                     the pids involved
 *   yalas-workload exec-child ARGS... exits with status 3 (exec target)
 *   yalas-workload stress N TAG [CPU [PAUSE]]
 *                                     N x close(-1, i, TAG) on CPU (-1: any),
 *                                     sleeping 1 ms every PAUSE calls
 *   yalas-workload bench getpid|read|openat|close N
 *                                     prints "bench <name> <ns per call>"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <sys/ipc.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "yalas_abi.h"

#define MARK_BEGIN	7777
#define MARK_END	8888

/*
 * Expected records, kept in memory and written out after the end marker so
 * that logging itself makes no syscall inside the measured window.
 */
static struct { int sysid; long ret; } exp_log[1024];
static int exp_n;
static long fork_child, exec_child, exit_child;

/* Do one syscall and log (sysid, ret) as the expected record. */
#define S(id, nr, ...) do_log(YALAS_SYS_##id, syscall(nr, ##__VA_ARGS__))

static long do_log(int sysid, long ret)
{
	long r = ret < 0 ? -errno : ret;

	if (exp_n < 1024) {
		exp_log[exp_n].sysid = sysid;
		exp_log[exp_n++].ret = r;
	}
	return r;
}

static void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void path(char *buf, const char *dir, const char *name)
{
	snprintf(buf, 256, "%s/%s", dir, name);
}

static int families(const char *dir, const char *out)
{
	char p1[256], p2[256], buf[64], cwd[256];
	static char longpath[5001];
	static char *many_argv[101];
	char *exec_argv[] = { "yalas-workload", "exec-child", "arg1",
			      "arg two", NULL };
	struct open_how how = { .flags = O_CREAT | O_RDWR, .mode = 0600 };
	struct iovec iov[2];
	struct sockaddr_in sin, sin2;
	struct sockaddr_in6 sin6;
	struct sockaddr_un sun;
	struct mmsghdr mm[2];
	struct msghdr mh;
	socklen_t slen;
	long fd, fd2, s1, s2, s3, ls, cs, as, ptm, pts, shm, pid;
	struct __user_cap_header_struct caph = {
		.version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct capd[2];
	struct clone_args ca;
	void *shaddr, *map;
	int st;

	FILE *exp_f;
	int i;

	pin_cpu(0);
	mkdir(dir, 0755);
	syscall(SYS_getcwd, cwd, MARK_BEGIN);

	/* ---- files */
	path(p1, dir, "f1");
	fd = S(open, SYS_open, p1, O_CREAT | O_WRONLY | O_TRUNC, 0640);
	S(write, SYS_write, fd, "hello", 5);
	S(pwrite64, SYS_pwrite64, fd, "ab", 2, 10);
	iov[0].iov_base = "abc"; iov[0].iov_len = 3;
	iov[1].iov_base = "defg"; iov[1].iov_len = 4;
	S(writev, SYS_writev, fd, iov, 2);
	S(pwritev, SYS_pwritev, fd, iov, 2, 20, 0);
	S(close, SYS_close, fd);
	fd = S(openat, SYS_openat, AT_FDCWD, p1, O_RDONLY);
	S(read, SYS_read, fd, buf, 3);
	S(pread64, SYS_pread64, fd, buf, 4, 1);
	iov[0].iov_base = buf; iov[0].iov_len = 2;
	iov[1].iov_base = buf + 8; iov[1].iov_len = 5;
	S(readv, SYS_readv, fd, iov, 2);
	S(preadv, SYS_preadv, fd, iov, 2, 0, 0);
	S(close, SYS_close, fd);
	S(openat, SYS_openat, AT_FDCWD, "/nonexistent/yalas", O_RDONLY);
	/* unreadable path: -EFAULT, record marked COPY_FAULT */
	S(openat, SYS_openat, AT_FDCWD, (char *)8, O_RDONLY);
	/* 5000-byte path: -ENAMETOOLONG, record path cut at 4096, marked */
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = 0;
	S(openat, SYS_openat, AT_FDCWD, longpath, O_RDONLY);
	path(p1, dir, "f2");
	fd = S(openat2, SYS_openat2, AT_FDCWD, p1, &how, sizeof(how));
	S(close, SYS_close, fd);
	path(p1, dir, "f3");
	fd = S(creat, SYS_creat, p1, 0644);
	S(close, SYS_close, fd);
	path(p2, dir, "f4");
	S(rename, SYS_rename, p1, p2);
	path(p1, dir, "f5");
	S(renameat, SYS_renameat, AT_FDCWD, p2, AT_FDCWD, p1);
	path(p2, dir, "f6");
	S(renameat2, SYS_renameat2, AT_FDCWD, p1, AT_FDCWD, p2, 1);
	path(p1, dir, "l1");
	S(link, SYS_link, p2, p1);
	path(p2, dir, "l2");
	S(linkat, SYS_linkat, AT_FDCWD, p1, AT_FDCWD, p2, 0);
	path(p1, dir, "s1");
	S(symlink, SYS_symlink, "f6", p1);
	path(p1, dir, "s2");
	S(symlinkat, SYS_symlinkat, "f6", AT_FDCWD, p1);
	path(p1, dir, "d1");
	S(mkdir, SYS_mkdir, p1, 0755);
	path(p2, dir, "d2");
	S(mkdirat, SYS_mkdirat, AT_FDCWD, p2, 0700);
	S(rmdir, SYS_rmdir, p1);
	path(p1, dir, "f6");
	S(chmod, SYS_chmod, p1, 0600);
	fd = S(openat, SYS_openat, AT_FDCWD, p1, O_RDWR);
	S(fchmod, SYS_fchmod, fd, 0640);
	S(fchmodat, SYS_fchmodat, AT_FDCWD, p1, 0644);
	S(chown, SYS_chown, p1, 1000, 1000);
	path(p2, dir, "s1");
	S(lchown, SYS_lchown, p2, 1001, 1001);
	S(fchown, SYS_fchown, fd, 1002, 1002);
	S(fchownat, SYS_fchownat, AT_FDCWD, p1, 0, 0, 0);
	S(truncate, SYS_truncate, p1, 100);
	S(ftruncate, SYS_ftruncate, fd, 50);
	fd2 = S(dup, SYS_dup, fd);
	S(dup2, SYS_dup2, fd, 100);
	S(dup3, SYS_dup3, fd, 101, O_CLOEXEC);
	S(close, SYS_close, fd2);
	S(close, SYS_close, 100);
	S(close, SYS_close, 101);
	S(close, SYS_close, fd);
	path(p1, dir, "l1");
	S(unlink, SYS_unlink, p1);
	path(p1, dir, "l2");
	S(unlinkat, SYS_unlinkat, AT_FDCWD, p1, 0);
	path(p1, dir, "d2");
	S(unlinkat, SYS_unlinkat, AT_FDCWD, p1, AT_REMOVEDIR);

	/* ---- network (loopback only) */
	s1 = S(socket, SYS_socket, AF_INET, SOCK_DGRAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(40001);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	S(bind, SYS_bind, s1, &sin, sizeof(sin));
	s2 = S(socket, SYS_socket, AF_INET, SOCK_DGRAM, 0);
	S(connect, SYS_connect, s2, &sin, sizeof(sin));
	S(sendto, SYS_sendto, s2, "ping", 4, 0, NULL, 0);
	slen = sizeof(sin2);
	S(recvfrom, SYS_recvfrom, s1, buf, sizeof(buf), MSG_DONTWAIT, &sin2,
	  &slen);
	memset(mm, 0, sizeof(mm));
	iov[0].iov_base = "mm1"; iov[0].iov_len = 3;
	mm[0].msg_hdr.msg_iov = iov; mm[0].msg_hdr.msg_iovlen = 1;
	mm[1].msg_hdr.msg_iov = iov; mm[1].msg_hdr.msg_iovlen = 1;
	S(sendmmsg, SYS_sendmmsg, s2, mm, 2, 0);
	iov[1].iov_base = buf; iov[1].iov_len = sizeof(buf);
	memset(mm, 0, sizeof(mm));
	mm[0].msg_hdr.msg_iov = &iov[1]; mm[0].msg_hdr.msg_iovlen = 1;
	mm[0].msg_hdr.msg_name = &sin2;
	mm[0].msg_hdr.msg_namelen = sizeof(sin2);
	mm[1].msg_hdr.msg_iov = &iov[1]; mm[1].msg_hdr.msg_iovlen = 1;
	S(recvmmsg, SYS_recvmmsg, s1, mm, 2, MSG_DONTWAIT, NULL);
	S(close, SYS_close, s1);
	S(close, SYS_close, s2);

	s3 = S(socket, SYS_socket, AF_INET6, SOCK_DGRAM, 0);
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(40002);
	sin6.sin6_addr = in6addr_loopback;
	S(connect, SYS_connect, s3, &sin6, sizeof(sin6));
	S(sendto, SYS_sendto, s3, "x", 1, MSG_DONTWAIT, &sin6, sizeof(sin6));
	S(close, SYS_close, s3);

	ls = S(socket, SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	path(sun.sun_path, dir, "sock");
	S(bind, SYS_bind, ls, &sun, sizeof(sun));
	S(listen, SYS_listen, ls, 4);
	cs = S(socket, SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	S(connect, SYS_connect, cs, &sun, sizeof(sun));
	slen = sizeof(sun);
	as = S(accept4, SYS_accept4, ls, &sun, &slen, SOCK_CLOEXEC);
	memset(&mh, 0, sizeof(mh));
	iov[0].iov_base = "unixmsg"; iov[0].iov_len = 7;
	mh.msg_iov = iov; mh.msg_iovlen = 1;
	S(sendmsg, SYS_sendmsg, cs, &mh, 0);
	iov[1].iov_base = buf; iov[1].iov_len = sizeof(buf);
	mh.msg_iov = &iov[1];
	S(recvmsg, SYS_recvmsg, as, &mh, 0);
	S(close, SYS_close, as);
	S(close, SYS_close, cs);
	cs = S(socket, SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, "\0yalas-abstract", 15);
	S(bind, SYS_bind, cs, &sun, offsetof(struct sockaddr_un, sun_path) + 15);
	S(close, SYS_close, cs);
	cs = S(socket, SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	path(sun.sun_path, dir, "sock");
	S(connect, SYS_connect, cs, &sun, sizeof(sun));
	slen = sizeof(sun);
	as = S(accept, SYS_accept, ls, &sun, &slen);
	S(close, SYS_close, as);
	S(close, SYS_close, cs);
	S(close, SYS_close, ls);

	/* ---- memory */
	shm = S(shmget, SYS_shmget, IPC_PRIVATE, 3 * 4096, IPC_CREAT | 0600);
	shaddr = (void *)S(shmat, SYS_shmat, shm, NULL, 0);
	S(shmdt, SYS_shmdt, shaddr);
	S(shmctl, SYS_shmctl, shm, IPC_RMID, NULL);
	map = (void *)S(mmap, SYS_mmap, NULL, 7 * 4096, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	S(mprotect, SYS_mprotect, map, 4096, PROT_READ | PROT_EXEC);
	S(munmap, SYS_munmap, map, 7 * 4096);
	fd = S(memfd_create, SYS_memfd_create, "yalas-memfd", MFD_CLOEXEC);
	S(close, SYS_close, fd);
	fd = S(userfaultfd, SYS_userfaultfd, O_CLOEXEC);
	if (fd >= 0)
		S(close, SYS_close, fd);

	/* ---- tty: pty pair, write on the slave, read on the master */
	ptm = S(openat, SYS_openat, AT_FDCWD, "/dev/ptmx", O_RDWR | O_NOCTTY);
	if (ptm >= 0) {
		int zero = 0;
		char name[64];

		ioctl(ptm, TIOCSPTLCK, &zero);
		ioctl(ptm, TIOCGPTN, &zero);
		snprintf(name, sizeof(name), "/dev/pts/%d", zero);
		pts = S(openat, SYS_openat, AT_FDCWD, name, O_RDWR | O_NOCTTY);
		S(write, SYS_write, pts, "tty-hello-world", 15);
		usleep(10000);
		S(read, SYS_read, ptm, buf, sizeof(buf));
		S(close, SYS_close, pts);
		S(close, SYS_close, ptm);
	}

	/* ---- processes */
	pid = S(fork, SYS_fork);
	if (pid == 0)
		syscall(SYS_exit_group, 7);
	fork_child = pid;
	waitpid(pid, &st, 0);
	pid = vfork();
	if (pid == 0) {
		syscall(SYS_execve, "/bin/yalas-workload", exec_argv, environ);
		_exit(127);
	}
	do_log(YALAS_SYS_vfork, pid);
	exec_child = pid;
	waitpid(pid, &st, 0);
	pid = S(clone, SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		syscall(SYS_exit, 5);
	exit_child = pid;
	waitpid(pid, &st, 0);
	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	pid = S(clone3, SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		syscall(SYS_exit_group, 0);
	waitpid(pid, &st, 0);
	S(execve, SYS_execve, "/nonexistent/yalas-exec", exec_argv, environ);
	/* 100 arguments: argv cut at YALAS_ARGC_MAX elements, marked */
	for (i = 0; i < 100; i++)
		many_argv[i] = "many";
	many_argv[100] = NULL;
	S(execve, SYS_execve, "/nonexistent/yalas-many", many_argv, environ);

	/* ---- privileges and introspection */
	S(setuid, SYS_setuid, 0);
	S(setgid, SYS_setgid, 0);
	S(setreuid, SYS_setreuid, -1, -1);
	S(setregid, SYS_setregid, -1, -1);
	S(setresuid, SYS_setresuid, -1, -1, -1);
	S(setresgid, SYS_setresgid, -1, -1, -1);
	S(setfsuid, SYS_setfsuid, 0);
	S(setfsgid, SYS_setfsgid, 0);
	syscall(SYS_capget, &caph, capd);
	S(capset, SYS_capset, &caph, capd);
	S(prctl, SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	S(ptrace, SYS_ptrace, PTRACE_PEEKDATA, 1, 0, 0);
	iov[0].iov_base = buf; iov[0].iov_len = 4;
	iov[1].iov_base = cwd; iov[1].iov_len = 4;
	S(process_vm_readv, SYS_process_vm_readv, getpid(), iov, 1, &iov[1], 1, 0);
	S(process_vm_writev, SYS_process_vm_writev, getpid(), iov, 1, &iov[1], 1, 0);
	S(init_module, SYS_init_module, NULL, 0, "");
	S(finit_module, SYS_finit_module, -1, "", 0);
	S(delete_module, SYS_delete_module, "yalas_no_such_module", O_NONBLOCK);
	S(bpf, SYS_bpf, -1, NULL, 0);
	S(keyctl, SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -2, 0);
	S(unshare, SYS_unshare, 0);
	S(setns, SYS_setns, -1, 0);
	path(p1, dir, "mnt");
	S(mkdir, SYS_mkdir, p1, 0755);
	S(mount, SYS_mount, "none", p1, "tmpfs", MS_NOSUID, NULL);
	S(umount2, SYS_umount2, p1, 0);
	S(kill, SYS_kill, getpid(), 0);
	S(tkill, SYS_tkill, gettid(), 0);
	S(tgkill, SYS_tgkill, getpid(), gettid(), 0);
	S(chdir, SYS_chdir, dir);
	fd = S(openat, SYS_openat, AT_FDCWD, dir, O_RDONLY | O_DIRECTORY);
	S(fchdir, SYS_fchdir, fd);
	S(close, SYS_close, fd);
	S(getcwd, SYS_getcwd, cwd, sizeof(cwd));

	syscall(SYS_getcwd, cwd, MARK_END);

	exp_f = fopen(out, "w");
	if (!exp_f)
		return 1;
	fprintf(exp_f, "pid %d\nfork_child %ld\nexec_child %ld\nexit_child %ld\n",
		getpid(), fork_child, exec_child, exit_child);
	for (i = 0; i < exp_n; i++)
		fprintf(exp_f, "sys %d %ld\n", exp_log[i].sysid, exp_log[i].ret);
	fprintf(exp_f, "end\n");
	return fclose(exp_f) ? 1 : 0;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int bench(const char *what, long n)
{
	uint64_t t0, t1;
	char c;
	long i;
	int fd = open("/dev/zero", O_RDONLY);

	t0 = mono_ns();
	if (!strcmp(what, "getpid")) {
		for (i = 0; i < n; i++)
			syscall(SYS_getpid);
	} else if (!strcmp(what, "read")) {
		for (i = 0; i < n; i++)
			syscall(SYS_read, fd, &c, 1);
	} else if (!strcmp(what, "openat")) {
		for (i = 0; i < n; i++)
			syscall(SYS_close, syscall(SYS_openat, AT_FDCWD,
						   "/dev/null", O_RDONLY));
	} else {
		return 2;
	}
	t1 = mono_ns();
	printf("bench %s %.1f\n", what, (double)(t1 - t0) / n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "families"))
		return families(argv[2], argv[3]);
	if (argc >= 2 && !strcmp(argv[1], "exec-child"))
		return 3;
	if (argc >= 4 && !strcmp(argv[1], "stress")) {
		long n = atol(argv[2]), tag = atol(argv[3]), i;

		long pause = argc >= 6 ? atol(argv[5]) : 0;

		if (argc >= 5 && atoi(argv[4]) >= 0)
			pin_cpu(atoi(argv[4]));
		for (i = 0; i < n; i++) {
			syscall(SYS_close, -1, i, tag);
			if (pause && i % pause == pause - 1)
				usleep(1000);
		}
		return 0;
	}
	if (argc >= 4 && !strcmp(argv[1], "bench"))
		return bench(argv[2], atol(argv[3]));
	fprintf(stderr, "usage: see source\n");
	return 2;
}
