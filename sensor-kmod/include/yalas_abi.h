/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * yalas_abi.h - binary ABI between the YALAS kernel module and user space.
 *
 * This file is the single source of truth for:
 *   - the record format written into the per-CPU rings (and, unchanged,
 *     into capture files),
 *   - the ring control page layout and the mmap geometry,
 *   - the ioctl surface of /dev/yalas and its argument structs,
 *   - the statistics struct,
 *   - the capture file header.
 *
 * Conventions (all of them are part of the ABI):
 *   - every integer is little-endian (the module only builds on x86_64);
 *   - every struct has an explicit layout: fields are naturally aligned and
 *     all padding is spelled out as named "pad" fields, so the C layout is
 *     the same on every compiler and can be read with fixed offsets;
 *   - every record starts with struct yalas_rec_hdr, its total size
 *     (hdr.size) is a multiple of 8 and records are placed back to back, so
 *     every record starts 8-byte aligned;
 *   - variable-length data (paths, argv, tty payload, unix socket paths)
 *     follows the fixed part of a record as raw bytes, in the order the
 *     *_len fields are declared in the fixed part, with no terminator and no
 *     alignment between them; the record is then zero-padded to 8 bytes;
 *   - if a variable field had to be cut (snap length, caps below, or a failed
 *     user copy) the matching YALAS_RF_* flag is set in hdr.flags;
 *   - (1.2) a syscall record with YALAS_RF_LATENCY set ends with a struct
 *     yalas_latency in its last 8 bytes, after the padding of the variable
 *     data.  Readers that locate variable data by the *_len fields and skip
 *     records by hdr.size (every 1.x reader) are not affected by it.
 *
 * Run "make -C sensor-kmod abi-layout" to print every struct size, field
 * offset and constant in a machine-readable form.
 */
#ifndef _YALAS_ABI_H
#define _YALAS_ABI_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define YALAS_ABI_VERSION_MAJOR	1
/* 1.1: PROC_EXEC argv part; 1.2: syscall latency trailer (YALAS_RF_LATENCY) */
#define YALAS_ABI_VERSION_MINOR	2
#define YALAS_ABI_VERSION	((YALAS_ABI_VERSION_MAJOR << 16) | YALAS_ABI_VERSION_MINOR)

#define YALAS_MAGIC		0x53414c59	/* "YLAS" little-endian */
#define YALAS_DEVICE_PATH	"/dev/yalas"

/* Limits of variable-length data in one record. */
#define YALAS_PATH_MAX		4096	/* each path / name field */
#define YALAS_ARGV_MAX		4096	/* all argv strings together */
#define YALAS_ARGC_MAX		64	/* argv elements copied at most */
#define YALAS_SNAPLEN_MAX	4096	/* tty payload bytes at most */
#define YALAS_SNAPLEN_DEFAULT	256
#define YALAS_MAX_RECORD	16384	/* no record is larger than this */
#define YALAS_RECORD_ALIGN	8

/* ------------------------------------------------------------------------
 * Record types (yalas_rec_hdr.type)
 */
enum yalas_rec_type {
	YALAS_REC_SYSCALL	= 1,	/* hdr + yalas_sys                          */
	YALAS_REC_FILE		= 2,	/* hdr + yalas_sys + yalas_file + path, path2 */
	YALAS_REC_IO		= 3,	/* hdr + yalas_sys + yalas_io + data         */
	YALAS_REC_NET		= 4,	/* hdr + yalas_sys + yalas_net + unix path   */
	YALAS_REC_EXEC		= 5,	/* hdr + yalas_sys + yalas_exec + filename, argv */
	YALAS_REC_PROC_FORK	= 16,	/* hdr + yalas_proc_fork                     */
	/* hdr + yalas_proc_exec + filename, interp (1.1: + pad +
	 * yalas_proc_exec_argv + argv)
	 */
	YALAS_REC_PROC_EXEC	= 17,
	YALAS_REC_PROC_EXIT	= 18,	/* hdr + yalas_proc_exit                     */
};

/* Record flags (yalas_rec_hdr.flags) */
#define YALAS_RF_TRUNC_PATH	0x0001	/* first path / filename / name cut   */
#define YALAS_RF_TRUNC_PATH2	0x0002	/* second path / interp cut           */
#define YALAS_RF_TRUNC_DATA	0x0004	/* payload cut at snap length         */
#define YALAS_RF_TRUNC_ARGV	0x0008	/* argv cut (bytes or element count)  */
#define YALAS_RF_COPY_FAULT	0x0010	/* a user copy failed; field empty/short */
#define YALAS_RF_ENTER		0x0020	/* emitted at syscall entry: ret invalid */
#define YALAS_RF_ARGS_CLOBBERED	0x0040	/* args[] not meaningful (exit of execve) */
#define YALAS_RF_LATENCY	0x0080	/* (1.2) ends with struct yalas_latency */

/*
 * Common record header: 88 bytes.
 * ts_ns: CLOCK_BOOTTIME nanoseconds when the record was produced (syscall
 *   exit for most syscall records, entry for YALAS_RF_ENTER records).
 * seq: per-CPU sequence number, counting every record the CPU *attempted*
 *   (written or dropped), so gaps in seq on one cpu are drops.
 * ppid: tgid of the real parent.  uid/gid: real ids, euid/egid effective.
 * cgroup_id: id of the task's cgroup v2 (default hierarchy) cgroup.
 * mntns_id: inode number of the task's mount namespace (as in
 *   stat /proc/<pid>/ns/mnt).  comm: NUL padded, not always NUL terminated.
 */
struct yalas_rec_hdr {
	__u16 type;		/* enum yalas_rec_type */
	__u16 flags;		/* YALAS_RF_* */
	__u32 size;		/* total record size in bytes, multiple of 8 */
	__u64 ts_ns;
	__u64 seq;
	__u32 cpu;
	__u32 tgid;
	__u32 tid;
	__u32 ppid;
	__u32 uid;
	__u32 gid;
	__u32 euid;
	__u32 egid;
	__u64 cgroup_id;
	__u64 mntns_id;
	char comm[16];
};

/*
 * Syscall part, present in every syscall record (types 1..5), right after
 * the header.  nr is the kernel's x86_64 syscall number, sysid the stable
 * YALAS_SYS_* id below (user space needs no kernel syscall table), family
 * the YALAS_FAM_* of the syscall.  ret is the raw return value (negative
 * errno on failure); it is 0 and YALAS_RF_ENTER is set for records made at
 * syscall entry (execve/execveat, exit/exit_group).  args are the six raw
 * syscall arguments (pointers as user addresses).
 */
struct yalas_sys {
	__s64 ret;
	__u64 args[6];
	__u32 nr;
	__u16 sysid;
	__u16 family;
};

/*
 * (1.2) Trailer of syscall records made at exit when the entry of the same
 * syscall was seen: ns is hdr.ts_ns minus the CLOCK_BOOTTIME time of
 * sys_enter.  Absent (no YALAS_RF_LATENCY) for records made at entry, for
 * the child's return from fork (it never entered the call), for syscalls
 * that were already running when capture started, and when the thread's
 * entry stamp was lost (see yalas_probe.c).
 */
struct yalas_latency {
	__u64 ns;
};

/*
 * YALAS_REC_FILE: path based and fd based file operations.
 *  dirfd/dirfd2: directory fds of the *at calls (YALAS_AT_FDCWD = -100) or,
 *    for fd-only calls (fchmod, fchown, fchdir, ftruncate), the fd in dirfd.
 *  flags: open flags (open/openat/openat2/creat), AT_* flags (unlinkat,
 *    linkat, fchownat, fchmodat, renameat2 RENAME_*), mount flags (low 32
 *    bits), umount2 flags, memfd_create flags.
 *  mode: create mode / chmod mode.  uid/gid: chown targets (0xffffffff =
 *    unchanged).  length: truncate/ftruncate length, getcwd buffer size.
 *  path: open/creat/unlink/mkdir/rmdir/chmod/chown/truncate/chdir/umount2
 *    path, rename/link old path, symlink target, mount source, memfd name,
 *    getcwd result.  path2: rename/link new path, symlink link path, mount
 *    target.
 */
struct yalas_file {
	__s32 dirfd;
	__s32 dirfd2;
	__u32 flags;
	__u32 mode;
	__u32 uid;
	__u32 gid;
	__u64 length;
	__u16 path_len;
	__u16 path2_len;
	__u32 pad;
};

/* fd types (yalas_io.fd_type): the S_IFMT bits of the inode >> 12 */
#define YALAS_FD_UNKNOWN	0
#define YALAS_FD_FIFO		1
#define YALAS_FD_CHR		2
#define YALAS_FD_DIR		4
#define YALAS_FD_BLK		6
#define YALAS_FD_REG		8
#define YALAS_FD_LNK		10
#define YALAS_FD_SOCK		12

/* yalas_io.io_flags */
#define YALAS_IO_TTY		0x0001	/* fd is a terminal (tty or pty) */
#define YALAS_IO_VECTORED	0x0002	/* readv/writev family: count is the sum of iov lengths */
#define YALAS_IO_BADFD		0x0004	/* fd was not open at syscall exit */

/*
 * YALAS_REC_IO: read/write family.  count: requested bytes (sum of the first
 * YALAS_IOV_MAX iovec lengths for vectored calls), offset: file offset for
 * p* calls, else -1.  data: only for terminals, up to the snap length of
 * the bytes actually transferred (ret), from the user buffer(s).
 */
#define YALAS_IOV_MAX		16
struct yalas_io {
	__s32 fd;
	__u16 fd_type;
	__u16 io_flags;
	__u64 count;
	__s64 offset;
	__u32 data_len;
	__u32 pad;
};

/*
 * YALAS_REC_NET: connect, bind, accept, accept4, sendto, sendmsg, sendmmsg,
 * recvfrom, recvmsg, recvmmsg.  The socket address is the one passed
 * (connect, bind, sendto, sendmsg) or returned (accept, recvfrom, recvmsg)
 * by the call; for *mmsg the one of the first message.  addr_len: the
 * sockaddr length given by / returned to the caller (0 = no address).
 * family: sa_family (YALAS_AF_*; 0 = no address).  port: host byte order.
 * addr: IPv4 in the first 4 bytes (network order) or IPv6 16 bytes.
 * flowinfo/scope_id: IPv6 only.  count: len argument (send/recv), sum of iov
 * lengths (*msg), vlen (*mmsg).  msg_flags: MSG_* flags argument.
 * Trailing: unix_path (sun_path bytes as given; abstract names start with
 * a NUL byte).
 */
#define YALAS_AF_UNIX		1
#define YALAS_AF_INET		2
#define YALAS_AF_INET6		10
struct yalas_net {
	__s32 fd;
	__u32 addr_len;
	__u16 family;
	__u16 port;
	__u32 flowinfo;
	__u32 scope_id;
	__u32 msg_flags;
	__u8 addr[16];
	__u64 count;
	__u16 unix_path_len;
	__u16 pad0;
	__u32 pad1;
};

/*
 * YALAS_REC_EXEC: emitted at execve/execveat *entry* (flag YALAS_RF_ENTER),
 * while the old image's memory still exists.  The result of the call is a
 * YALAS_REC_SYSCALL record at exit (args clobbered on success) and, on
 * success, a YALAS_REC_PROC_EXEC record in between.
 * argc: number of argv elements copied; argv: the strings, each followed by
 * a NUL byte (argv_len counts them all).
 */
struct yalas_exec {
	__s32 dirfd;
	__u32 flags;
	__u32 argc;
	__u16 filename_len;
	__u16 argv_len;
};

/* YALAS_REC_PROC_FORK: sched_process_fork (runs in the parent). */
struct yalas_proc_fork {
	__u32 parent_tgid;
	__u32 parent_pid;
	__u32 child_tgid;
	__u32 child_pid;
};

/*
 * YALAS_REC_PROC_EXEC: sched_process_exec (runs in the new image, header
 * comm is the new one).  old_pid: tid before exec (differs when a non-leader
 * thread execs).  filename: bprm->filename; interp: bprm->interp if it
 * differs (scripts), else empty.
 *
 * argv part (ABI 1.1): after filename and interp, zero bytes up to the
 * next multiple of 8 (record offset YALAS_PEXEC_ARGV_OFFSET), then struct
 * yalas_proc_exec_argv and argv_len bytes of argv.  A record that ends at
 * or before that offset (hdr.size) has no argv part (ABI 1.0 modules); a
 * 1.0 reader decodes 1.1 records unchanged by ignoring the bytes after
 * interp.  The argv is the new image's (mm->arg_start..arg_end, written by
 * the kernel during this exec; for a script it is the interpreter's argv,
 * e.g. "/bin/sh", "/path/script", args), read without faulting: it is
 * present even when the strings passed to execve() were in pages the
 * caller had not touched yet (the EXEC record at entry then has
 * YALAS_RF_COPY_FAULT and an empty filename/argv).  Same format and limits
 * as the EXEC record: each string followed by a NUL, at most
 * YALAS_ARGC_MAX elements and YALAS_ARGV_MAX bytes (YALAS_RF_TRUNC_ARGV);
 * a page that could not be read ends the copy (YALAS_RF_COPY_FAULT).
 */
struct yalas_proc_exec {
	__u32 old_pid;
	__u16 filename_len;
	__u16 interp_len;
};

struct yalas_proc_exec_argv {
	__u32 argc;		/* argv elements copied */
	__u32 argc_total;	/* argv elements of the new image (bprm->argc) */
	__u16 argv_len;		/* bytes of argv, NULs included */
	__u16 pad0;
	__u32 pad1;
};

/* Record offset of struct yalas_proc_exec_argv in a PROC_EXEC record. */
#define YALAS_PEXEC_ARGV_OFFSET(filename_len, interp_len)		\
	(sizeof(struct yalas_rec_hdr) + sizeof(struct yalas_proc_exec) +	\
	 (((filename_len) + (interp_len) + 7) & ~7))

/*
 * YALAS_REC_PROC_EXIT: sched_process_exit, once per exiting thread.
 * exit_code: raw wait status (exit status << 8 | signal).  group_dead: 1 if
 * this was the last thread of the thread group.
 */
struct yalas_proc_exit {
	__s32 exit_code;
	__u32 group_dead;
};

/* ------------------------------------------------------------------------
 * Syscall ids and families.  X(NAME, id, family): stable across kernels.
 */
enum yalas_family {
	YALAS_FAM_NONE	= 0,
	YALAS_FAM_FILE	= 1,
	YALAS_FAM_NET	= 2,
	YALAS_FAM_MEM	= 3,
	YALAS_FAM_PROC	= 4,
	YALAS_FAM_PRIV	= 5,
};

#define YALAS_SYSCALLS(X)			\
	X(open,			1,   FILE)	\
	X(openat,		2,   FILE)	\
	X(openat2,		3,   FILE)	\
	X(creat,		4,   FILE)	\
	X(read,			5,   FILE)	\
	X(pread64,		6,   FILE)	\
	X(readv,		7,   FILE)	\
	X(write,		8,   FILE)	\
	X(pwrite64,		9,   FILE)	\
	X(writev,		10,  FILE)	\
	X(pwritev,		11,  FILE)	\
	X(rename,		12,  FILE)	\
	X(renameat,		13,  FILE)	\
	X(renameat2,		14,  FILE)	\
	X(unlink,		15,  FILE)	\
	X(unlinkat,		16,  FILE)	\
	X(link,			17,  FILE)	\
	X(linkat,		18,  FILE)	\
	X(symlink,		19,  FILE)	\
	X(symlinkat,		20,  FILE)	\
	X(mkdir,		21,  FILE)	\
	X(mkdirat,		22,  FILE)	\
	X(rmdir,		23,  FILE)	\
	X(chmod,		24,  FILE)	\
	X(fchmod,		25,  FILE)	\
	X(fchmodat,		26,  FILE)	\
	X(chown,		27,  FILE)	\
	X(lchown,		28,  FILE)	\
	X(fchown,		29,  FILE)	\
	X(fchownat,		30,  FILE)	\
	X(truncate,		31,  FILE)	\
	X(ftruncate,		32,  FILE)	\
	X(close,		33,  FILE)	\
	X(dup,			34,  FILE)	\
	X(dup2,			35,  FILE)	\
	X(dup3,			36,  FILE)	\
	X(preadv,		37,  FILE)	\
	X(preadv2,		38,  FILE)	\
	X(pwritev2,		39,  FILE)	\
	X(socket,		64,  NET)	\
	X(connect,		65,  NET)	\
	X(bind,			66,  NET)	\
	X(listen,		67,  NET)	\
	X(accept,		68,  NET)	\
	X(accept4,		69,  NET)	\
	X(sendto,		70,  NET)	\
	X(sendmsg,		71,  NET)	\
	X(sendmmsg,		72,  NET)	\
	X(recvfrom,		73,  NET)	\
	X(recvmsg,		74,  NET)	\
	X(recvmmsg,		75,  NET)	\
	X(shmget,		96,  MEM)	\
	X(shmat,		97,  MEM)	\
	X(shmdt,		98,  MEM)	\
	X(shmctl,		99,  MEM)	\
	X(mmap,			100, MEM)	\
	X(munmap,		101, MEM)	\
	X(mprotect,		102, MEM)	\
	X(memfd_create,		103, MEM)	\
	X(userfaultfd,		104, MEM)	\
	X(fork,			128, PROC)	\
	X(vfork,		129, PROC)	\
	X(clone,		130, PROC)	\
	X(clone3,		131, PROC)	\
	X(execve,		132, PROC)	\
	X(execveat,		133, PROC)	\
	X(exit,			134, PROC)	\
	X(exit_group,		135, PROC)	\
	X(setuid,		160, PRIV)	\
	X(setgid,		161, PRIV)	\
	X(setreuid,		162, PRIV)	\
	X(setregid,		163, PRIV)	\
	X(setresuid,		164, PRIV)	\
	X(setresgid,		165, PRIV)	\
	X(setfsuid,		166, PRIV)	\
	X(setfsgid,		167, PRIV)	\
	X(capset,		168, PRIV)	\
	X(prctl,		169, PRIV)	\
	X(ptrace,		170, PRIV)	\
	X(process_vm_readv,	171, PRIV)	\
	X(process_vm_writev,	172, PRIV)	\
	X(init_module,		173, PRIV)	\
	X(finit_module,		174, PRIV)	\
	X(delete_module,	175, PRIV)	\
	X(bpf,			176, PRIV)	\
	X(keyctl,		177, PRIV)	\
	X(unshare,		178, PRIV)	\
	X(setns,		179, PRIV)	\
	X(mount,		180, PRIV)	\
	X(umount2,		181, PRIV)	\
	X(kill,			182, PRIV)	\
	X(tkill,		183, PRIV)	\
	X(tgkill,		184, PRIV)	\
	X(chdir,		185, PRIV)	\
	X(fchdir,		186, PRIV)	\
	X(getcwd,		187, PRIV)

#define YALAS_SYS_ENUM_(name, id, fam) YALAS_SYS_##name = id,
enum yalas_sysid {
	YALAS_SYS_NONE = 0,
	YALAS_SYSCALLS(YALAS_SYS_ENUM_)
};
#undef YALAS_SYS_ENUM_

/* Syscall ids are < YALAS_SYS_MAX; the syscall mask is indexed by sysid. */
#define YALAS_SYS_MAX		256
#define YALAS_AT_FDCWD		(-100)

/* ------------------------------------------------------------------------
 * Rings and mmap geometry.
 *
 * One ring per possible CPU (cpu 0 .. nr_cpus-1 from YALAS_IOC_INFO).  The
 * ring of cpu N is mapped with two mmap() calls on /dev/yalas:
 *   control page: offset N * mmap_stride, length page_size,
 *                 PROT_READ|PROT_WRITE, MAP_SHARED;
 *   data area:    offset N * mmap_stride + page_size, length 2 * data_size,
 *                 PROT_READ only, MAP_SHARED (PROT_WRITE is refused).
 * The data pages are mapped twice back to back, so a record that wraps
 * around the end of the ring reads contiguously at data + (tail % data_size).
 *
 * head and tail are free-running byte counters (never masked, never wrap in
 * practice); the bytes in the ring are [tail, head).  Records are never
 * split and never padded at the end of the ring.
 *
 * Protocol and barriers:
 *   producer (kernel, one per CPU, preemption disabled):
 *     t = smp_load_acquire(&ctrl->tail);      // pairs with consumer release
 *     if (h - t > data_size) -> bad tail: drop, count in bad_tail
 *     if (data_size - (h - t) < size) -> drop, count in dropped
 *     write record at data[h % data_size]
 *     smp_store_release(&ctrl->head, h + size);  // publish the record
 *   consumer (user space):
 *     h = __atomic_load_n(&ctrl->head, __ATOMIC_ACQUIRE);
 *     while (t < h) { read record at data[t % data_size]; t += rec->size; }
 *     __atomic_store_n(&ctrl->tail, t, __ATOMIC_RELEASE);  // frees space
 * The producer keeps its own copy of head: a consumer that writes garbage
 * into the control page can only cause drops, never a bad kernel write.
 * attempted/written/dropped are written by the producer only (plain stores
 * before the head release; read them after an acquire load of head).
 * Invariant per ring: attempted == written + dropped (+ bad_tail).
 */
struct yalas_ring_ctrl {
	/* cache line 0: producer */
	__u64 head;
	__u64 pad0[7];
	/* cache line 1: consumer */
	__u64 tail;
	__u64 pad1[7];
	/* cache line 2: ring description and counters (producer) */
	__u32 magic;		/* YALAS_MAGIC */
	__u32 abi_version;	/* YALAS_ABI_VERSION */
	__u32 cpu;
	__u32 pad2;
	__u64 data_size;	/* bytes, power of two */
	__u64 attempted;	/* records attempted (== next seq) */
	__u64 written;		/* records written */
	__u64 dropped;		/* records dropped: ring full */
	__u64 bad_tail;		/* records dropped: tail invalid */
	__u64 high_water;	/* max bytes in use seen by the producer */
};

/* ------------------------------------------------------------------------
 * ioctl surface of /dev/yalas ('Y').  Only one process may have the device
 * open at a time (-EBUSY).  Bad arguments give -EINVAL / -EFAULT and change
 * nothing.
 */
#define YALAS_IOC_MAGIC		'Y'

struct yalas_info {
	__u32 magic;		/* YALAS_MAGIC */
	__u32 abi_version;	/* YALAS_ABI_VERSION */
	__u32 nr_cpus;		/* number of rings = nr_cpu_ids */
	__u32 page_size;
	__u64 data_size;	/* data bytes per ring */
	__u64 mmap_stride;	/* file offset distance between rings */
	__u32 max_record;	/* YALAS_MAX_RECORD */
	__u32 sys_max;		/* YALAS_SYS_MAX */
	__u32 running;		/* 1 after START */
	__u32 snaplen;
};

/* syscall mask: bit (sysid % 64) of word (sysid / 64) set = captured */
struct yalas_sysmask {
	__u64 bits[YALAS_SYS_MAX / 64];
};

/*
 * Filters.  For each kind (pid = thread id, tgid, cgroup id) there is an
 * include list and an exclude list of up to YALAS_FILTER_MAX values.  A
 * record passes if, for every kind, its value is not in the exclude list
 * and the include list is empty or contains it.  Fork events pass if either
 * the parent or the child passes.
 */
#define YALAS_FILTER_MAX	16
enum yalas_filter_kind {
	YALAS_FILTER_PID	= 0,
	YALAS_FILTER_TGID	= 1,
	YALAS_FILTER_CGROUP	= 2,
	YALAS_FILTER_KINDS	= 3,
};
enum yalas_filter_opcode {
	YALAS_FOP_ADD		= 1,
	YALAS_FOP_DEL		= 2,	/* -ENOENT if absent */
	YALAS_FOP_CLEAR		= 3,	/* clears the one list, value ignored */
	YALAS_FOP_CLEAR_ALL	= 4,	/* clears all lists */
};
#define YALAS_FILTER_INCLUDE	0
#define YALAS_FILTER_EXCLUDE	1
struct yalas_filter_op {
	__u32 op;		/* enum yalas_filter_opcode */
	__u32 kind;		/* enum yalas_filter_kind */
	__u32 mode;		/* YALAS_FILTER_INCLUDE / EXCLUDE */
	__u32 pad;		/* must be 0 */
	__u64 value;
};

/*
 * Statistics: sums over all CPUs, since the device was opened (or since
 * YALAS_IOC_RESET_STATS).
 */
struct yalas_stats {
	/* sys_enter probe hits: all syscalls (1.1: only the entry-recorded
	 * execve, execveat, exit, exit_group)
	 */
	__u64 probe_sys_enter;
	__u64 probe_sys_exit;	/* sys_exit probe hits (all syscalls) */
	__u64 probe_fork;
	__u64 probe_exec;
	__u64 probe_exit;
	__u64 filtered;		/* events dropped by pid/tgid/cgroup filters */
	__u64 attempted;	/* records attempted */
	__u64 written;		/* records written */
	__u64 bytes;		/* bytes written */
	__u64 dropped_full;	/* drops: ring full */
	__u64 dropped_bad_tail;	/* drops: consumer tail invalid */
	__u64 copy_faults;	/* user copies that failed */
	__u64 truncated;	/* records with a YALAS_RF_TRUNC_* flag */
	__u64 wakeups;		/* consumer wake-ups queued */
	__u64 high_water;	/* max fill in bytes of any ring */
	__u64 pad;
	__u64 per_sys[YALAS_SYS_MAX];	/* records attempted per sysid */
};

#define YALAS_IOC_INFO		_IOR(YALAS_IOC_MAGIC, 1, struct yalas_info)
#define YALAS_IOC_START		_IO(YALAS_IOC_MAGIC, 2)
#define YALAS_IOC_STOP		_IO(YALAS_IOC_MAGIC, 3)
#define YALAS_IOC_SET_SYSMASK	_IOW(YALAS_IOC_MAGIC, 4, struct yalas_sysmask)
#define YALAS_IOC_GET_SYSMASK	_IOR(YALAS_IOC_MAGIC, 5, struct yalas_sysmask)
#define YALAS_IOC_FILTER	_IOW(YALAS_IOC_MAGIC, 6, struct yalas_filter_op)
#define YALAS_IOC_SET_SNAPLEN	_IOW(YALAS_IOC_MAGIC, 7, __u32)
#define YALAS_IOC_GET_STATS	_IOR(YALAS_IOC_MAGIC, 8, struct yalas_stats)
#define YALAS_IOC_RESET_STATS	_IO(YALAS_IOC_MAGIC, 9)

/* ------------------------------------------------------------------------
 * Capture file (written by tools/yalas-capture, read by the Java decoder):
 *   struct yalas_capture_hdr (hdr_size bytes, 256 in version 1)
 *   records, back to back, exactly as in the ring (each hdr.size bytes,
 *   8-byte aligned), per-CPU batches: ordered by seq within one cpu, not
 *   globally by time;
 *   end of file = end of records (a truncated last record must be ignored).
 * Wall-clock time of a record: ts_ns - boot_ns + realtime_ns.
 */
#define YALAS_CAPTURE_MAGIC	0x43534c59	/* "YLSC" little-endian */
#define YALAS_CAPTURE_VERSION	1

/*
 * Capture header flags (yalas_capture_hdr.flags).
 * YALAS_CAPF_SYSMASK: sysmask holds the syscall mask the module used for
 *   the whole capture (read back with YALAS_IOC_GET_SYSMASK before START).
 *   Clear (files of older tools): the mask is unknown; readers assume every
 *   syscall was watched, the module's default.
 */
#define YALAS_CAPF_SYSMASK	0x00000001

struct yalas_capture_hdr {
	__u32 magic;		/* YALAS_CAPTURE_MAGIC */
	__u16 version;		/* YALAS_CAPTURE_VERSION */
	__u16 hdr_size;		/* sizeof(struct yalas_capture_hdr) = 256 */
	__u32 abi_version;	/* YALAS_ABI_VERSION of the records */
	__u32 nr_cpus;
	__u64 boot_ns;		/* CLOCK_BOOTTIME at capture start */
	__u64 realtime_ns;	/* CLOCK_REALTIME at the same instant */
	__u64 data_size;	/* ring data size per cpu */
	__u32 snaplen;
	__u32 flags;		/* YALAS_CAPF_* */
	char hostname[64];	/* NUL padded */
	char kernel[64];	/* uname -r, NUL padded */
	struct yalas_sysmask sysmask;	/* watched syscalls if YALAS_CAPF_SYSMASK */
	__u8 reserved[48];	/* 0 */
};

#endif /* _YALAS_ABI_H */
