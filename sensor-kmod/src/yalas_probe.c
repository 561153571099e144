// SPDX-License-Identifier: GPL-2.0
/*
 * yalas_probe.c - tracepoint probes: decode syscalls and process events
 * into records.
 *
 * Rules for everything in this file: it runs inside tracepoint probes, in
 * process context, with preemption disabled by us (newer kernels may call
 * syscall tracepoints preemptible).  Nothing here sleeps, blocks or
 * allocates; user memory is only read with copy_from_user_nofault() and
 * every copy is bounded.  A record is built in place in the CPU's ring when
 * the ring has room for the largest size the record can reach, else in a
 * per-CPU scratch buffer that is copied into the ring (or dropped and
 * counted) at commit.
 *
 * Most syscalls are recorded once, at sys_exit: the arguments are still in
 * pt_regs, the user buffers they point to are still mapped (and were just
 * touched by the syscall, so they are present), read buffers are filled and
 * the return value is known.  Exceptions, recorded at sys_enter:
 * execve/execveat (the old image is gone at exit) and exit/exit_group
 * (never return).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/cred.h>
#include <linux/cgroup.h>
#include <linux/nsproxy.h>
#include <linux/ns_common.h>
#include <linux/uaccess.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fcntl.h>
#include <linux/major.h>
#include <linux/socket.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/un.h>
#include <linux/uio.h>
#include <linux/binfmts.h>
#include <linux/mm_types.h>
#include <linux/tracepoint.h>
#include <linux/timekeeping.h>
#include <linux/string.h>
#include <linux/openat2.h>
#include <linux/version.h>
#include <linux/vmalloc.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include "yalas.h"

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define yfd_file(f)	fd_file(f)
#else
#define yfd_file(f)	((f).file)
#endif

#define NR2SYS(name, id, fam)	[__NR_##name] = id,
const u16 yalas_nr2sys[YALAS_NR_TAB] = {
	YALAS_SYSCALLS(NR2SYS)
};

#define SYS2FAM(name, id, fam)	[id] = YALAS_FAM_##fam,
const u8 yalas_sys2fam[YALAS_SYS_MAX] = {
	YALAS_SYSCALLS(SYS2FAM)
};

/* ---------------------------------------------------------------- helpers */

static __always_inline bool in_list(const struct yalas_cfg *c, int k, int m,
				    u64 v)
{
	u32 i;

	for (i = 0; i < c->nfilt[k][m]; i++)
		if (c->filt[k][m][i] == v)
			return true;
	return false;
}

static bool pass_kind(const struct yalas_cfg *c, int k, u64 v)
{
	if (c->nfilt[k][YALAS_FILTER_EXCLUDE] &&
	    in_list(c, k, YALAS_FILTER_EXCLUDE, v))
		return false;
	if (c->nfilt[k][YALAS_FILTER_INCLUDE] &&
	    !in_list(c, k, YALAS_FILTER_INCLUDE, v))
		return false;
	return true;
}

static u64 task_cgid(struct task_struct *t)
{
	u64 id;

	rcu_read_lock();
	id = cgroup_id(task_dfl_cgroup(t));
	rcu_read_unlock();
	return id;
}

static bool yalas_pass(const struct yalas_cfg *c, struct task_struct *t)
{
	if (likely(!c->any_filter))
		return true;
	if (!pass_kind(c, YALAS_FILTER_PID, t->pid) ||
	    !pass_kind(c, YALAS_FILTER_TGID, t->tgid))
		return false;
	if (c->nfilt[YALAS_FILTER_CGROUP][0] || c->nfilt[YALAS_FILTER_CGROUP][1])
		return pass_kind(c, YALAS_FILTER_CGROUP, task_cgid(t));
	return true;
}

static u64 task_mntns(struct task_struct *t)
{
	struct nsproxy *nsp = t->nsproxy;

	/*
	 * struct mnt_namespace is private to fs/; its first member is its
	 * struct ns_common (6.1 .. 6.12), whose inum is the namespace id that
	 * /proc/<pid>/ns/mnt shows.  The guest test checks this value.
	 */
	if (!nsp || !nsp->mnt_ns)
		return 0;
	return ((struct ns_common *)nsp->mnt_ns)->inum;
}

/*
 * Syscall latency.  sys_enter of a captured syscall stamps its time in a
 * slot chosen by the low 16 bits of the thread id; sys_exit of the same
 * thread takes it back.  A slot is one u64, written and read with single
 * stores and loads, so no lock is needed: the top bits hold the rest of the
 * tid (tids are below 2^22, PID_MAX_LIMIT) plus one, so an empty slot never
 * matches, and the low 57 bits the entry time (4.5 years before they wrap).
 * Two threads whose tids share the low bits, running syscalls at the same
 * time, can only make one of them lose its latency, never give a wrong one.
 * (Changes of the captured set while a thread is inside a syscall can leave
 * a stamp behind; see README.md, "Syscall latency".)
 */
#define LAT_SLOTS	(1U << 16)
#define LAT_TS_BITS	57
#define LAT_TS_MASK	((1ULL << LAT_TS_BITS) - 1)

static u64 *yalas_lat;

static __always_inline u64 *lat_slot(pid_t tid)
{
	return &yalas_lat[tid & (LAT_SLOTS - 1)];
}

static __always_inline u64 lat_tag(pid_t tid)
{
	return ((u64)(tid >> 16) + 1) << LAT_TS_BITS;
}

static __always_inline void lat_stamp(void)
{
	pid_t tid = current->pid;

	WRITE_ONCE(*lat_slot(tid),
		   lat_tag(tid) | (ktime_get_boot_fast_ns() & LAT_TS_MASK));
}

/*
 * The stamp of thread tid's syscall entry, 0 if it is not there.  Every
 * sys_exit of a captured syscall takes it, recorded or not, so that no
 * stamp outlives its syscall: a sys_exit without a sys_enter (a new task's
 * return from fork, a syscall a tracer skipped) must find the slot empty.
 */
static __always_inline u64 lat_take(pid_t tid)
{
	u64 *slot = lat_slot(tid);
	u64 v = READ_ONCE(*slot);

	if ((v & ~LAT_TS_MASK) != lat_tag(tid))
		return 0;
	WRITE_ONCE(*slot, 0);
	return v;
}

/* Largest sizes a record of each kind can reach (ALIGN slack included). */
#define HS	(sizeof(struct yalas_rec_hdr) + sizeof(struct yalas_sys) + \
		 sizeof(struct yalas_latency))
#define B_SYS	(HS)
#define B_FILE	(HS + sizeof(struct yalas_file) + 2 * YALAS_PATH_MAX + 8)
#define B_IO(n)	(HS + sizeof(struct yalas_io) + (n) + 8)
#define B_NET	(HS + sizeof(struct yalas_net) + UNIX_PATH_MAX + 8)
#define B_EXEC	(HS + sizeof(struct yalas_exec) + YALAS_PATH_MAX + YALAS_ARGV_MAX + 8)
#define B_FORK	(sizeof(struct yalas_rec_hdr) + sizeof(struct yalas_proc_fork))
#define B_PEXEC	(sizeof(struct yalas_rec_hdr) + sizeof(struct yalas_proc_exec) + \
		 2 * YALAS_PATH_MAX + 8 + sizeof(struct yalas_proc_exec_argv) + \
		 YALAS_ARGV_MAX + 8)
#define B_PEXIT	(sizeof(struct yalas_rec_hdr) + sizeof(struct yalas_proc_exit))

static void fill_hdr(struct yalas_ring *r, u16 type, u16 flags, u32 bound)
{
	struct yalas_rec_hdr *h;
	struct task_struct *t = current;
	const struct cred *cred;

	yalas_ring_begin(r, bound);
	h = (struct yalas_rec_hdr *)r->rec;

	h->type = type;
	h->flags = flags;
	h->size = 0;
	h->ts_ns = ktime_get_boot_fast_ns();
	h->seq = 0;
	h->cpu = r->cpu;
	h->tgid = t->tgid;
	h->tid = t->pid;
	rcu_read_lock();
	h->ppid = rcu_dereference(t->real_parent)->tgid;
	cred = rcu_dereference(t->cred);
	h->uid = __kuid_val(cred->uid);
	h->gid = __kgid_val(cred->gid);
	h->euid = __kuid_val(cred->euid);
	h->egid = __kgid_val(cred->egid);
	h->cgroup_id = cgroup_id(task_dfl_cgroup(t));
	rcu_read_unlock();
	h->mntns_id = task_mntns(t);
	memcpy(h->comm, t->comm, sizeof(h->comm));
}

static inline struct yalas_rec_hdr *rhdr(struct yalas_ring *r)
{
	return (struct yalas_rec_hdr *)r->rec;
}

static void copy_fault(struct yalas_ring *r)
{
	rhdr(r)->flags |= YALAS_RF_COPY_FAULT;
	r->st.copy_faults++;
}

/* Copy a user buffer; false (and a COPY_FAULT mark) if it faulted. */
static bool ucopy(struct yalas_ring *r, void *dst, unsigned long src, u32 n)
{
	if (!n)
		return true;
	if (!src || copy_from_user_nofault(dst, (const void __user *)src, n)) {
		copy_fault(r);
		return false;
	}
	return true;
}

/*
 * Copy a NUL-terminated user string of at most max bytes (the NUL is not
 * stored).  Copies page by page so that a string ending just before an
 * unmapped page is read completely.  Sets tflag when the string is longer
 * than max.
 */
static u32 ustr(struct yalas_ring *r, char *dst, unsigned long src, u32 max,
		u16 tflag)
{
	u32 done = 0;

	if (!src)
		return 0;
	while (done < max) {
		unsigned long a = src + done;
		u32 chunk = min3(max - done,
				 (u32)(PAGE_SIZE - (a & ~PAGE_MASK)), 256U);
		char *nul;

		if (copy_from_user_nofault(dst + done,
					   (const void __user *)a, chunk)) {
			copy_fault(r);
			return done;
		}
		nul = memchr(dst + done, 0, chunk);
		if (nul)
			return nul - dst;
		done += chunk;
	}
	rhdr(r)->flags |= tflag;
	return done;
}

/* Bounded copy of a kernel string. */
static u32 kstr(char *dst, const char *src, u32 max)
{
	u32 n;

	if (!src)
		return 0;
	n = strnlen(src, max);
	memcpy(dst, src, n);
	return n;
}

static struct yalas_sys *fill_sys(struct yalas_ring *r, u16 type, u16 flags,
				  u32 bound, u16 sysid, long nr, long ret,
				  const unsigned long *args)
{
	struct yalas_sys *s;
	int i;

	fill_hdr(r, type, flags, bound);
	s = (struct yalas_sys *)(rhdr(r) + 1);
	s->ret = ret;
	for (i = 0; i < 6; i++)
		s->args[i] = args[i];
	s->nr = nr;
	s->sysid = sysid;
	s->family = yalas_sys2fam[sysid];
	return s;
}

static void finish(struct yalas_ring *r, u16 sysid, u32 len)
{
	struct yalas_latency *lat;

	if (r->lat_stamp) {
		u32 pad = ALIGN(len, YALAS_RECORD_ALIGN) - len;

		/* the record is zero-padded before its trailer as at its end */
		memset(r->rec + len, 0, pad);
		len += pad;
		lat = (struct yalas_latency *)(r->rec + len);
		lat->ns = (rhdr(r)->ts_ns - r->lat_stamp) & LAT_TS_MASK;
		len += sizeof(*lat);
		rhdr(r)->flags |= YALAS_RF_LATENCY;
		r->lat_stamp = 0;
	}
	if (rhdr(r)->flags & (YALAS_RF_TRUNC_PATH | YALAS_RF_TRUNC_PATH2 |
			      YALAS_RF_TRUNC_DATA | YALAS_RF_TRUNC_ARGV))
		r->st.truncated++;
	if (sysid)
		r->st.per_sys[sysid]++;
	yalas_ring_commit(r, len);
}

/* ------------------------------------------------------------ file records */

static void emit_file(struct yalas_ring *r, u16 sysid, long nr, long ret,
		      const unsigned long *a)
{
	struct yalas_sys *s = fill_sys(r, YALAS_REC_FILE, 0, B_FILE, sysid, nr, ret, a);
	struct yalas_file *f = (struct yalas_file *)(s + 1);
	char *var = (char *)(f + 1);
	unsigned long p1 = 0, p2 = 0;
	struct open_how how;

	memset(f, 0, sizeof(*f));
	f->dirfd = YALAS_AT_FDCWD;
	f->dirfd2 = YALAS_AT_FDCWD;
	f->uid = (u32)-1;
	f->gid = (u32)-1;

	switch (sysid) {
	case YALAS_SYS_open:
		p1 = a[0]; f->flags = a[1]; f->mode = a[2];
		break;
	case YALAS_SYS_openat:
		f->dirfd = a[0]; p1 = a[1]; f->flags = a[2]; f->mode = a[3];
		break;
	case YALAS_SYS_openat2:
		f->dirfd = a[0]; p1 = a[1];
		if (a[3] >= sizeof(how) && ucopy(r, &how, a[2], sizeof(how))) {
			f->flags = how.flags;
			f->mode = how.mode;
		}
		break;
	case YALAS_SYS_creat:
		p1 = a[0]; f->mode = a[1];
		f->flags = O_CREAT | O_WRONLY | O_TRUNC;
		break;
	case YALAS_SYS_rename:
	case YALAS_SYS_link:
	case YALAS_SYS_symlink:
		p1 = a[0]; p2 = a[1];
		break;
	case YALAS_SYS_renameat:
	case YALAS_SYS_renameat2:
	case YALAS_SYS_linkat:
		f->dirfd = a[0]; p1 = a[1]; f->dirfd2 = a[2]; p2 = a[3];
		if (sysid != YALAS_SYS_renameat)
			f->flags = a[4];
		break;
	case YALAS_SYS_symlinkat:
		p1 = a[0]; f->dirfd2 = a[1]; p2 = a[2];
		break;
	case YALAS_SYS_unlink:
	case YALAS_SYS_rmdir:
	case YALAS_SYS_chdir:
		p1 = a[0];
		break;
	case YALAS_SYS_unlinkat:
		f->dirfd = a[0]; p1 = a[1]; f->flags = a[2];
		break;
	case YALAS_SYS_mkdir:
	case YALAS_SYS_chmod:
		p1 = a[0]; f->mode = a[1];
		break;
	case YALAS_SYS_mkdirat:
	case YALAS_SYS_fchmodat:
		f->dirfd = a[0]; p1 = a[1]; f->mode = a[2];
		break;
	case YALAS_SYS_fchmod:
		f->dirfd = a[0]; f->mode = a[1];
		break;
	case YALAS_SYS_chown:
	case YALAS_SYS_lchown:
		p1 = a[0]; f->uid = a[1]; f->gid = a[2];
		break;
	case YALAS_SYS_fchown:
		f->dirfd = a[0]; f->uid = a[1]; f->gid = a[2];
		break;
	case YALAS_SYS_fchownat:
		f->dirfd = a[0]; p1 = a[1]; f->uid = a[2]; f->gid = a[3];
		f->flags = a[4];
		break;
	case YALAS_SYS_truncate:
		p1 = a[0]; f->length = a[1];
		break;
	case YALAS_SYS_ftruncate:
		f->dirfd = a[0]; f->length = a[1];
		break;
	case YALAS_SYS_fchdir:
		f->dirfd = a[0];
		break;
	case YALAS_SYS_getcwd:
		f->length = a[1];
		if (ret > 0)
			p1 = a[0];
		break;
	case YALAS_SYS_mount:
		p1 = a[0]; p2 = a[1]; f->flags = a[3];
		break;
	case YALAS_SYS_umount2:
		p1 = a[0]; f->flags = a[1];
		break;
	case YALAS_SYS_memfd_create:
		p1 = a[0]; f->flags = a[1];
		break;
	}
	f->path_len = ustr(r, var, p1, YALAS_PATH_MAX, YALAS_RF_TRUNC_PATH);
	var += f->path_len;
	f->path2_len = ustr(r, var, p2, YALAS_PATH_MAX, YALAS_RF_TRUNC_PATH2);
	var += f->path2_len;
	finish(r, sysid, var - r->rec);
}

/* -------------------------------------------------------------- io records */

static bool is_tty_inode(struct inode *inode)
{
	unsigned int major;

	if (!S_ISCHR(inode->i_mode))
		return false;
	major = imajor(inode);
	return major == TTY_MAJOR || major == TTYAUX_MAJOR ||
	       (major >= UNIX98_PTY_MASTER_MAJOR &&
		major < UNIX98_PTY_SLAVE_MAJOR + UNIX98_PTY_MAJOR_COUNT);
}

/* Sum the lengths of up to YALAS_IOV_MAX iovecs; fill iov[] with them. */
static u64 iov_sum(struct yalas_ring *r, struct iovec *iov, unsigned long uiov,
		   unsigned long cnt, u32 *n)
{
	u64 sum = 0;
	u32 i;

	*n = min_t(unsigned long, cnt, YALAS_IOV_MAX);
	if (!ucopy(r, iov, uiov, *n * sizeof(*iov))) {
		*n = 0;
		return 0;
	}
	for (i = 0; i < *n; i++)
		sum += iov[i].iov_len;
	return sum;
}

static void emit_io(struct yalas_ring *r, const struct yalas_cfg *c,
		    u16 sysid, long nr, long ret, const unsigned long *a)
{
	struct yalas_sys *s = fill_sys(r, YALAS_REC_IO, 0, B_IO(c->snaplen), sysid, nr, ret, a);
	struct yalas_io *io = (struct yalas_io *)(s + 1);
	char *var = (char *)(io + 1);
	struct iovec iov[YALAS_IOV_MAX];
	bool vec = false;
	struct file *file;
	struct fd fdf;
	u32 niov = 0;

	io->fd = a[0];
	io->fd_type = YALAS_FD_UNKNOWN;
	io->io_flags = 0;
	io->offset = -1;
	io->data_len = 0;
	io->pad = 0;

	switch (sysid) {
	case YALAS_SYS_pread64:
	case YALAS_SYS_pwrite64:
		io->offset = a[3];
		fallthrough;
	case YALAS_SYS_read:
	case YALAS_SYS_write:
		io->count = a[2];
		break;
	default:	/* readv, writev, preadv, pwritev, preadv2, pwritev2 */
		vec = true;
		io->io_flags |= YALAS_IO_VECTORED;
		if (sysid != YALAS_SYS_readv && sysid != YALAS_SYS_writev)
			io->offset = a[3];
		io->count = iov_sum(r, iov, a[1], a[2], &niov);
		break;
	}

	/*
	 * fdget(): no reference taken when the fd table is not shared (the
	 * common single-threaded case), else a counted reference; never
	 * sleeps.
	 */
	fdf = fdget((unsigned int)a[0]);
	file = yfd_file(fdf);
	if (file) {
		struct inode *inode = file_inode(file);

		io->fd_type = (inode->i_mode & S_IFMT) >> 12;
		if (is_tty_inode(inode))
			io->io_flags |= YALAS_IO_TTY;
		fdput(fdf);
	} else {
		io->io_flags |= YALAS_IO_BADFD;
	}

	if ((io->io_flags & YALAS_IO_TTY) && c->snaplen && ret > 0) {
		u32 want = min_t(u64, ret, c->snaplen);

		if ((u64)ret > c->snaplen)
			rhdr(r)->flags |= YALAS_RF_TRUNC_DATA;
		if (!vec) {
			if (ucopy(r, var, a[1], want))
				io->data_len = want;
		} else {
			u32 i, got = 0;

			for (i = 0; i < niov && got < want; i++) {
				u32 n = min_t(u64, iov[i].iov_len, want - got);

				if (!ucopy(r, var + got,
					   (unsigned long)iov[i].iov_base, n))
					break;
				got += n;
			}
			io->data_len = got;
		}
		var += io->data_len;
	}
	finish(r, sysid, var - r->rec);
}

/* ------------------------------------------------------------- net records */

static void decode_sa(struct yalas_ring *r, struct yalas_net *n, char **var,
		      unsigned long uaddr, int alen)
{
	struct sockaddr_storage ss;
	u32 len;

	if (!uaddr || alen <= 0)
		return;
	n->addr_len = alen;
	len = min_t(u32, alen, sizeof(ss));
	if (len < sizeof(sa_family_t) || !ucopy(r, &ss, uaddr, len))
		return;
	n->family = ss.ss_family;
	switch (ss.ss_family) {
	case AF_INET: {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		if (len < sizeof(*sin))
			break;
		n->port = ntohs(sin->sin_port);
		memcpy(n->addr, &sin->sin_addr, 4);
		break;
	}
	case AF_INET6: {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		if (len < sizeof(*sin6))
			break;
		n->port = ntohs(sin6->sin6_port);
		n->flowinfo = ntohl(sin6->sin6_flowinfo);
		n->scope_id = sin6->sin6_scope_id;
		memcpy(n->addr, &sin6->sin6_addr, 16);
		break;
	}
	case AF_UNIX: {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;
		u32 plen = len - offsetof(struct sockaddr_un, sun_path);

		plen = min_t(u32, plen, sizeof(sun->sun_path));
		/* pathname sockets: stop at the NUL; abstract: keep all */
		if (plen && sun->sun_path[0])
			plen = strnlen(sun->sun_path, plen);
		memcpy(*var, sun->sun_path, plen);
		n->unix_path_len = plen;
		*var += plen;
		break;
	}
	}
}

static int uget_int(struct yalas_ring *r, unsigned long uptr)
{
	int v = 0;

	if (!uptr || !ucopy(r, &v, uptr, sizeof(v)))
		return 0;
	return v;
}

static void emit_net(struct yalas_ring *r, u16 sysid, long nr, long ret,
		     const unsigned long *a)
{
	struct yalas_sys *s = fill_sys(r, YALAS_REC_NET, 0, B_NET, sysid, nr, ret, a);
	struct yalas_net *n = (struct yalas_net *)(s + 1);
	char *var = (char *)(n + 1);
	struct user_msghdr mh;
	struct iovec iov[YALAS_IOV_MAX];
	u32 niov;

	memset(n, 0, sizeof(*n));
	n->fd = a[0];

	switch (sysid) {
	case YALAS_SYS_connect:
	case YALAS_SYS_bind:
		decode_sa(r, n, &var, a[1], a[2]);
		break;
	case YALAS_SYS_accept:
	case YALAS_SYS_accept4:
		if (sysid == YALAS_SYS_accept4)
			n->msg_flags = a[3];
		if (ret >= 0 && a[1] && a[2])
			decode_sa(r, n, &var, a[1], uget_int(r, a[2]));
		break;
	case YALAS_SYS_sendto:
		n->count = a[2]; n->msg_flags = a[3];
		decode_sa(r, n, &var, a[4], a[5]);
		break;
	case YALAS_SYS_recvfrom:
		n->count = a[2]; n->msg_flags = a[3];
		if (ret >= 0 && a[4] && a[5])
			decode_sa(r, n, &var, a[4], uget_int(r, a[5]));
		break;
	case YALAS_SYS_sendmsg:
	case YALAS_SYS_recvmsg:
		n->msg_flags = a[2];
		if (!ucopy(r, &mh, a[1], sizeof(mh)))
			break;
		n->count = iov_sum(r, iov, (unsigned long)mh.msg_iov,
				   mh.msg_iovlen, &niov);
		if (sysid == YALAS_SYS_sendmsg || ret >= 0)
			decode_sa(r, n, &var, (unsigned long)mh.msg_name,
				  mh.msg_namelen);
		break;
	case YALAS_SYS_sendmmsg:
	case YALAS_SYS_recvmmsg:
		n->count = a[2]; n->msg_flags = a[3];
		if (!a[2] || !ucopy(r, &mh, a[1], sizeof(mh)))
			break;
		if (sysid == YALAS_SYS_sendmmsg || ret > 0)
			decode_sa(r, n, &var, (unsigned long)mh.msg_name,
				  mh.msg_namelen);
		break;
	}
	finish(r, sysid, var - r->rec);
}

/* ------------------------------------------------------------ exec records */

static void emit_exec(struct yalas_ring *r, u16 sysid, long nr,
		      const unsigned long *a)
{
	struct yalas_sys *s = fill_sys(r, YALAS_REC_EXEC, YALAS_RF_ENTER,
				       B_EXEC, sysid, nr, 0, a);
	struct yalas_exec *e = (struct yalas_exec *)(s + 1);
	char *var = (char *)(e + 1);
	unsigned long fname, argv;
	u32 used = 0, i;

	memset(e, 0, sizeof(*e));
	if (sysid == YALAS_SYS_execveat) {
		e->dirfd = a[0]; fname = a[1]; argv = a[2]; e->flags = a[4];
	} else {
		e->dirfd = YALAS_AT_FDCWD; fname = a[0]; argv = a[1];
	}
	e->filename_len = ustr(r, var, fname, YALAS_PATH_MAX,
			       YALAS_RF_TRUNC_PATH);
	var += e->filename_len;

	for (i = 0; argv && i <= YALAS_ARGC_MAX; i++) {
		unsigned long p;
		u32 n;

		if (!ucopy(r, &p, argv + i * sizeof(p), sizeof(p)) || !p)
			break;
		if (i == YALAS_ARGC_MAX || used + 1 >= YALAS_ARGV_MAX) {
			rhdr(r)->flags |= YALAS_RF_TRUNC_ARGV;
			break;
		}
		n = ustr(r, var + used, p, YALAS_ARGV_MAX - used - 1,
			 YALAS_RF_TRUNC_ARGV);
		used += n;
		var[used++] = '\0';
		e->argc++;
	}
	e->argv_len = used;
	var += used;
	finish(r, sysid, var - r->rec);
}

/* ------------------------------------------------------------------ probes */

static __always_inline struct yalas_ring *this_ring(void)
{
	return yalas_rings[smp_processor_id()];
}

static void yalas_sys_enter(void *data, struct pt_regs *regs, long id)
{
	const struct yalas_cfg *c;
	struct yalas_ring *r;
	unsigned long a[6];
	u16 sysid;

	if (unlikely((unsigned long)id >= YALAS_NR_TAB))
		return;
	sysid = yalas_nr2sys[id];

	preempt_disable_notrace();
	r = this_ring();
	r->st.probe_sys_enter++;
	c = rcu_dereference_sched(yalas_cfg);
	if (!c->nr_on[id] || in_ia32_syscall())
		goto out;
	if (likely(sysid != YALAS_SYS_execve && sysid != YALAS_SYS_execveat &&
		   sysid != YALAS_SYS_exit && sysid != YALAS_SYS_exit_group)) {
		lat_stamp();
		goto out;
	}
	if (sysid == YALAS_SYS_execve || sysid == YALAS_SYS_execveat)
		lat_stamp();	/* exit and exit_group never return */
	if (!yalas_pass(c, current)) {
		r->st.filtered++;
		goto out;
	}
	syscall_get_arguments(current, regs, a);
	if (sysid == YALAS_SYS_execve || sysid == YALAS_SYS_execveat) {
		emit_exec(r, sysid, id, a);
	} else {
		u32 len = sizeof(struct yalas_rec_hdr) + sizeof(struct yalas_sys);

		fill_sys(r, YALAS_REC_SYSCALL, YALAS_RF_ENTER, B_SYS, sysid, id, 0, a);
		finish(r, sysid, len);
	}
out:
	preempt_enable_notrace();
}

static void yalas_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	const struct yalas_cfg *c;
	struct yalas_ring *r;
	unsigned long a[6];
	long nr = syscall_get_nr(current, regs);
	u64 stamp;
	u16 sysid;

	if (unlikely((unsigned long)nr >= YALAS_NR_TAB))
		return;

	preempt_disable_notrace();
	r = this_ring();
	r->st.probe_sys_exit++;
	c = rcu_dereference_sched(yalas_cfg);
	if (likely(!c->nr_on[nr]) || in_ia32_syscall())
		goto out;
	stamp = lat_take(current->pid);
	if (!yalas_pass(c, current)) {
		r->st.filtered++;
		goto out;
	}
	sysid = yalas_nr2sys[nr];
	syscall_get_arguments(current, regs, a);
	/* the child's return from fork had no entry: a stamp there is stale */
	if (!(sysid >= YALAS_SYS_fork && sysid <= YALAS_SYS_clone3 && ret == 0))
		r->lat_stamp = stamp;

	switch (sysid) {
	case YALAS_SYS_open ... YALAS_SYS_creat:
	case YALAS_SYS_rename ... YALAS_SYS_ftruncate:
	case YALAS_SYS_mount:
	case YALAS_SYS_umount2:
	case YALAS_SYS_chdir:
	case YALAS_SYS_fchdir:
	case YALAS_SYS_getcwd:
	case YALAS_SYS_memfd_create:
		emit_file(r, sysid, nr, ret, a);
		break;
	case YALAS_SYS_read ... YALAS_SYS_pwritev:
	case YALAS_SYS_preadv ... YALAS_SYS_pwritev2:
		emit_io(r, c, sysid, nr, ret, a);
		break;
	case YALAS_SYS_connect:
	case YALAS_SYS_bind:
	case YALAS_SYS_accept ... YALAS_SYS_recvmmsg:
		emit_net(r, sysid, nr, ret, a);
		break;
	case YALAS_SYS_exit:
	case YALAS_SYS_exit_group:
		break;		/* recorded at entry; never get here */
	default: {
		u16 fl = 0;
		u32 len = sizeof(struct yalas_rec_hdr) + sizeof(struct yalas_sys);

		if ((sysid == YALAS_SYS_execve || sysid == YALAS_SYS_execveat) &&
		    ret == 0)
			fl = YALAS_RF_ARGS_CLOBBERED;
		fill_sys(r, YALAS_REC_SYSCALL, fl, B_SYS, sysid, nr, ret, a);
		finish(r, sysid, len);
		break;
	}
	}
	r->lat_stamp = 0;	/* in case no record took it */
out:
	preempt_enable_notrace();
}

static void yalas_fork(void *data, struct task_struct *parent,
		       struct task_struct *child)
{
	const struct yalas_cfg *c;
	struct yalas_ring *r;
	struct yalas_proc_fork *f;

	preempt_disable_notrace();
	r = this_ring();
	r->st.probe_fork++;
	c = rcu_dereference_sched(yalas_cfg);
	if (!yalas_pass(c, parent) && !yalas_pass(c, child)) {
		r->st.filtered++;
		goto out;
	}
	fill_hdr(r, YALAS_REC_PROC_FORK, 0, B_FORK);
	f = (struct yalas_proc_fork *)(rhdr(r) + 1);
	f->parent_tgid = parent->tgid;
	f->parent_pid = parent->pid;
	f->child_tgid = child->tgid;
	f->child_pid = child->pid;
	finish(r, 0, (char *)(f + 1) - r->rec);
out:
	preempt_enable_notrace();
}

/*
 * argv part of a PROC_EXEC record: the new image's argv strings, NUL
 * separated in [mm->arg_start, mm->arg_end) on its stack.  The kernel wrote
 * them during this exec, so the pages are present, but they are still read
 * only with copy_from_user_nofault(), page by page: a page that cannot be
 * read ends the copy (COPY_FAULT), nothing here faults or sleeps.  Same
 * limits as the EXEC record: YALAS_ARGC_MAX elements, YALAS_ARGV_MAX bytes
 * including the NUL after each element (a cut element is NUL terminated).
 */
static char *pexec_argv(struct yalas_ring *r, char *var,
			const struct linux_binprm *bprm)
{
	struct yalas_proc_exec_argv *pa = (struct yalas_proc_exec_argv *)var;
	char *dst = (char *)(pa + 1);
	struct mm_struct *mm = current->mm;
	unsigned long start = 0, end = 0, len = 0;
	u32 n, done = 0, used = 0, argc = 0;

	memset(pa, 0, sizeof(*pa));
	pa->argc_total = bprm->argc;
	if (mm) {
		start = READ_ONCE(mm->arg_start);
		end = READ_ONCE(mm->arg_end);
	}
	if (start && end > start)
		len = end - start;
	n = min_t(unsigned long, len, YALAS_ARGV_MAX - 1);
	while (done < n) {
		unsigned long a = start + done;
		u32 chunk = min_t(u32, n - done, PAGE_SIZE - (a & ~PAGE_MASK));

		if (copy_from_user_nofault(dst + done,
					   (const void __user *)a, chunk)) {
			copy_fault(r);
			break;
		}
		done += chunk;
	}
	while (used < done && argc < YALAS_ARGC_MAX) {
		char *nul = memchr(dst + used, 0, done - used);

		argc++;
		if (!nul) {
			/* last element cut by the byte limit or a fault */
			dst[done] = '\0';
			used = done + 1;
			break;
		}
		used = nul - dst + 1;
	}
	if (n < len || (used < done && argc == YALAS_ARGC_MAX))
		rhdr(r)->flags |= YALAS_RF_TRUNC_ARGV;
	pa->argc = argc;
	pa->argv_len = used;
	return dst + used;
}

static void yalas_exec(void *data, struct task_struct *p, pid_t old_pid,
		       struct linux_binprm *bprm)
{
	const struct yalas_cfg *c;
	struct yalas_ring *r;
	struct yalas_proc_exec *e;
	char *var, *argv;

	preempt_disable_notrace();
	r = this_ring();
	r->st.probe_exec++;
	/*
	 * A non-leader thread's execve takes the leader's pid: its execve exit
	 * will look for the stamp under the new pid, so the one under the old
	 * pid would outlive its syscall.
	 */
	if (old_pid != p->pid)
		lat_take(old_pid);
	c = rcu_dereference_sched(yalas_cfg);
	if (!yalas_pass(c, p)) {
		r->st.filtered++;
		goto out;
	}
	fill_hdr(r, YALAS_REC_PROC_EXEC, 0, B_PEXEC);
	e = (struct yalas_proc_exec *)(rhdr(r) + 1);
	var = (char *)(e + 1);
	e->old_pid = old_pid;
	e->filename_len = kstr(var, bprm->filename, YALAS_PATH_MAX);
	var += e->filename_len;
	e->interp_len = 0;
	if (bprm->interp && bprm->interp != bprm->filename &&
	    strcmp(bprm->interp, bprm->filename)) {
		e->interp_len = kstr(var, bprm->interp, YALAS_PATH_MAX);
		var += e->interp_len;
	}
	/* zero padding up to the argv part (8-byte aligned) */
	argv = r->rec + YALAS_PEXEC_ARGV_OFFSET(e->filename_len, e->interp_len);
	memset(var, 0, argv - var);
	var = pexec_argv(r, argv, bprm);
	finish(r, 0, var - r->rec);
out:
	preempt_enable_notrace();
}

static void yalas_exit(void *data, struct task_struct *p)
{
	const struct yalas_cfg *c;
	struct yalas_ring *r;
	struct yalas_proc_exit *x;

	preempt_disable_notrace();
	r = this_ring();
	r->st.probe_exit++;
	c = rcu_dereference_sched(yalas_cfg);
	if (!yalas_pass(c, p)) {
		r->st.filtered++;
		goto out;
	}
	fill_hdr(r, YALAS_REC_PROC_EXIT, 0, B_PEXIT);
	x = (struct yalas_proc_exit *)(rhdr(r) + 1);
	x->exit_code = p->exit_code;
	x->group_dead = p->signal ? !atomic_read(&p->signal->live) : 0;
	finish(r, 0, (char *)(x + 1) - r->rec);
out:
	preempt_enable_notrace();
}

/* ---------------------------------------------------------- registration */

struct yalas_tp {
	const char *name;
	void *probe;
	struct tracepoint *tp;
	bool on;
};

static struct yalas_tp yalas_tps[] = {
	{ "sys_enter", yalas_sys_enter },
	{ "sys_exit", yalas_sys_exit },
	{ "sched_process_fork", yalas_fork },
	{ "sched_process_exec", yalas_exec },
	{ "sched_process_exit", yalas_exit },
};

static void yalas_tp_lookup(struct tracepoint *tp, void *priv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yalas_tps); i++)
		if (!strcmp(tp->name, yalas_tps[i].name))
			yalas_tps[i].tp = tp;
}

int yalas_probes_attach(void)
{
	size_t i;
	int err;

	/* fresh at every start: no stamp outlives the session that made it */
	yalas_lat = vzalloc(LAT_SLOTS * sizeof(*yalas_lat));
	if (!yalas_lat)
		return -ENOMEM;
	for_each_kernel_tracepoint(yalas_tp_lookup, NULL);
	for (i = 0; i < ARRAY_SIZE(yalas_tps); i++) {
		if (!yalas_tps[i].tp) {
			pr_err("yalas: tracepoint %s not found\n",
			       yalas_tps[i].name);
			err = -ENOENT;
			goto fail;
		}
	}
	for (i = 0; i < ARRAY_SIZE(yalas_tps); i++) {
		err = tracepoint_probe_register(yalas_tps[i].tp,
						yalas_tps[i].probe, NULL);
		if (err) {
			pr_err("yalas: cannot attach %s: %d\n",
			       yalas_tps[i].name, err);
			goto fail;
		}
		yalas_tps[i].on = true;
	}
	return 0;
fail:
	yalas_probes_detach();
	return err;
}

void yalas_probes_detach(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yalas_tps); i++) {
		if (yalas_tps[i].on)
			tracepoint_probe_unregister(yalas_tps[i].tp,
						    yalas_tps[i].probe, NULL);
		yalas_tps[i].on = false;
	}
	/* no probe runs after this returns */
	tracepoint_synchronize_unregister();
	vfree(yalas_lat);
	yalas_lat = NULL;
}
