// SPDX-License-Identifier: GPL-2.0
/*
 * abi-layout: print the layout of yalas_abi.h in a machine-readable form.
 *
 *   struct <name> size <bytes>
 *   field <struct>.<field> <offset> <size>
 *   const <NAME> <value>
 *
 * All numbers are decimal.  Built with the host compiler, no kernel headers.
 */
#include <stdio.h>
#include <stddef.h>
#include "yalas_abi.h"

#define S(s) printf("struct %s size %zu\n", #s, sizeof(struct s))
#define F(s, f) printf("field %s.%s %zu %zu\n", #s, #f, \
		       offsetof(struct s, f), sizeof(((struct s *)0)->f))
#define C(c) printf("const %s %lld\n", #c, (long long)(c))
#define SYSC(name, id, fam) \
	printf("const YALAS_SYS_%s %d\n", #name, id); \
	printf("const YALAS_SYSFAM_%s %d\n", #name, YALAS_FAM_##fam);

int main(void)
{
	S(yalas_rec_hdr);
	F(yalas_rec_hdr, type);
	F(yalas_rec_hdr, flags);
	F(yalas_rec_hdr, size);
	F(yalas_rec_hdr, ts_ns);
	F(yalas_rec_hdr, seq);
	F(yalas_rec_hdr, cpu);
	F(yalas_rec_hdr, tgid);
	F(yalas_rec_hdr, tid);
	F(yalas_rec_hdr, ppid);
	F(yalas_rec_hdr, uid);
	F(yalas_rec_hdr, gid);
	F(yalas_rec_hdr, euid);
	F(yalas_rec_hdr, egid);
	F(yalas_rec_hdr, cgroup_id);
	F(yalas_rec_hdr, mntns_id);
	F(yalas_rec_hdr, comm);

	S(yalas_sys);
	F(yalas_sys, ret);
	F(yalas_sys, args);
	F(yalas_sys, nr);
	F(yalas_sys, sysid);
	F(yalas_sys, family);

	S(yalas_latency);
	F(yalas_latency, ns);

	S(yalas_file);
	F(yalas_file, dirfd);
	F(yalas_file, dirfd2);
	F(yalas_file, flags);
	F(yalas_file, mode);
	F(yalas_file, uid);
	F(yalas_file, gid);
	F(yalas_file, length);
	F(yalas_file, path_len);
	F(yalas_file, path2_len);
	F(yalas_file, pad);

	S(yalas_io);
	F(yalas_io, fd);
	F(yalas_io, fd_type);
	F(yalas_io, io_flags);
	F(yalas_io, count);
	F(yalas_io, offset);
	F(yalas_io, data_len);
	F(yalas_io, pad);

	S(yalas_net);
	F(yalas_net, fd);
	F(yalas_net, addr_len);
	F(yalas_net, family);
	F(yalas_net, port);
	F(yalas_net, flowinfo);
	F(yalas_net, scope_id);
	F(yalas_net, msg_flags);
	F(yalas_net, addr);
	F(yalas_net, count);
	F(yalas_net, unix_path_len);
	F(yalas_net, pad0);
	F(yalas_net, pad1);

	S(yalas_exec);
	F(yalas_exec, dirfd);
	F(yalas_exec, flags);
	F(yalas_exec, argc);
	F(yalas_exec, filename_len);
	F(yalas_exec, argv_len);

	S(yalas_proc_fork);
	F(yalas_proc_fork, parent_tgid);
	F(yalas_proc_fork, parent_pid);
	F(yalas_proc_fork, child_tgid);
	F(yalas_proc_fork, child_pid);

	S(yalas_proc_exec);
	F(yalas_proc_exec, old_pid);
	F(yalas_proc_exec, filename_len);
	F(yalas_proc_exec, interp_len);

	S(yalas_proc_exec_argv);
	F(yalas_proc_exec_argv, argc);
	F(yalas_proc_exec_argv, argc_total);
	F(yalas_proc_exec_argv, argv_len);
	F(yalas_proc_exec_argv, pad0);
	F(yalas_proc_exec_argv, pad1);

	S(yalas_proc_exit);
	F(yalas_proc_exit, exit_code);
	F(yalas_proc_exit, group_dead);

	S(yalas_ring_ctrl);
	F(yalas_ring_ctrl, head);
	F(yalas_ring_ctrl, tail);
	F(yalas_ring_ctrl, magic);
	F(yalas_ring_ctrl, abi_version);
	F(yalas_ring_ctrl, cpu);
	F(yalas_ring_ctrl, data_size);
	F(yalas_ring_ctrl, attempted);
	F(yalas_ring_ctrl, written);
	F(yalas_ring_ctrl, dropped);
	F(yalas_ring_ctrl, bad_tail);
	F(yalas_ring_ctrl, high_water);

	S(yalas_info);
	F(yalas_info, magic);
	F(yalas_info, abi_version);
	F(yalas_info, nr_cpus);
	F(yalas_info, page_size);
	F(yalas_info, data_size);
	F(yalas_info, mmap_stride);
	F(yalas_info, max_record);
	F(yalas_info, sys_max);
	F(yalas_info, running);
	F(yalas_info, snaplen);

	S(yalas_sysmask);
	F(yalas_sysmask, bits);

	S(yalas_filter_op);
	F(yalas_filter_op, op);
	F(yalas_filter_op, kind);
	F(yalas_filter_op, mode);
	F(yalas_filter_op, pad);
	F(yalas_filter_op, value);

	S(yalas_stats);
	F(yalas_stats, probe_sys_enter);
	F(yalas_stats, probe_sys_exit);
	F(yalas_stats, probe_fork);
	F(yalas_stats, probe_exec);
	F(yalas_stats, probe_exit);
	F(yalas_stats, filtered);
	F(yalas_stats, attempted);
	F(yalas_stats, written);
	F(yalas_stats, bytes);
	F(yalas_stats, dropped_full);
	F(yalas_stats, dropped_bad_tail);
	F(yalas_stats, copy_faults);
	F(yalas_stats, truncated);
	F(yalas_stats, wakeups);
	F(yalas_stats, high_water);
	F(yalas_stats, per_sys);

	S(yalas_capture_hdr);
	F(yalas_capture_hdr, magic);
	F(yalas_capture_hdr, version);
	F(yalas_capture_hdr, hdr_size);
	F(yalas_capture_hdr, abi_version);
	F(yalas_capture_hdr, nr_cpus);
	F(yalas_capture_hdr, boot_ns);
	F(yalas_capture_hdr, realtime_ns);
	F(yalas_capture_hdr, data_size);
	F(yalas_capture_hdr, snaplen);
	F(yalas_capture_hdr, flags);
	F(yalas_capture_hdr, hostname);
	F(yalas_capture_hdr, kernel);
	F(yalas_capture_hdr, sysmask);
	F(yalas_capture_hdr, reserved);

	C(YALAS_ABI_VERSION_MAJOR);
	C(YALAS_ABI_VERSION_MINOR);
	C(YALAS_ABI_VERSION);
	C(YALAS_MAGIC);
	C(YALAS_PATH_MAX);
	C(YALAS_ARGV_MAX);
	C(YALAS_ARGC_MAX);
	C(YALAS_SNAPLEN_MAX);
	C(YALAS_SNAPLEN_DEFAULT);
	C(YALAS_MAX_RECORD);
	C(YALAS_RECORD_ALIGN);
	C(YALAS_REC_SYSCALL);
	C(YALAS_REC_FILE);
	C(YALAS_REC_IO);
	C(YALAS_REC_NET);
	C(YALAS_REC_EXEC);
	C(YALAS_REC_PROC_FORK);
	C(YALAS_REC_PROC_EXEC);
	C(YALAS_REC_PROC_EXIT);
	C(YALAS_RF_TRUNC_PATH);
	C(YALAS_RF_TRUNC_PATH2);
	C(YALAS_RF_TRUNC_DATA);
	C(YALAS_RF_TRUNC_ARGV);
	C(YALAS_RF_COPY_FAULT);
	C(YALAS_RF_ENTER);
	C(YALAS_RF_ARGS_CLOBBERED);
	C(YALAS_RF_LATENCY);
	C(YALAS_FD_UNKNOWN);
	C(YALAS_FD_FIFO);
	C(YALAS_FD_CHR);
	C(YALAS_FD_DIR);
	C(YALAS_FD_BLK);
	C(YALAS_FD_REG);
	C(YALAS_FD_LNK);
	C(YALAS_FD_SOCK);
	C(YALAS_IO_TTY);
	C(YALAS_IO_VECTORED);
	C(YALAS_IO_BADFD);
	C(YALAS_IOV_MAX);
	C(YALAS_AF_UNIX);
	C(YALAS_AF_INET);
	C(YALAS_AF_INET6);
	C(YALAS_FAM_NONE);
	C(YALAS_FAM_FILE);
	C(YALAS_FAM_NET);
	C(YALAS_FAM_MEM);
	C(YALAS_FAM_PROC);
	C(YALAS_FAM_PRIV);
	C(YALAS_SYS_NONE);
	YALAS_SYSCALLS(SYSC)
	C(YALAS_SYS_MAX);
	C(YALAS_AT_FDCWD);
	C(YALAS_FILTER_MAX);
	C(YALAS_FILTER_PID);
	C(YALAS_FILTER_TGID);
	C(YALAS_FILTER_CGROUP);
	C(YALAS_FILTER_KINDS);
	C(YALAS_FOP_ADD);
	C(YALAS_FOP_DEL);
	C(YALAS_FOP_CLEAR);
	C(YALAS_FOP_CLEAR_ALL);
	C(YALAS_FILTER_INCLUDE);
	C(YALAS_FILTER_EXCLUDE);
	C(YALAS_IOC_MAGIC);
	C(YALAS_IOC_INFO);
	C(YALAS_IOC_START);
	C(YALAS_IOC_STOP);
	C(YALAS_IOC_SET_SYSMASK);
	C(YALAS_IOC_GET_SYSMASK);
	C(YALAS_IOC_FILTER);
	C(YALAS_IOC_SET_SNAPLEN);
	C(YALAS_IOC_GET_STATS);
	C(YALAS_IOC_RESET_STATS);
	C(YALAS_CAPTURE_MAGIC);
	C(YALAS_CAPTURE_VERSION);
	C(YALAS_CAPF_SYSMASK);
	return 0;
}
