/* SPDX-License-Identifier: GPL-2.0 */
/*
 * yalas.h - internal declarations of the YALAS sensor module.
 */
#ifndef _YALAS_H
#define _YALAS_H

#include <linux/types.h>
#include <linux/bitmap.h>
#include <linux/irq_work.h>
#include <linux/rcupdate.h>
#include <linux/wait.h>
#include "yalas_abi.h"

/* kernel syscall numbers handled: all x86_64 numbers are below this */
#define YALAS_NR_TAB	512

/* Live configuration, replaced as a whole under RCU (readers: probes). */
struct yalas_cfg {
	u8 nr_on[YALAS_NR_TAB];		/* kernel nr -> captured */
	DECLARE_BITMAP(mask, YALAS_SYS_MAX);
	u32 nfilt[YALAS_FILTER_KINDS][2];
	u64 filt[YALAS_FILTER_KINDS][2][YALAS_FILTER_MAX];
	bool any_filter;
	u32 snaplen;
	struct rcu_head rcu;
};

/* Per-CPU counters; summed for the stats ioctl and /proc/yalas. */
struct yalas_pcpu_stats {
	u64 probe_sys_enter;
	u64 probe_sys_exit;
	u64 probe_fork;
	u64 probe_exec;
	u64 probe_exit;
	u64 filtered;
	u64 bytes;
	u64 copy_faults;
	u64 truncated;
	u64 wakeups;
	u64 per_sys[YALAS_SYS_MAX];
};

struct yalas_ring {
	void *buf;			/* vmalloc_user: ctrl page + data */
	void *area;			/* vmap: ctrl page + data + data again */
	struct page **pages;
	struct yalas_ring_ctrl *ctrl;	/* == area */
	char *data;			/* area + PAGE_SIZE, 2 * data_size */
	char *scratch;			/* fallback build buffer */
	char *rec;			/* record under construction */
	bool in_place;			/* rec points into the ring */
	u64 lat_stamp;			/* entry stamp of the syscall being recorded, 0 = none */
	u64 head;			/* producer's private head */
	u64 seq;			/* attempted records */
	u64 written;
	u64 dropped;
	u64 bad_tail;
	u64 high_water;
	struct irq_work wake_work;
	struct yalas_pcpu_stats st;
	unsigned int cpu;
};

extern struct yalas_ring **yalas_rings;
extern u64 yalas_data_size;
extern struct yalas_cfg __rcu *yalas_cfg;
extern wait_queue_head_t yalas_wq;
extern atomic_t yalas_poll_waiting;
extern const u16 yalas_nr2sys[YALAS_NR_TAB];
extern const u8 yalas_sys2fam[YALAS_SYS_MAX];

/* yalas_probe.c */
int yalas_probes_attach(void);
void yalas_probes_detach(void);

/* yalas_ring.c */
void yalas_ring_begin(struct yalas_ring *r, u32 bound);
void yalas_ring_commit(struct yalas_ring *r, u32 len);

#endif /* _YALAS_H */
