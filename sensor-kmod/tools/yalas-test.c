// SPDX-License-Identifier: GPL-2.0
/*
 * yalas-test - guest test suite for the YALAS module.
 *
 *   yalas-test families|stress|tiny|filters|badinput|killed|capmask|all
 *   yalas-test hold SECONDS      keep /dev/yalas open (rmmod test)
 *   yalas-test capfile CAP       check a capture file of yalas-capture
 *   yalas-test dump CAP DUMP     check yalas-dump's output DUMP of CAP
 *
 * Prints "TEST <name> PASS" or "TEST <name> FAIL" and "FAIL: ..." lines;
 * exit status 0 only if everything passed.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <time.h>
#include <arpa/inet.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "yalas-user.h"

#define WORKLOAD "/bin/yalas-workload"

static int failures;

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	failures++;
}

#define CHECK(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

/* ------------------------------------------------------ record collection */

struct recs {
	struct yalas_rec_hdr **v;
	size_t n, cap;
};

static int collect(void *ctx, const struct yalas_rec_hdr *h)
{
	struct recs *rs = ctx;
	struct yalas_rec_hdr *c = malloc(h->size);

	memcpy(c, h, h->size);
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 4096;
		rs->v = realloc(rs->v, rs->cap * sizeof(*rs->v));
	}
	rs->v[rs->n++] = c;
	return 0;
}

static void recs_free(struct recs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		free(rs->v[i]);
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

static const struct yalas_sys *rsys(const struct yalas_rec_hdr *h)
{
	return (const void *)(h + 1);
}

static const void *rpart(const struct yalas_rec_hdr *h)
{
	if (h->type >= YALAS_REC_PROC_FORK)
		return h + 1;
	return rsys(h) + 1;
}

static int is_sys(const struct yalas_rec_hdr *h)
{
	return h->type >= YALAS_REC_SYSCALL && h->type <= YALAS_REC_EXEC;
}

/* Run argv as a child while draining into rs; returns wait status. */
static int run_capture(struct yu *u, struct recs *rs, char *const argv[])
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
		if (!yu_drain(u, collect, rs))
			yu_wait(u, 20);
	}
	yu_drain(u, collect, rs);
	return st;
}

static int open_dev(struct yu *u)
{
	int err = yu_open(u);

	if (err)
		fail("open %s: %s", YALAS_DEVICE_PATH, strerror(-err));
	return err;
}

static int cmp_seq(const void *a, const void *b)
{
	const struct yalas_rec_hdr *x = *(void * const *)a, *y = *(void * const *)b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ------------------------------------------------------------ families */

struct expect {
	int sysid[1024];
	long ret[1024];
	int n;
	long pid, fork_child, exec_child, exit_child;
};

static int read_expect(const char *path, struct expect *e)
{
	FILE *f = fopen(path, "r");
	char line[128];
	int ended = 0;

	memset(e, 0, sizeof(*e));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		int id;
		long v;

		if (sscanf(line, "sys %d %ld", &id, &v) == 2 && e->n < 1024) {
			e->sysid[e->n] = id;
			e->ret[e->n++] = v;
		} else if (sscanf(line, "pid %ld", &v) == 1) {
			e->pid = v;
		} else if (sscanf(line, "fork_child %ld", &v) == 1) {
			e->fork_child = v;
		} else if (sscanf(line, "exec_child %ld", &v) == 1) {
			e->exec_child = v;
		} else if (sscanf(line, "exit_child %ld", &v) == 1) {
			e->exit_child = v;
		} else if (!strncmp(line, "end", 3)) {
			ended = 1;
		}
	}
	fclose(f);
	return ended ? 0 : -1;
}

/* the workload's measured window: cpu 0, seq in [win_begin, win_end) */
static long win_tgid;
static uint64_t win_begin, win_end;

static const struct yalas_rec_hdr *find_sys(struct recs *rs, long tgid,
					    int sysid, int nth)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		const struct yalas_rec_hdr *h = rs->v[i];

		if (tgid == win_tgid &&
		    (h->cpu != 0 || h->seq < win_begin || h->seq >= win_end))
			continue;
		if (is_sys(h) && h->tgid == tgid && rsys(h)->sysid == sysid &&
		    !(h->flags & YALAS_RF_ENTER) && nth-- == 0)
			return h;
	}
	return NULL;
}

static const struct yalas_rec_hdr *find_type(struct recs *rs, long tgid,
					     int type)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (rs->v[i]->type == type && rs->v[i]->tgid == tgid)
			return rs->v[i];
	return NULL;
}

static int str_eq(const char *p, unsigned int len, const char *s)
{
	return len == strlen(s) && !memcmp(p, s, len);
}

/* The argv part of a PROC_EXEC record (ABI 1.1), NULL if absent or bad. */
static const struct yalas_proc_exec_argv *pexec_argv(const struct yalas_rec_hdr *h)
{
	const struct yalas_proc_exec *x = rpart(h);
	size_t off = YALAS_PEXEC_ARGV_OFFSET(x->filename_len, x->interp_len);
	const struct yalas_proc_exec_argv *pa;

	if (h->type != YALAS_REC_PROC_EXEC || h->size < off + sizeof(*pa))
		return NULL;
	pa = (const void *)((const char *)h + off);
	if (off + sizeof(*pa) + pa->argv_len > h->size)
		return NULL;
	return pa;
}

#define FILEP(h)  ((const struct yalas_file *)rpart(h))
#define IOP(h)    ((const struct yalas_io *)rpart(h))
#define NETP(h)   ((const struct yalas_net *)rpart(h))

static void check_file(struct recs *rs, long tgid, int sysid, int nth,
		       const char *p1, const char *p2)
{
	const struct yalas_rec_hdr *h = find_sys(rs, tgid, sysid, nth);
	const struct yalas_file *f;
	const char *var;

	if (!h || h->type != YALAS_REC_FILE) {
		fail("no FILE record for sysid %d #%d", sysid, nth);
		return;
	}
	f = FILEP(h);
	var = (const char *)(f + 1);
	if (p1)
		CHECK(str_eq(var, f->path_len, p1), "sysid %d path '%.*s' != '%s'",
		      sysid, f->path_len, var, p1);
	if (p2)
		CHECK(str_eq(var + f->path_len, f->path2_len, p2),
		      "sysid %d path2 '%.*s' != '%s'", sysid, f->path2_len,
		      var + f->path_len, p2);
}

static void check_inet(struct recs *rs, long tgid, int sysid, int nth,
		       int family, const char *addr, int port)
{
	const struct yalas_rec_hdr *h = find_sys(rs, tgid, sysid, nth);
	const struct yalas_net *n;
	unsigned char want[16];

	if (!h || h->type != YALAS_REC_NET) {
		fail("no NET record for sysid %d #%d", sysid, nth);
		return;
	}
	n = NETP(h);
	inet_pton(family == YALAS_AF_INET ? AF_INET : AF_INET6, addr, want);
	CHECK(n->family == family, "sysid %d family %u != %d", sysid,
	      n->family, family);
	CHECK(!memcmp(n->addr, want, family == YALAS_AF_INET ? 4 : 16),
	      "sysid %d address mismatch (want %s)", sysid, addr);
	if (port >= 0)
		CHECK(n->port == port, "sysid %d port %u != %d", sysid,
		      n->port, port);
}

static void test_families(void)
{
	char *argv[] = { WORKLOAD, "families", "/tmp/yt", "/tmp/yt.exp", NULL };
	struct recs rs = { 0 };
	struct expect e;
	struct yu u;
	struct stat ns;
	size_t i;
	int j, st, k, cnt_exp[YALAS_SYS_MAX] = { 0 }, cnt_got[YALAS_SYS_MAX] = { 0 };
	const struct yalas_rec_hdr *h;
	uint64_t t_begin = 0, t_end = 0;

	if (open_dev(&u))
		return;
	yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_TGID, YALAS_FILTER_EXCLUDE,
		  getpid());
	CHECK(ioctl(u.fd, YALAS_IOC_START) == 0, "start");
	st = run_capture(&u, &rs, argv);
	ioctl(u.fd, YALAS_IOC_STOP);
	yu_drain(&u, collect, &rs);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "workload status %x", st);
	CHECK(u.corrupt == 0, "corrupt records %llu",
	      (unsigned long long)u.corrupt);
	if (read_expect("/tmp/yt.exp", &e)) {
		fail("workload expectation file incomplete");
		goto out;
	}
	qsort(rs.v, rs.n, sizeof(*rs.v), cmp_seq);
	for (j = 0; j < (int)u.info.nr_cpus; j++)
		if (u.ring[j].ctrl)
			CHECK(u.ring[j].ctrl->dropped == 0 &&
			      u.ring[j].ctrl->bad_tail == 0,
			      "unexpected drops on cpu %d", j);

	/* markers: getcwd(buf, 7777) .. getcwd(buf, 8888), all on cpu 0 */
	for (i = 0; i < rs.n; i++) {
		h = rs.v[i];
		if (h->tgid != e.pid || !is_sys(h) ||
		    rsys(h)->sysid != YALAS_SYS_getcwd)
			continue;
		if (rsys(h)->args[1] == 7777)
			t_begin = h->seq + 1;
		if (rsys(h)->args[1] == 8888)
			t_end = h->seq;
	}
	CHECK(t_begin && t_end > t_begin, "markers not found");
	win_tgid = e.pid;
	win_begin = t_begin;
	win_end = t_end;

	/* exact sequence of (sysid, ret) of the workload process */
	k = 0;
	for (i = 0; i < rs.n; i++) {
		h = rs.v[i];
		if (h->cpu != 0 || h->seq < t_begin || h->seq >= t_end ||
		    h->tgid != e.pid || !is_sys(h) || (h->flags & YALAS_RF_ENTER))
			continue;
		cnt_got[rsys(h)->sysid]++;
		if (k < e.n && (rsys(h)->sysid != e.sysid[k] ||
				rsys(h)->ret != e.ret[k]))
			fail("record %d: sysid %u ret %lld, expected sysid %d ret %ld",
			     k, rsys(h)->sysid, (long long)rsys(h)->ret,
			     e.sysid[k], e.ret[k]);
		k++;
	}
	CHECK(k == e.n, "workload records %d, expected %d", k, e.n);
	for (j = 0; j < e.n; j++)
		cnt_exp[e.sysid[j]]++;
	for (j = 0; j < YALAS_SYS_MAX; j++)
		CHECK(cnt_exp[j] == cnt_got[j], "sysid %d: %d records, expected %d",
		      j, cnt_got[j], cnt_exp[j]);
	/* every family present */
	for (j = 1; j < YALAS_SYS_MAX; j++)
		if (cnt_exp[j])
			cnt_exp[0]++;
	printf("families: %d syscall records of %d distinct syscalls matched\n",
	       k, cnt_exp[0]);

	/* decoded fields */
	check_file(&rs, e.pid, YALAS_SYS_open, 0, "/tmp/yt/f1", NULL);
	h = find_sys(&rs, e.pid, YALAS_SYS_open, 0);
	if (h)
		CHECK(FILEP(h)->flags == (O_CREAT | O_WRONLY | O_TRUNC) &&
		      FILEP(h)->mode == 0640, "open flags/mode");
	check_file(&rs, e.pid, YALAS_SYS_openat, 1, "/nonexistent/yalas", NULL);
	h = find_sys(&rs, e.pid, YALAS_SYS_openat, 1);
	if (h)
		CHECK(rsys(h)->ret == -ENOENT, "openat ENOENT ret");
	h = find_sys(&rs, e.pid, YALAS_SYS_openat, 2);
	if (h)
		CHECK(rsys(h)->ret == -EFAULT && (h->flags & YALAS_RF_COPY_FAULT) &&
		      FILEP(h)->path_len == 0, "openat bad pointer: flags %x",
		      h->flags);
	h = find_sys(&rs, e.pid, YALAS_SYS_openat, 3);
	if (h)
		CHECK(rsys(h)->ret == -ENAMETOOLONG &&
		      (h->flags & YALAS_RF_TRUNC_PATH) &&
		      FILEP(h)->path_len == YALAS_PATH_MAX &&
		      h->size >= 152 + 40 + YALAS_PATH_MAX,
		      "openat long path: flags %x len %u", h->flags,
		      FILEP(h)->path_len);
	h = find_sys(&rs, e.pid, YALAS_SYS_openat2, 0);
	if (h)
		CHECK(FILEP(h)->flags == (O_CREAT | O_RDWR) &&
		      FILEP(h)->mode == 0600, "openat2 how decoded");
	check_file(&rs, e.pid, YALAS_SYS_rename, 0, "/tmp/yt/f3", "/tmp/yt/f4");
	check_file(&rs, e.pid, YALAS_SYS_renameat2, 0, "/tmp/yt/f5", "/tmp/yt/f6");
	check_file(&rs, e.pid, YALAS_SYS_symlink, 0, "f6", "/tmp/yt/s1");
	check_file(&rs, e.pid, YALAS_SYS_symlinkat, 0, "f6", "/tmp/yt/s2");
	check_file(&rs, e.pid, YALAS_SYS_linkat, 0, "/tmp/yt/l1", "/tmp/yt/l2");
	check_file(&rs, e.pid, YALAS_SYS_unlinkat, 1, "/tmp/yt/d2", NULL);
	check_file(&rs, e.pid, YALAS_SYS_memfd_create, 0, "yalas-memfd", NULL);
	check_file(&rs, e.pid, YALAS_SYS_mount, 0, "none", "/tmp/yt/mnt");
	check_file(&rs, e.pid, YALAS_SYS_chdir, 0, "/tmp/yt", NULL);
	check_file(&rs, e.pid, YALAS_SYS_getcwd, 0, "/tmp/yt", NULL);
	h = find_sys(&rs, e.pid, YALAS_SYS_chown, 0);
	if (h)
		CHECK(FILEP(h)->uid == 1000 && FILEP(h)->gid == 1000, "chown ids");
	h = find_sys(&rs, e.pid, YALAS_SYS_write, 0);
	if (h)
		CHECK(IOP(h)->count == 5 && rsys(h)->ret == 5 &&
		      IOP(h)->fd_type == YALAS_FD_REG &&
		      !(IOP(h)->io_flags & YALAS_IO_TTY) && IOP(h)->data_len == 0,
		      "write decoded");
	h = find_sys(&rs, e.pid, YALAS_SYS_writev, 0);
	if (h)
		CHECK(IOP(h)->count == 7 && (IOP(h)->io_flags & YALAS_IO_VECTORED),
		      "writev count");
	h = find_sys(&rs, e.pid, YALAS_SYS_pread64, 0);
	if (h)
		CHECK(IOP(h)->offset == 1 && IOP(h)->count == 4, "pread64 decoded");
	/* tty payload */
	h = find_sys(&rs, e.pid, YALAS_SYS_write, 1);
	if (h) {
		CHECK(IOP(h)->io_flags & YALAS_IO_TTY, "pty write not marked tty");
		CHECK(str_eq((const char *)(IOP(h) + 1), IOP(h)->data_len,
			     "tty-hello-world"), "tty payload");
	} else {
		fail("no pty write record");
	}
	h = find_sys(&rs, e.pid, YALAS_SYS_read, 1);
	if (h)
		CHECK((IOP(h)->io_flags & YALAS_IO_TTY) && IOP(h)->data_len > 0,
		      "pty read payload");
	/* network */
	check_inet(&rs, e.pid, YALAS_SYS_bind, 0, YALAS_AF_INET, "127.0.0.1", 40001);
	check_inet(&rs, e.pid, YALAS_SYS_connect, 0, YALAS_AF_INET, "127.0.0.1", 40001);
	check_inet(&rs, e.pid, YALAS_SYS_recvfrom, 0, YALAS_AF_INET, "127.0.0.1", -1);
	check_inet(&rs, e.pid, YALAS_SYS_connect, 1, YALAS_AF_INET6, "::1", 40002);
	check_inet(&rs, e.pid, YALAS_SYS_sendto, 1, YALAS_AF_INET6, "::1", 40002);
	h = find_sys(&rs, e.pid, YALAS_SYS_sendto, 0);
	if (h)
		CHECK(NETP(h)->count == 4 && rsys(h)->ret == 4, "sendto count");
	h = find_sys(&rs, e.pid, YALAS_SYS_bind, 1);
	if (h && h->type == YALAS_REC_NET) {
		const struct yalas_net *n = NETP(h);

		CHECK(n->family == YALAS_AF_UNIX &&
		      str_eq((const char *)(n + 1), n->unix_path_len, "/tmp/yt/sock"),
		      "unix bind path '%.*s'", n->unix_path_len,
		      (const char *)(n + 1));
	} else {
		fail("no unix bind record");
	}
	h = find_sys(&rs, e.pid, YALAS_SYS_bind, 2);
	if (h && h->type == YALAS_REC_NET) {
		const struct yalas_net *n = NETP(h);

		CHECK(n->family == YALAS_AF_UNIX && n->unix_path_len == 15 &&
		      !memcmp(n + 1, "\0yalas-abstract", 15), "abstract unix");
	}
	h = find_sys(&rs, e.pid, YALAS_SYS_accept4, 0);
	if (h)
		CHECK(NETP(h)->family == YALAS_AF_UNIX && rsys(h)->ret >= 0,
		      "accept4 peer family");
	h = find_sys(&rs, e.pid, YALAS_SYS_sendmsg, 0);
	if (h)
		CHECK(NETP(h)->count == 7 && rsys(h)->ret == 7, "sendmsg count");
	/* memory */
	h = find_sys(&rs, e.pid, YALAS_SYS_mmap, 0);
	if (h)
		CHECK(rsys(h)->args[1] == 7 * 4096 &&
		      (rsys(h)->args[3] & MAP_SHARED), "mmap args");
	h = find_sys(&rs, e.pid, YALAS_SYS_mprotect, 0);
	if (h)
		CHECK(rsys(h)->args[2] & PROT_EXEC, "mprotect PROT_EXEC");

	/* header fields */
	h = find_sys(&rs, e.pid, YALAS_SYS_open, 0);
	if (h) {
		CHECK(!strncmp(h->comm, "yalas-workload", 16), "comm '%.16s'",
		      h->comm);
		CHECK(h->tid == e.pid && h->ppid == (uint32_t)getpid() &&
		      h->uid == 0 && h->euid == 0, "header ids");
		if (stat("/proc/self/ns/mnt", &ns) == 0)
			CHECK(h->mntns_id == ns.st_ino, "mntns id %llu != %llu",
			      (unsigned long long)h->mntns_id,
			      (unsigned long long)ns.st_ino);
		CHECK(h->cpu == 0 && h->ts_ns > 0, "cpu/ts");
	}

	/* fork -> exec -> exit chain of the vfork child */
	{
		const struct yalas_rec_hdr *ex, *pe, *px, *pf = NULL;
		const char *argv_exp = "yalas-workload\0exec-child\0arg1\0arg two";

		for (i = 0; i < rs.n; i++) {
			h = rs.v[i];
			if (h->type == YALAS_REC_PROC_FORK &&
			    ((const struct yalas_proc_fork *)rpart(h))->child_tgid == e.exec_child)
				pf = h;
		}
		CHECK(pf && ((const struct yalas_proc_fork *)rpart(pf))->parent_tgid == e.pid,
		      "fork event for exec child");
		ex = find_type(&rs, e.exec_child, YALAS_REC_EXEC);
		if (ex) {
			const struct yalas_exec *x = rpart(ex);
			const char *v = (const char *)(x + 1);

			CHECK(str_eq(v, x->filename_len, "/bin/yalas-workload"),
			      "exec filename");
			CHECK(x->argc == 4 && x->argv_len == 39 &&
			      !memcmp(v + x->filename_len, argv_exp, 39),
			      "exec argv (argc %u len %u)", x->argc, x->argv_len);
		} else {
			fail("no EXEC record for exec child");
		}
		/* 100-argument execve of the workload itself: argv cut at 64 */
		for (i = 0; i < rs.n; i++) {
			const struct yalas_exec *x;

			h = rs.v[i];
			if (h->type != YALAS_REC_EXEC || h->tgid != e.pid)
				continue;
			x = rpart(h);
			if (!str_eq((const char *)(x + 1), x->filename_len,
				    "/nonexistent/yalas-many"))
				continue;
			CHECK(x->argc == YALAS_ARGC_MAX && x->argv_len == 5 * YALAS_ARGC_MAX &&
			      (h->flags & YALAS_RF_TRUNC_ARGV), "argv truncation (argc %u)",
			      x->argc);
			break;
		}
		CHECK(i < rs.n, "no EXEC record for the 100-argument execve");
		pe = find_type(&rs, e.exec_child, YALAS_REC_PROC_EXEC);
		if (pe) {
			const struct yalas_proc_exec *x = rpart(pe);
			const struct yalas_proc_exec_argv *pa = pexec_argv(pe);

			CHECK(str_eq((const char *)(x + 1), x->filename_len,
				     "/bin/yalas-workload"), "proc exec filename");
			CHECK(pa && pa->argc == 4 && pa->argc_total == 4 &&
			      pa->argv_len == 39 && !memcmp(pa + 1, argv_exp, 39) &&
			      !(pe->flags & (YALAS_RF_COPY_FAULT | YALAS_RF_TRUNC_ARGV)),
			      "proc exec argv");
		} else {
			fail("no PROC_EXEC for exec child");
		}
		px = find_type(&rs, e.exec_child, YALAS_REC_PROC_EXIT);
		CHECK(px && ((const struct yalas_proc_exit *)rpart(px))->exit_code == 3 << 8 &&
		      ((const struct yalas_proc_exit *)rpart(px))->group_dead == 1,
		      "exit event of exec child");
		if (pf && ex && pe && px)
			CHECK(pf->ts_ns <= ex->ts_ns && ex->ts_ns <= pe->ts_ns &&
			      pe->ts_ns <= px->ts_ns, "chain order");
		h = find_sys(&rs, e.exec_child, YALAS_SYS_execve, 0);
		CHECK(h && rsys(h)->ret == 0 && (h->flags & YALAS_RF_ARGS_CLOBBERED),
		      "execve exit record of exec child");
		/* fork child: exit_group(7) at entry */
		h = find_type(&rs, e.fork_child, YALAS_REC_SYSCALL);
		for (i = 0; i < rs.n; i++) {
			h = rs.v[i];
			if (h->tgid == e.fork_child && is_sys(h) &&
			    rsys(h)->sysid == YALAS_SYS_exit_group)
				break;
		}
		CHECK(i < rs.n && (h->flags & YALAS_RF_ENTER) && rsys(h)->args[0] == 7,
		      "exit_group(7) of fork child");
		px = find_type(&rs, e.fork_child, YALAS_REC_PROC_EXIT);
		CHECK(px && ((const struct yalas_proc_exit *)rpart(px))->exit_code == 7 << 8,
		      "exit code of fork child");
		h = find_sys(&rs, e.fork_child, YALAS_SYS_fork, 0);
		CHECK(h && rsys(h)->ret == 0, "fork return in the child");
		for (i = 0; i < rs.n; i++) {
			h = rs.v[i];
			if (h->tgid == e.exit_child && is_sys(h) &&
			    rsys(h)->sysid == YALAS_SYS_exit)
				break;
		}
		CHECK(i < rs.n && rsys(h)->args[0] == 5, "exit(5) of clone child");
	}
out:
	recs_free(&rs);
	yu_close(&u);
}

/* ------------------------------------------------------------ stress/tiny */

/*
 * Two writers pinned on cpu 0 and 1 do N x close(-1, i, tag).  Checks:
 * every record valid, the i values of each writer strictly increasing,
 * per ring read + dropped == attempted, and with no drops all N seen.
 */
static void stress(const char *name, long n, int drain_live, int want_drops)
{
	struct recs rs = { 0 };
	struct yu u;
	pid_t pids[2];
	long seen[2] = { 0, 0 }, last[2] = { -1, -1 };
	uint64_t att = 0, wr = 0, dr = 0, read_n;
	char nbuf[32], tbuf[2][32], cbuf[2][8];
	size_t i;
	int c, st;

	if (open_dev(&u))
		return;
	yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_TGID, YALAS_FILTER_EXCLUDE,
		  getpid());
	ioctl(u.fd, YALAS_IOC_START);
	snprintf(nbuf, sizeof(nbuf), "%ld", n);
	for (c = 0; c < 2; c++) {
		snprintf(tbuf[c], sizeof(tbuf[c]), "%d", 0x5a5a00 + c);
		snprintf(cbuf[c], sizeof(cbuf[c]), "%d", c);
		pids[c] = fork();
		if (pids[c] == 0) {
			execl(WORKLOAD, WORKLOAD, "stress", nbuf, tbuf[c],
			      cbuf[c], NULL);
			_exit(127);
		}
	}
	for (c = 0; c < 2; c++) {
		while (waitpid(pids[c], &st, drain_live ? WNOHANG : 0) == 0)
			if (!yu_drain(&u, collect, &rs))
				yu_wait(&u, 20);
	}
	ioctl(u.fd, YALAS_IOC_STOP);
	yu_drain(&u, collect, &rs);
	read_n = rs.n;
	CHECK(u.corrupt == 0, "%s: corrupt records", name);
	qsort(rs.v, rs.n, sizeof(*rs.v), cmp_seq);
	for (i = 0; i < rs.n; i++) {
		const struct yalas_rec_hdr *h = rs.v[i];

		if (h->type > YALAS_REC_PROC_EXIT || h->type == 0 ||
		    h->size < sizeof(*h)) {
			fail("%s: bad record type %u", name, h->type);
			break;
		}
		for (c = 0; c < 2; c++) {
			const struct yalas_sys *s;

			if (h->tgid != (uint32_t)pids[c] || !is_sys(h))
				continue;
			s = rsys(h);
			if (s->sysid != YALAS_SYS_close ||
			    (uint32_t)s->args[0] != 0xffffffffu)
				continue;
			if (s->args[2] != (uint64_t)(0x5a5a00 + c) ||
			    (long)s->args[1] <= last[c] || s->ret != -EBADF) {
				fail("%s: corrupt stress record", name);
				goto out;
			}
			last[c] = s->args[1];
			seen[c]++;
		}
	}
	for (c = 0; c < (int)u.info.nr_cpus; c++) {
		struct yalas_ring_ctrl *ctl = u.ring[c].ctrl;

		if (!ctl)
			continue;
		att += ctl->attempted;
		wr += ctl->written;
		dr += ctl->dropped + ctl->bad_tail;
		CHECK(ctl->written + ctl->dropped + ctl->bad_tail == ctl->attempted,
		      "%s: cpu %d written+dropped != attempted", name, c);
	}
	CHECK(read_n == wr, "%s: read %llu != written %llu", name,
	      (unsigned long long)read_n, (unsigned long long)wr);
	CHECK(read_n + dr == att, "%s: read %llu + dropped %llu != attempted %llu",
	      name, (unsigned long long)read_n, (unsigned long long)dr,
	      (unsigned long long)att);
	if (want_drops)
		CHECK(dr > 0, "%s: expected drops", name);
	else if (dr == 0)
		CHECK(seen[0] == n && seen[1] == n,
		      "%s: seen %ld/%ld of %ld without drops", name, seen[0],
		      seen[1], n);
	/* the rings must have wrapped around several times */
	CHECK(want_drops || wr * 152 > 4 * u.info.data_size,
	      "%s: rings did not wrap", name);
	printf("%s: attempted %llu read %llu dropped %llu data_size %llu\n",
	       name, (unsigned long long)att, (unsigned long long)read_n,
	       (unsigned long long)dr, (unsigned long long)u.info.data_size);
out:
	recs_free(&rs);
	yu_close(&u);
}

/*
 * Wrap-around without loss: one writer on cpu 1 and a live consumer.  The
 * writer hands over every 2000 records (300 KB, less than the ring) and
 * waits until the consumer has drained, so nothing may be dropped however
 * slowly the consumer runs; the ring wraps several times and every record
 * must arrive, in order, intact.
 */
static void test_wrap(void)
{
	struct recs rs = { 0 };
	struct yu u;
	long n = 30000, batch = 2000, next = 0;
	uint64_t bytes = 0, dr = 0;
	int to_c[2], to_w[2];
	char tok = 'x';
	pid_t w;
	size_t i;
	int c;

	if (open_dev(&u))
		return;
	if (pipe(to_c) || pipe(to_w)) {
		fail("wrap: pipe");
		return;
	}
	yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_TGID, YALAS_FILTER_EXCLUDE,
		  getpid());
	ioctl(u.fd, YALAS_IOC_START);
	w = fork();
	if (w == 0) {
		cpu_set_t set;
		long k;

		CPU_ZERO(&set);
		CPU_SET(1, &set);
		sched_setaffinity(0, sizeof(set), &set);
		for (k = 0; k < n; k++) {
			syscall(SYS_close, -1, k, 77);
			if (k % batch == batch - 1 &&
			    (write(to_c[1], &tok, 1) != 1 ||
			     read(to_w[0], &tok, 1) != 1))
				_exit(1);
		}
		_exit(0);
	}
	for (i = 0; i < (size_t)(n / batch); i++) {
		if (read(to_c[0], &tok, 1) != 1)
			break;
		/* everything up to the handover is in the rings now */
		yu_drain(&u, collect, &rs);
		if (write(to_w[1], &tok, 1) != 1)
			break;
	}
	waitpid(w, NULL, 0);
	ioctl(u.fd, YALAS_IOC_STOP);
	yu_drain(&u, collect, &rs);
	close(to_c[0]); close(to_c[1]); close(to_w[0]); close(to_w[1]);
	qsort(rs.v, rs.n, sizeof(*rs.v), cmp_seq);
	for (i = 0; i < rs.n; i++) {
		const struct yalas_rec_hdr *h = rs.v[i];
		const struct yalas_sys *s = rsys(h);

		bytes += h->size;
		if (h->tgid != (uint32_t)w || !is_sys(h) ||
		    s->sysid != YALAS_SYS_close || (uint32_t)s->args[0] != 0xffffffffu)
			continue;
		if ((long)s->args[1] != next || s->args[2] != 77) {
			fail("wrap: record %ld out of order or corrupt (got %lld)",
			     next, (long long)s->args[1]);
			break;
		}
		next++;
	}
	for (c = 0; c < (int)u.info.nr_cpus; c++)
		if (u.ring[c].ctrl)
			dr += u.ring[c].ctrl->dropped + u.ring[c].ctrl->bad_tail;
	CHECK(u.corrupt == 0, "wrap: corrupt records");
	CHECK(dr == 0 && next == n, "wrap: %ld of %ld records, %llu drops",
	      next, n, (unsigned long long)dr);
	CHECK(bytes > 3 * u.info.data_size, "wrap: only %llu bytes",
	      (unsigned long long)bytes);
	printf("wrap: %ld records, %llu bytes through %llu-byte rings, 0 drops\n",
	       next, (unsigned long long)bytes,
	       (unsigned long long)u.info.data_size);
	recs_free(&rs);
	yu_close(&u);
}

/* ---------------------------------------------------------------- filters */

static long count_tgid(struct recs *rs, long tgid, int sysid)
{
	long n = 0;
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (rs->v[i]->tgid == tgid && is_sys(rs->v[i]) &&
		    (sysid < 0 || rsys(rs->v[i])->sysid == sysid) &&
		    (sysid != YALAS_SYS_close ||
		     (uint32_t)rsys(rs->v[i])->args[0] == 0xffffffffu))
			n++;
	return n;
}

static pid_t spawn_stress(long n, int tag)
{
	char nb[32], tb[32];
	pid_t p;

	snprintf(nb, sizeof(nb), "%ld", n);
	snprintf(tb, sizeof(tb), "%d", tag);
	p = fork();
	if (p == 0) {
		/* wait for the parent to set filters on our pid */
		kill(getpid(), SIGSTOP);
		execl(WORKLOAD, WORKLOAD, "stress", nb, tb, NULL);
		_exit(127);
	}
	waitpid(p, NULL, WUNTRACED);
	return p;
}

static void test_filters(void)
{
	struct recs rs = { 0 };
	struct yalas_sysmask m;
	struct yu u;
	pid_t a, b;
	uint32_t snap;
	int pty, ptm;

	if (open_dev(&u))
		return;
	/* include tgid a: only a's records */
	a = spawn_stress(100, 1);
	b = spawn_stress(100, 2);
	CHECK(yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_TGID,
			YALAS_FILTER_INCLUDE, a) == 0, "filter add");
	ioctl(u.fd, YALAS_IOC_START);
	kill(a, SIGCONT);
	kill(b, SIGCONT);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	ioctl(u.fd, YALAS_IOC_STOP);
	yu_drain(&u, collect, &rs);
	CHECK(count_tgid(&rs, a, YALAS_SYS_close) == 100, "include tgid: %ld",
	      count_tgid(&rs, a, YALAS_SYS_close));
	CHECK(count_tgid(&rs, b, -1) == 0, "include tgid leaked other");
	recs_free(&rs);

	/* exclude pid b (thread id == tgid for single-threaded) */
	yu_filter(&u, YALAS_FOP_CLEAR_ALL, 0, 0, 0);
	a = spawn_stress(100, 1);
	b = spawn_stress(100, 2);
	yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_PID, YALAS_FILTER_EXCLUDE, b);
	ioctl(u.fd, YALAS_IOC_START);
	kill(a, SIGCONT);
	kill(b, SIGCONT);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	ioctl(u.fd, YALAS_IOC_STOP);
	yu_drain(&u, collect, &rs);
	CHECK(count_tgid(&rs, a, YALAS_SYS_close) == 100, "exclude pid: a %ld",
	      count_tgid(&rs, a, YALAS_SYS_close));
	CHECK(count_tgid(&rs, b, -1) == 0, "exclude pid: b leaked");
	recs_free(&rs);

	/* pid include a, tgid exclude b, cgroup exclude of a's cgroup */
	{
		uint64_t cg = 0;
		size_t i;

		yu_filter(&u, YALAS_FOP_CLEAR_ALL, 0, 0, 0);
		a = spawn_stress(100, 1);
		b = spawn_stress(100, 2);
		yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_PID, YALAS_FILTER_INCLUDE, a);
		yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_PID, YALAS_FILTER_INCLUDE, b);
		yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_TGID, YALAS_FILTER_EXCLUDE, b);
		ioctl(u.fd, YALAS_IOC_START);
		kill(a, SIGCONT);
		kill(b, SIGCONT);
		waitpid(a, NULL, 0);
		waitpid(b, NULL, 0);
		ioctl(u.fd, YALAS_IOC_STOP);
		yu_drain(&u, collect, &rs);
		CHECK(count_tgid(&rs, a, YALAS_SYS_close) == 100 &&
		      count_tgid(&rs, b, -1) == 0, "pid include + tgid exclude");
		for (i = 0; i < rs.n; i++)
			if (rs.v[i]->tgid == (uint32_t)a)
				cg = rs.v[i]->cgroup_id;
		recs_free(&rs);
		yu_filter(&u, YALAS_FOP_CLEAR_ALL, 0, 0, 0);
		yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_CGROUP, YALAS_FILTER_EXCLUDE, cg);
		a = spawn_stress(50, 1);
		ioctl(u.fd, YALAS_IOC_START);
		kill(a, SIGCONT);
		waitpid(a, NULL, 0);
		ioctl(u.fd, YALAS_IOC_STOP);
		yu_drain(&u, collect, &rs);
		CHECK(cg && count_tgid(&rs, a, -1) == 0, "cgroup exclude leaked");
		recs_free(&rs);
		/* delete works: cgroup filter removed, a is seen again */
		CHECK(yu_filter(&u, YALAS_FOP_DEL, YALAS_FILTER_CGROUP,
				YALAS_FILTER_EXCLUDE, cg) == 0, "filter del");
		a = spawn_stress(50, 1);
		ioctl(u.fd, YALAS_IOC_START);
		kill(a, SIGCONT);
		waitpid(a, NULL, 0);
		ioctl(u.fd, YALAS_IOC_STOP);
		yu_drain(&u, collect, &rs);
		CHECK(count_tgid(&rs, a, YALAS_SYS_close) == 50, "after filter del: %ld",
		      count_tgid(&rs, a, YALAS_SYS_close));
		recs_free(&rs);
	}

	/* cgroup include of an id nobody has: nothing from a */
	yu_filter(&u, YALAS_FOP_CLEAR_ALL, 0, 0, 0);
	yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_CGROUP, YALAS_FILTER_INCLUDE,
		  0xdeadbeefull);
	a = spawn_stress(50, 1);
	ioctl(u.fd, YALAS_IOC_START);
	kill(a, SIGCONT);
	waitpid(a, NULL, 0);
	ioctl(u.fd, YALAS_IOC_STOP);
	yu_drain(&u, collect, &rs);
	CHECK(count_tgid(&rs, a, -1) == 0, "cgroup include leaked");
	recs_free(&rs);

	/* syscall mask: only getcwd -> no close records */
	yu_filter(&u, YALAS_FOP_CLEAR_ALL, 0, 0, 0);
	memset(&m, 0, sizeof(m));
	m.bits[YALAS_SYS_getcwd / 64] |= 1ull << (YALAS_SYS_getcwd % 64);
	CHECK(ioctl(u.fd, YALAS_IOC_SET_SYSMASK, &m) == 0, "set mask");
	a = spawn_stress(50, 1);
	ioctl(u.fd, YALAS_IOC_START);
	kill(a, SIGCONT);
	waitpid(a, NULL, 0);
	{
		char cwd[64];

		syscall(SYS_getcwd, cwd, sizeof(cwd));
	}
	ioctl(u.fd, YALAS_IOC_STOP);
	yu_drain(&u, collect, &rs);
	CHECK(count_tgid(&rs, a, YALAS_SYS_close) == 0, "mask: close captured");
	CHECK(count_tgid(&rs, getpid(), YALAS_SYS_getcwd) == 1, "mask: getcwd missing");
	recs_free(&rs);

	/* snap length: 8 bytes of a 15-byte pty write, marked truncated */
	memset(&m, 0xff, sizeof(m));
	CHECK(ioctl(u.fd, YALAS_IOC_SET_SYSMASK, &m) < 0 && errno == EINVAL,
	      "mask with unknown ids accepted");
	memset(&m, 0, sizeof(m));
	m.bits[YALAS_SYS_write / 64] |= 1ull << (YALAS_SYS_write % 64);
	ioctl(u.fd, YALAS_IOC_SET_SYSMASK, &m);
	snap = 8;
	CHECK(ioctl(u.fd, YALAS_IOC_SET_SNAPLEN, &snap) == 0, "snaplen");
	ptm = posix_openpt(O_RDWR | O_NOCTTY);
	pty = ptm < 0 || unlockpt(ptm) ? -1 : open(ptsname(ptm), O_RDWR | O_NOCTTY);
	if (pty < 0) {
		fail("pty");
	} else {
		size_t i;
		int found = 0;

		ioctl(u.fd, YALAS_IOC_START);
		if (write(pty, "0123456789abcde", 15) != 15)
			fail("pty write");
		ioctl(u.fd, YALAS_IOC_STOP);
		yu_drain(&u, collect, &rs);
		for (i = 0; i < rs.n; i++) {
			const struct yalas_rec_hdr *h = rs.v[i];

			if (h->tgid != (uint32_t)getpid() || h->type != YALAS_REC_IO)
				continue;
			found++;
			CHECK(IOP(h)->data_len == 8 &&
			      !memcmp(IOP(h) + 1, "01234567", 8) &&
			      (h->flags & YALAS_RF_TRUNC_DATA) && rsys(h)->ret == 15,
			      "snaplen truncation");
		}
		CHECK(found == 1, "snaplen: %d io records", found);
		close(pty);
		close(ptm);
	}
	recs_free(&rs);
	yu_close(&u);
}

/* --------------------------------------------------------------- bad input */

static void test_badinput(void)
{
	struct yalas_info info;
	struct yalas_filter_op op;
	struct yalas_sysmask m, m2;
	struct recs rs = { 0 };
	struct yu u, u2;
	uint32_t v;
	void *p;
	int i, err;

	if (open_dev(&u))
		return;
	err = yu_open(&u2);
	CHECK(err == -EBUSY, "second open: %d", err);
	if (!err)
		yu_close(&u2);

	v = YALAS_SNAPLEN_MAX + 1;
	CHECK(ioctl(u.fd, YALAS_IOC_SET_SNAPLEN, &v) < 0 && errno == EINVAL,
	      "snaplen too big accepted");
	ioctl(u.fd, YALAS_IOC_INFO, &info);
	CHECK(info.snaplen == YALAS_SNAPLEN_DEFAULT, "snaplen changed by bad ioctl");
	CHECK(ioctl(u.fd, YALAS_IOC_SET_SNAPLEN, NULL) < 0 && errno == EFAULT,
	      "NULL snaplen");
	CHECK(ioctl(u.fd, YALAS_IOC_INFO, (void *)8) < 0 && errno == EFAULT,
	      "bad info ptr");
	CHECK(ioctl(u.fd, YALAS_IOC_GET_STATS, (void *)-4096L) < 0 && errno == EFAULT,
	      "bad stats ptr");
	memset(&op, 0, sizeof(op));
	op.op = YALAS_FOP_ADD; op.kind = 7;
	CHECK(ioctl(u.fd, YALAS_IOC_FILTER, &op) < 0 && errno == EINVAL, "bad kind");
	op.kind = 0; op.mode = 5;
	CHECK(ioctl(u.fd, YALAS_IOC_FILTER, &op) < 0 && errno == EINVAL, "bad mode");
	op.mode = 0; op.op = 99;
	CHECK(ioctl(u.fd, YALAS_IOC_FILTER, &op) < 0 && errno == EINVAL, "bad op");
	op.op = YALAS_FOP_ADD; op.pad = 1;
	CHECK(ioctl(u.fd, YALAS_IOC_FILTER, &op) < 0 && errno == EINVAL, "bad pad");
	op.pad = 0; op.op = YALAS_FOP_DEL; op.value = 12345;
	CHECK(ioctl(u.fd, YALAS_IOC_FILTER, &op) < 0 && errno == ENOENT, "del absent");
	op.op = YALAS_FOP_ADD;
	for (i = 0; i < YALAS_FILTER_MAX; i++) {
		op.value = 1000000 + i;
		ioctl(u.fd, YALAS_IOC_FILTER, &op);
	}
	op.value = 7;
	CHECK(ioctl(u.fd, YALAS_IOC_FILTER, &op) < 0 && errno == ENOSPC, "filter full");
	yu_filter(&u, YALAS_FOP_CLEAR_ALL, 0, 0, 0);
	ioctl(u.fd, YALAS_IOC_GET_SYSMASK, &m);
	memset(&m2, 0, sizeof(m2));
	m2.bits[3] = 1ull << 63;
	CHECK(ioctl(u.fd, YALAS_IOC_SET_SYSMASK, &m2) < 0 && errno == EINVAL,
	      "unknown sysid accepted");
	ioctl(u.fd, YALAS_IOC_GET_SYSMASK, &m2);
	CHECK(!memcmp(&m, &m2, sizeof(m)), "mask changed by bad ioctl");
	CHECK(ioctl(u.fd, _IO('Y', 200)) < 0 && errno == ENOTTY, "unknown ioctl");
	/* random ioctls with random pointers: must only fail cleanly */
	srand(42);
	for (i = 0; i < 20000; i++) {
		unsigned int cmd = rand();
		unsigned long arg = ((unsigned long)rand() << 16) ^ rand();

		if (i % 3 == 0)	/* right type/nr, wrong size/direction */
			cmd = _IOC(rand() & 3, 'Y', rand() % 12, rand() & 0x3fff);
		if (_IOC_TYPE(cmd) == 'Y' && (_IOC_NR(cmd) == 2 || _IOC_NR(cmd) == 9))
			continue;	/* START/RESET are valid and harmless, skip */
		ioctl(u.fd, cmd, arg);
	}
	ioctl(u.fd, YALAS_IOC_STOP);
	/* mmap abuse */
	p = mmap(NULL, 2 * info.data_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 u.fd, info.page_size);
	CHECK(p == MAP_FAILED && errno == EPERM, "writable data mapping allowed");
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, u.fd, 2 * info.page_size);
	CHECK(p == MAP_FAILED, "mapping at bad offset allowed");
	p = mmap(NULL, 2 * info.page_size, PROT_READ, MAP_SHARED, u.fd, 0);
	CHECK(p == MAP_FAILED, "oversized control mapping allowed");
	p = mmap(NULL, info.page_size, PROT_READ, MAP_PRIVATE, u.fd, 0);
	CHECK(p == MAP_FAILED, "private mapping allowed");
	p = mmap(NULL, info.page_size, PROT_READ, MAP_SHARED, u.fd,
		 (off_t)info.nr_cpus * info.mmap_stride);
	CHECK(p == MAP_FAILED, "mapping beyond last cpu allowed");
	p = (void *)u.ring[0].data;
	CHECK(mprotect(p, info.page_size, PROT_READ | PROT_WRITE) < 0,
	      "mprotect data writable allowed");

	/* garbage tail: drops counted as bad_tail, nothing else happens */
	{
		uint64_t bad[] = { u.ring[0].ctrl->head + 1000000,
				   u.ring[0].ctrl->head + 8,
				   u.ring[0].ctrl->head - 3 * info.data_size };
		unsigned int k;
		cpu_set_t set, old;

		sched_getaffinity(0, sizeof(old), &old);
		CPU_ZERO(&set);
		CPU_SET(0, &set);
		sched_setaffinity(0, sizeof(set), &set);
		ioctl(u.fd, YALAS_IOC_START);
		for (k = 0; k < 3; k++) {
			uint64_t before = u.ring[0].ctrl->bad_tail;

			u.ring[0].ctrl->tail = bad[k];
			u.ring[0].ctrl->head = 12345;	/* must be ignored */
			for (i = 0; i < 10; i++)
				syscall(SYS_getcwd, NULL, 0);
			CHECK(u.ring[0].ctrl->bad_tail >= before + 10,
			      "bad tail %u not detected", k);
		}
		ioctl(u.fd, YALAS_IOC_STOP);
		/* restore a sane tail: the ring works again */
		{
			struct yalas_stats st;

			ioctl(u.fd, YALAS_IOC_GET_STATS, &st);
			CHECK(st.dropped_bad_tail >= 30, "stats bad_tail");
		}
		sched_setaffinity(0, sizeof(old), &old);
	}
	yu_close(&u);
	if (open_dev(&u))
		return;
	yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_TGID, YALAS_FILTER_INCLUDE, getpid());
	ioctl(u.fd, YALAS_IOC_START);
	syscall(SYS_getcwd, NULL, 0);
	ioctl(u.fd, YALAS_IOC_STOP);
	yu_drain(&u, collect, &rs);
	CHECK(count_tgid(&rs, getpid(), YALAS_SYS_getcwd) == 1,
	      "ring not usable after bad tail + reopen");
	recs_free(&rs);
	yu_close(&u);
}

/* Consumer killed with SIGKILL while capturing and reading. */
static void test_killed(void)
{
	struct yu u;
	pid_t c, w;
	int i;

	for (i = 0; i < 3; i++) {
		c = fork();
		if (c == 0) {
			struct yu cu;

			if (yu_open(&cu))
				_exit(1);
			ioctl(cu.fd, YALAS_IOC_START);
			for (;;)
				if (!yu_drain(&cu, NULL, NULL))
					yu_wait(&cu, 5);
		}
		w = fork();
		if (w == 0) {
			execl(WORKLOAD, WORKLOAD, "stress", "20000", "9", NULL);
			_exit(127);
		}
		usleep(50000 + i * 70000);
		kill(c, SIGKILL);
		waitpid(c, NULL, 0);
		waitpid(w, NULL, 0);
	}
	CHECK(open_dev(&u) == 0, "reopen after killed consumer");
	if (u.fd >= 0) {
		struct yalas_info info;

		ioctl(u.fd, YALAS_IOC_INFO, &info);
		CHECK(info.running == 0, "still running after consumer died");
		yu_close(&u);
	}
}

/* ---------------------------------------------------------------- latency */

static int rlat(const struct yalas_rec_hdr *h, uint64_t *ns)
{
	if (!(h->flags & YALAS_RF_LATENCY))
		return 0;
	memcpy(ns, (const char *)h + h->size - sizeof(struct yalas_latency),
	       sizeof(*ns));
	return 1;
}

/*
 * A child blocks in read() on a pipe that the test (not captured) fills
 * 300 ms later: the read record must carry a latency of at least that, and
 * no more than the test waited for it.  A getcwd() before it never blocks.
 * The exit_group record, made at entry, and the child's return from fork,
 * which had no entry, have no latency.
 */
static void test_latency(void)
{
	const struct yalas_rec_hdr *rd, *cwd, *ex, *born;
	struct timespec t0, t1;
	struct recs rs = { 0 };
	uint64_t ns_rd = 0, ns_cwd = 0, ns_ex, waited;
	int p[2], st = -1;
	char tok = 'x';
	struct yu u;
	size_t i;
	pid_t c;

	if (open_dev(&u))
		return;
	if (pipe(p)) {
		fail("latency: pipe");
		yu_close(&u);
		return;
	}
	yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_TGID, YALAS_FILTER_EXCLUDE,
		  getpid());
	ioctl(u.fd, YALAS_IOC_START);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	c = fork();
	if (c == 0) {
		char buf[64];

		close(p[1]);
		if (!getcwd(buf, sizeof(buf)))
			_exit(2);
		_exit(read(p[0], &tok, 1) == 1 ? 0 : 1);
	}
	close(p[0]);
	usleep(300000);
	if (write(p[1], &tok, 1) != 1)
		fail("latency: write");
	waitpid(c, &st, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(p[1]);
	ioctl(u.fd, YALAS_IOC_STOP);
	yu_drain(&u, collect, &rs);
	waited = (t1.tv_sec - t0.tv_sec) * 1000000000ULL + t1.tv_nsec - t0.tv_nsec;
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "latency: child status %x", st);
	rd = find_sys(&rs, c, YALAS_SYS_read, 0);
	cwd = find_sys(&rs, c, YALAS_SYS_getcwd, 0);
	ex = NULL;
	born = NULL;
	for (i = 0; i < rs.n; i++) {
		if (rs.v[i]->tgid != (uint32_t)c || !is_sys(rs.v[i]))
			continue;
		if (rsys(rs.v[i])->sysid == YALAS_SYS_exit_group)
			ex = rs.v[i];
		if (rsys(rs.v[i])->sysid >= YALAS_SYS_fork &&
		    rsys(rs.v[i])->sysid <= YALAS_SYS_clone3 &&
		    rsys(rs.v[i])->ret == 0)
			born = rs.v[i];
	}
	CHECK(rd && rlat(rd, &ns_rd) && ns_rd >= 290000000ULL && ns_rd <= waited,
	      "latency: read of a pipe filled after 300 ms: %s %llu ns (waited %llu)",
	      rd ? "latency" : "no record", (unsigned long long)ns_rd,
	      (unsigned long long)waited);
	CHECK(cwd && rlat(cwd, &ns_cwd) && ns_cwd < 100000000ULL,
	      "latency: getcwd: %s %llu ns", cwd ? "latency" : "no record",
	      (unsigned long long)ns_cwd);
	CHECK(ex && !rlat(ex, &ns_ex), "latency: exit_group record %s",
	      ex ? "made at entry carries a latency" : "missing");
	/* the child's return from fork never entered the syscall */
	CHECK(born && !rlat(born, &ns_ex), "latency: child's fork return %s",
	      born ? "carries a latency" : "missing");
	/* a trailer follows the variable data's zero padding */
	for (i = 0; i < rs.n; i++) {
		const struct yalas_rec_hdr *h = rs.v[i];
		const struct yalas_file *f = rpart(h);
		const unsigned char *b = (const void *)h;
		size_t end, k;

		if (h->type != YALAS_REC_FILE || !(h->flags & YALAS_RF_LATENCY))
			continue;
		end = (const char *)(f + 1) - (const char *)h + f->path_len + f->path2_len;
		for (k = end; k < h->size - sizeof(struct yalas_latency); k++)
			if (b[k]) {
				fail("latency: FILE record seq %llu: byte %zu of its padding is %u",
				     (unsigned long long)h->seq, k, b[k]);
				break;
			}
	}
	printf("latency: read %llu ns, getcwd %llu ns\n",
	       (unsigned long long)ns_rd, (unsigned long long)ns_cwd);
	recs_free(&rs);
	yu_close(&u);
}

/* The module's default syscall mask: every known YALAS syscall id. */
static void known_mask(struct yalas_sysmask *m)
{
	memset(m, 0, sizeof(*m));
#define YALAS_KNOWN_(name, id, fam) m->bits[(id) / 64] |= 1ull << ((id) % 64);
	YALAS_SYSCALLS(YALAS_KNOWN_)
#undef YALAS_KNOWN_
}

/* Validate a capture file written by yalas-capture. */
static void test_capfile(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct yalas_capture_hdr ch;
	char *buf = malloc(YALAS_MAX_RECORD);
	long n = 0, execs = 0;

	if (!f || fread(&ch, sizeof(ch), 1, f) != 1) {
		fail("capfile: cannot read header");
		goto out;
	}
	CHECK(ch.magic == YALAS_CAPTURE_MAGIC && ch.version == YALAS_CAPTURE_VERSION &&
	      ch.hdr_size == sizeof(ch) && ch.abi_version == YALAS_ABI_VERSION &&
	      ch.nr_cpus > 0 && ch.boot_ns > 0 && ch.realtime_ns > 0,
	      "capfile: bad header");
	{
		struct yalas_sysmask all;

		known_mask(&all);
		CHECK(ch.flags == YALAS_CAPF_SYSMASK &&
		      !memcmp(&ch.sysmask, &all, sizeof(all)),
		      "capfile: header flags 0x%x, sysmask not the default (all known ids)",
		      ch.flags);
	}
	for (;;) {
		struct yalas_rec_hdr *h = (void *)buf;

		if (fread(h, sizeof(*h), 1, f) != 1)
			break;
		if (h->size < sizeof(*h) || h->size > YALAS_MAX_RECORD || h->size % 8) {
			fail("capfile: bad record size %u at record %ld", h->size, n);
			break;
		}
		if (fread(buf + sizeof(*h), h->size - sizeof(*h), 1, f) != 1) {
			fail("capfile: truncated record");
			break;
		}
		n++;
		if (h->type == YALAS_REC_EXEC) {
			const struct yalas_exec *x = rpart(h);

			if (str_eq((const char *)(x + 1), x->filename_len,
				   "/bin/yalas-workload"))
				execs++;
		}
	}
	CHECK(n > 130 && execs >= 1, "capfile: %ld records, %ld workload execs",
	      n, execs);
	printf("capfile: %ld records\n", n);
out:
	if (f)
		fclose(f);
	free(buf);
}

/*
 * The next record of a capture file read into buf (YALAS_MAX_RECORD bytes),
 * or NULL at the end of the file or at a record that cannot be whole.
 */
static struct yalas_rec_hdr *next_cap_record(FILE *f, char *buf)
{
	struct yalas_rec_hdr *h = (void *)buf;

	if (fread(h, sizeof(*h), 1, f) != 1 || h->size < sizeof(*h) ||
	    h->size > YALAS_MAX_RECORD ||
	    fread(buf + sizeof(*h), h->size - sizeof(*h), 1, f) != 1)
		return NULL;
	return h;
}

/*
 * yalas-dump's output (DUMP, from the capture file CAP) against the records:
 * one line per record, with every header field, and the family of every
 * syscall record.
 */
static void test_dump(const char *cap, const char *dump)
{
	static const char *const fam[] = { "NONE", "FILE", "NET", "MEM", "PROC", "PRIV" };
	FILE *f = fopen(cap, "rb"), *d = fopen(dump, "r");
	struct yalas_capture_hdr ch;
	char *buf = malloc(YALAS_MAX_RECORD);
	static char line[65536];
	char want[512];
	long n = 0, bad = 0, pexecs = 0, lats = 0;

	if (!f || !d || fread(&ch, sizeof(ch), 1, f) != 1) {
		fail("dump: cannot read %s or %s", cap, dump);
		goto out;
	}
	for (struct yalas_rec_hdr *h; (h = next_cap_record(f, buf)); ) {
		int ok;

		do {
			if (!fgets(line, sizeof(line), d)) {
				fail("dump: %ld lines for more records", n);
				goto out;
			}
		} while (line[0] == '#');
		n++;
		snprintf(want, sizeof(want),
			 "%llu cpu=%u seq=%llu type=%u flags=0x%x size=%u pid=%u tid=%u ppid=%u uid=%u gid=%u euid=%u egid=%u cgroup=%llu mntns=%llu comm=\"",
			 (unsigned long long)h->ts_ns, h->cpu,
			 (unsigned long long)h->seq, h->type, h->flags, h->size,
			 h->tgid, h->tid, h->ppid, h->uid, h->gid, h->euid,
			 h->egid, (unsigned long long)h->cgroup_id,
			 (unsigned long long)h->mntns_id);
		ok = !strncmp(line, want, strlen(want));
		if (ok && is_sys(h)) {
			snprintf(want, sizeof(want), " fam=%s(%u) nr=%u ",
				 rsys(h)->family < 6 ? fam[rsys(h)->family] : "?",
				 rsys(h)->family, rsys(h)->nr);
			ok = strstr(line, want) != NULL;
		}
		if (ok && is_sys(h)) {
			uint64_t ns;
			const char *at;

			if (rlat(h, &ns)) {
				snprintf(want, sizeof(want), " latency_ns=%llu",
					 (unsigned long long)ns);
				at = strstr(line, want);
				ok = at && (at[strlen(want)] == ' ' ||
					    at[strlen(want)] == '\n');
				lats++;
			} else {
				snprintf(want, sizeof(want), " latency_ns=");
				ok = !strstr(line, want);
			}
		}
		if (ok && h->type == YALAS_REC_PROC_EXEC) {
			const struct yalas_proc_exec_argv *pa = pexec_argv(h);

			snprintf(want, sizeof(want), " argc=%u argc_total=%u argv=\"",
				 pa ? pa->argc : 0, pa ? pa->argc_total : 0);
			ok = pa && strstr(line, want) != NULL;
			pexecs++;
		}
		if (!ok && bad++ < 3)
			fail("dump: record %ld: want '%s' in: %s", n, want, line);
	}
	CHECK(n > 130 && pexecs > 0 && lats > 100 && !bad,
	      "dump: %ld records (%ld PROC_EXEC, %ld with latency), %ld lines wrong",
	      n, pexecs, lats, bad);
	printf("dump: %ld lines checked\n", n);
out:
	if (f)
		fclose(f);
	if (d)
		fclose(d);
	free(buf);
}

/* ------------------------------------------------------------ lazyexec */

/*
 * Fork a child that execve()s blob's first string with the following nargs
 * strings as argv, all of them in a file mapping the child has never
 * touched: its pages are not present at execve entry (as for the string
 * constants of a freshly dlopen()ed library), so the EXEC record made there
 * faults; the PROC_EXEC record must still carry filename and argv.
 */
static pid_t spawn_lazy(const char *blob, size_t len, int nargs)
{
	size_t *off = calloc(nargs + 1, sizeof(*off)), o = 0;
	char **argv = calloc(nargs + 1, sizeof(*argv));
	const char *path = "/tmp/yalas-lazy-args";
	int fd, i;
	pid_t pid;

	for (i = 0; i <= nargs; i++) {
		off[i] = o;
		o += strlen(blob + o) + 1;
	}
	fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	if (fd < 0 || write(fd, blob, len) != (ssize_t)len) {
		fail("lazyexec: cannot write %s", path);
		return -1;
	}
	close(fd);
	pid = fork();
	if (pid == 0) {
		char *m;

		fd = open(path, O_RDONLY);
		m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED)
			_exit(126);
		for (i = 0; i < nargs; i++)
			argv[i] = m + off[i + 1];
		syscall(SYS_execve, m + off[0], argv, environ);
		_exit(127);
	}
	free(off);
	free(argv);
	return pid;
}

/* Run pid to its end while collecting; its PROC_EXEC record (or NULL). */
static const struct yalas_rec_hdr *lazy_wait(struct yu *u, struct recs *rs,
					     pid_t pid, const char *what)
{
	int st = 0;

	for (;;) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
		if (!yu_drain(u, collect, rs))
			yu_wait(u, 20);
	}
	yu_drain(u, collect, rs);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "lazyexec %s: status %x",
	      what, st);
	return find_type(rs, pid, YALAS_REC_PROC_EXEC);
}

static int argv_eq(const struct yalas_proc_exec_argv *pa, const char *s,
		   size_t len)
{
	return pa->argv_len == len && !memcmp(pa + 1, s, len);
}

static void test_lazyexec(void)
{
	static const char one[] = "/bin/yalas-workload\0yalas-workload\0exec-child\0lazy arg";
	static const char one_argv[] = "yalas-workload\0exec-child\0lazy arg";
	static char many[2048], big[8192];
	const struct yalas_proc_exec_argv *pa;
	const struct yalas_proc_exec *x;
	const struct yalas_rec_hdr *h;
	struct recs rs = { 0 };
	size_t n, i;
	struct yu u;
	pid_t pid;
	int fd;

	if (open_dev(&u))
		return;
	yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_TGID, YALAS_FILTER_EXCLUDE,
		  getpid());
	CHECK(ioctl(u.fd, YALAS_IOC_START) == 0, "start");

	/* 1: filename and 3 arguments in untouched pages */
	pid = spawn_lazy(one, sizeof(one), 3);
	h = pid > 0 ? lazy_wait(&u, &rs, pid, "3 args") : NULL;
	if (h) {
		const struct yalas_rec_hdr *ex = find_type(&rs, pid, YALAS_REC_EXEC);

		/* the scenario: the copy at execve entry faulted */
		CHECK(ex && (ex->flags & YALAS_RF_COPY_FAULT) &&
		      ((const struct yalas_exec *)rpart(ex))->filename_len == 0,
		      "lazyexec: EXEC record at entry did not fault (flags 0x%x): scenario not reproduced",
		      ex ? ex->flags : 0);
		x = rpart(h);
		pa = pexec_argv(h);
		CHECK(str_eq((const char *)(x + 1), x->filename_len,
			     "/bin/yalas-workload"), "lazyexec: PROC_EXEC filename '%.*s'",
		      x->filename_len, (const char *)(x + 1));
		CHECK(pa && pa->argc == 3 && pa->argc_total == 3 &&
		      argv_eq(pa, one_argv, sizeof(one_argv)) &&
		      !(h->flags & (YALAS_RF_COPY_FAULT | YALAS_RF_TRUNC_ARGV)),
		      "lazyexec: PROC_EXEC argv (argc %u len %u flags 0x%x)",
		      pa ? pa->argc : 0, pa ? pa->argv_len : 0, h->flags);
	} else {
		fail("lazyexec: no PROC_EXEC record (3 args)");
	}

	/* 2: 100 arguments: 64 kept, marked */
	n = snprintf(many, sizeof(many), "/bin/yalas-workload%cyalas-workload%cexec-child%c",
		     0, 0, 0);
	for (i = 0; i < 98; i++)
		n += snprintf(many + n, sizeof(many) - n, "many%c", 0);
	pid = spawn_lazy(many, n, 100);
	h = pid > 0 ? lazy_wait(&u, &rs, pid, "100 args") : NULL;
	pa = h ? pexec_argv(h) : NULL;
	CHECK(pa && pa->argc == YALAS_ARGC_MAX && pa->argc_total == 100 &&
	      pa->argv_len == 15 + 11 + 5 * (YALAS_ARGC_MAX - 2) &&
	      (h->flags & YALAS_RF_TRUNC_ARGV) && !(h->flags & YALAS_RF_COPY_FAULT),
	      "lazyexec: 100 args (argc %u total %u len %u)", pa ? pa->argc : 0,
	      pa ? pa->argc_total : 0, pa ? pa->argv_len : 0);

	/* 3: a 5000-byte argument: argv cut at YALAS_ARGV_MAX bytes */
	n = snprintf(big, sizeof(big), "/bin/yalas-workload%cyalas-workload%cexec-child%c",
		     0, 0, 0);
	memset(big + n, 'x', 5000);
	n += 5001;
	pid = spawn_lazy(big, n, 3);
	h = pid > 0 ? lazy_wait(&u, &rs, pid, "5000-byte arg") : NULL;
	pa = h ? pexec_argv(h) : NULL;
	CHECK(pa && pa->argc == 3 && pa->argc_total == 3 &&
	      pa->argv_len == YALAS_ARGV_MAX &&
	      ((const char *)(pa + 1))[YALAS_ARGV_MAX - 1] == 0 &&
	      ((const char *)(pa + 1))[YALAS_ARGV_MAX - 2] == 'x' &&
	      !memcmp(pa + 1, "yalas-workload\0exec-child\0xxx", 29) &&
	      (h->flags & YALAS_RF_TRUNC_ARGV),
	      "lazyexec: 5000-byte arg (argc %u len %u)", pa ? pa->argc : 0,
	      pa ? pa->argv_len : 0);

	/* 4: a script: filename, interpreter and the interpreter's argv */
	fd = open("/tmp/yalas-lazy.sh", O_CREAT | O_TRUNC | O_WRONLY, 0755);
	CHECK(fd >= 0 && write(fd, "#!/bin/sh\nexit 3\n", 17) == 17, "script");
	close(fd);
	pid = fork();
	if (pid == 0) {
		execl("/tmp/yalas-lazy.sh", "yl", "x", NULL);
		_exit(127);
	}
	h = lazy_wait(&u, &rs, pid, "script");
	if (h) {
		static const char sh_argv[] = "/bin/sh\0/tmp/yalas-lazy.sh\0x";

		x = rpart(h);
		pa = pexec_argv(h);
		CHECK(str_eq((const char *)(x + 1), x->filename_len, "/tmp/yalas-lazy.sh") &&
		      str_eq((const char *)(x + 1) + x->filename_len, x->interp_len, "/bin/sh"),
		      "lazyexec: script filename/interp");
		CHECK(pa && pa->argc == 3 && pa->argc_total == 3 &&
		      argv_eq(pa, sh_argv, sizeof(sh_argv)),
		      "lazyexec: script argv (argc %u len %u)", pa ? pa->argc : 0,
		      pa ? pa->argv_len : 0);
	} else {
		fail("lazyexec: no PROC_EXEC record (script)");
	}
	ioctl(u.fd, YALAS_IOC_STOP);
	CHECK(u.corrupt == 0, "lazyexec: corrupt records");
	printf("lazyexec: %zu records\n", rs.n);
	recs_free(&rs);
	yu_close(&u);
}

/*
 * yalas-capture -c CGROUP_ID: a new cgroup v2 group; a shell moves itself
 * into it and execs the workload.  Every captured record must be of that
 * cgroup, and the exec in it must be there.
 */
static void test_cgcap(void)
{
	const char *cg = "/sys/fs/cgroup/yalas-cg", *cap = "/tmp/cg.bin";
	char id[32], *buf = malloc(YALAS_MAX_RECORD);
	long n = 0, other = 0, execs = 0;
	struct yalas_capture_hdr ch;
	struct stat sb;
	FILE *f = NULL;
	int st;
	pid_t pid;

	mkdir("/sys/fs/cgroup", 0755);
	if (stat("/sys/fs/cgroup/cgroup.procs", &sb))
		mount("cgroup2", "/sys/fs/cgroup", "cgroup2", 0, NULL);
	mkdir(cg, 0755);
	if (stat(cg, &sb)) {
		fail("cgcap: cannot create %s", cg);
		goto out;
	}
	snprintf(id, sizeof(id), "%llu", (unsigned long long)sb.st_ino);
	pid = fork();
	if (pid == 0) {
		execl("/bin/yalas-capture", "yalas-capture", "-q", "-o", cap, "-c", id,
		      "--", "/bin/sh", "-c",
		      "echo $$ > /sys/fs/cgroup/yalas-cg/cgroup.procs && exec /bin/yalas-workload exec-child cg",
		      NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "cgcap: capture status %x", st);
	f = fopen(cap, "rb");
	if (!f || fread(&ch, sizeof(ch), 1, f) != 1) {
		fail("cgcap: cannot read %s", cap);
		goto out;
	}
	for (struct yalas_rec_hdr *h; (h = next_cap_record(f, buf)); ) {
		n++;
		if (h->cgroup_id != sb.st_ino)
			other++;
		if (h->type == YALAS_REC_PROC_EXEC) {
			const struct yalas_proc_exec *x = rpart(h);

			if (str_eq((const char *)(x + 1), x->filename_len,
				   "/bin/yalas-workload"))
				execs++;
		}
	}
	CHECK(n > 0 && other == 0 && execs == 1,
	      "cgcap: %ld records, %ld of another cgroup, %ld workload execs (cgroup %s)",
	      n, other, execs, id);
	printf("cgcap: %ld records of cgroup %s\n", n, id);
out:
	if (f)
		fclose(f);
	rmdir(cg);
	free(buf);
}

/*
 * yalas-capture -m close,getcwd: the header records exactly that mask (flag
 * YALAS_CAPF_SYSMASK) and every syscall record in the file is of one of them.
 */
static void test_capmask(void)
{
	const char *cap = "/tmp/mask.bin";
	char ids[32], *buf = malloc(YALAS_MAX_RECORD);
	long n = 0, other = 0, closes = 0, getcwds = 0;
	struct yalas_sysmask want;
	struct yalas_capture_hdr ch;
	FILE *f = NULL;
	int st;
	pid_t pid;

	memset(&want, 0, sizeof(want));
	want.bits[YALAS_SYS_close / 64] |= 1ull << (YALAS_SYS_close % 64);
	want.bits[YALAS_SYS_getcwd / 64] |= 1ull << (YALAS_SYS_getcwd % 64);
	snprintf(ids, sizeof(ids), "%d,%d", YALAS_SYS_close, YALAS_SYS_getcwd);
	pid = fork();
	if (pid == 0) {
		execl("/bin/yalas-capture", "yalas-capture", "-q", "-o", cap, "-m", ids,
		      "--", WORKLOAD, "families", "/tmp/ym", "/tmp/ym.exp", NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "capmask: capture status %x", st);
	f = fopen(cap, "rb");
	if (!f || fread(&ch, sizeof(ch), 1, f) != 1) {
		fail("capmask: cannot read %s", cap);
		goto out;
	}
	CHECK(ch.hdr_size == sizeof(ch) && ch.flags == YALAS_CAPF_SYSMASK &&
	      !memcmp(&ch.sysmask, &want, sizeof(want)),
	      "capmask: header flags 0x%x mask %llx %llx %llx %llx", ch.flags,
	      (unsigned long long)ch.sysmask.bits[0],
	      (unsigned long long)ch.sysmask.bits[1],
	      (unsigned long long)ch.sysmask.bits[2],
	      (unsigned long long)ch.sysmask.bits[3]);
	for (struct yalas_rec_hdr *h; (h = next_cap_record(f, buf)); ) {
		n++;
		if (!is_sys(h))
			continue;
		if (rsys(h)->sysid == YALAS_SYS_close)
			closes++;
		else if (rsys(h)->sysid == YALAS_SYS_getcwd)
			getcwds++;
		else
			other++;
	}
	CHECK(closes > 0 && getcwds > 0 && other == 0,
	      "capmask: %ld records: %ld close, %ld getcwd, %ld other syscalls",
	      n, closes, getcwds, other);
	printf("capmask: %ld records, %ld close, %ld getcwd\n", n, closes, getcwds);
out:
	if (f)
		fclose(f);
	free(buf);
}

/* A consumer sleeping in poll() without timeout is woken by the producer. */
static void test_poll(void)
{
	struct pollfd p;
	struct yu u;
	pid_t w;
	int r;

	if (open_dev(&u))
		return;
	yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_TGID, YALAS_FILTER_EXCLUDE,
		  getpid());
	ioctl(u.fd, YALAS_IOC_START);
	yu_drain(&u, NULL, NULL);
	p.fd = u.fd;
	p.events = POLLIN;
	p.revents = 0;
	r = poll(&p, 1, 0);
	CHECK(r == 0, "poll: readable on empty rings");
	w = fork();
	if (w == 0) {
		usleep(200000);
		/* 20000 x ~152 bytes on both cpus: above the wake-up threshold */
		execl(WORKLOAD, WORKLOAD, "stress", "20000", "3", NULL);
		_exit(127);
	}
	r = poll(&p, 1, 60000);
	CHECK(r == 1 && (p.revents & POLLIN), "poll: not woken (r=%d)", r);
	waitpid(w, NULL, 0);
	ioctl(u.fd, YALAS_IOC_STOP);
	CHECK(yu_drain(&u, NULL, NULL) > 0, "poll: no data after wake-up");
	yu_close(&u);
}

static void hold(int secs)
{
	struct yu u;

	if (yu_open(&u)) {
		printf("hold: cannot open\n");
		exit(1);
	}
	ioctl(u.fd, YALAS_IOC_START);
	printf("hold: open\n");
	fflush(stdout);
	sleep(secs);
	yu_close(&u);
}

static int run(const char *name)
{
	int before = failures;

	if (!strcmp(name, "families"))
		test_families();
	else if (!strcmp(name, "stress"))
		stress("stress", 100000, 1, 0);
	else if (!strcmp(name, "tiny"))
		stress("tiny", 20000, 0, 1);
	else if (!strcmp(name, "filters"))
		test_filters();
	else if (!strcmp(name, "badinput"))
		test_badinput();
	else if (!strcmp(name, "killed"))
		test_killed();
	else if (!strcmp(name, "poll"))
		test_poll();
	else if (!strcmp(name, "wrap"))
		test_wrap();
	else if (!strcmp(name, "lazyexec"))
		test_lazyexec();
	else if (!strcmp(name, "cgcap"))
		test_cgcap();
	else if (!strcmp(name, "capmask"))
		test_capmask();
	else if (!strcmp(name, "latency"))
		test_latency();
	else {
		fail("unknown test %s", name);
	}
	printf("TEST %s %s\n", name, failures == before ? "PASS" : "FAIL");
	fflush(stdout);
	return failures == before;
}

int main(int argc, char **argv)
{
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "capfile")) {
		test_capfile(argv[2]);
		printf("TEST capfile %s\n", failures ? "FAIL" : "PASS");
		return failures ? 1 : 0;
	}
	if (argc >= 4 && !strcmp(argv[1], "dump")) {
		test_dump(argv[2], argv[3]);
		printf("TEST dump %s\n", failures ? "FAIL" : "PASS");
		return failures ? 1 : 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "hold")) {
		hold(atoi(argv[2]));
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: yalas-test TEST...|all\n");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "all")) {
			run("families");
			run("stress");
			run("wrap");
			run("filters");
			run("badinput");
			run("killed");
			run("poll");
			run("lazyexec");
			run("latency");
		} else {
			run(argv[i]);
		}
	}
	return failures ? 1 : 0;
}
