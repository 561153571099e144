/* SPDX-License-Identifier: GPL-2.0 */
/*
 * yalas-user.h - minimal user-space consumer of /dev/yalas (header only,
 * shared by yalas-capture and the guest test suite).
 */
#ifndef YALAS_USER_H
#define YALAS_USER_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include "yalas_abi.h"

struct yu_ring {
	struct yalas_ring_ctrl *ctrl;
	const char *data;
	uint64_t tail;		/* consumer's own copy */
};

struct yu {
	int fd;
	struct yalas_info info;
	struct yu_ring *ring;
	uint64_t corrupt;	/* records that failed validation */
};

typedef int (*yu_cb)(void *ctx, const struct yalas_rec_hdr *h);

static inline void yu_close(struct yu *u)
{
	uint32_t i;

	if (u->ring) {
		for (i = 0; i < u->info.nr_cpus; i++) {
			if (u->ring[i].ctrl)
				munmap(u->ring[i].ctrl, u->info.page_size);
			if (u->ring[i].data)
				munmap((void *)u->ring[i].data,
				       2 * u->info.data_size);
		}
		free(u->ring);
		u->ring = NULL;
	}
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
}

/* Open the device and map every ring; -errno on failure. */
static inline int yu_open(struct yu *u)
{
	uint32_t i;

	memset(u, 0, sizeof(*u));
	u->fd = open(YALAS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (u->fd < 0)
		return -errno;
	if (ioctl(u->fd, YALAS_IOC_INFO, &u->info) < 0)
		goto fail;
	if (u->info.magic != YALAS_MAGIC ||
	    (u->info.abi_version >> 16) != YALAS_ABI_VERSION_MAJOR) {
		errno = EPROTO;
		goto fail;
	}
	u->ring = calloc(u->info.nr_cpus, sizeof(*u->ring));
	if (!u->ring)
		goto fail;
	for (i = 0; i < u->info.nr_cpus; i++) {
		off_t off = (off_t)i * u->info.mmap_stride;
		void *c, *d;

		c = mmap(NULL, u->info.page_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, u->fd, off);
		if (c == MAP_FAILED)
			continue;	/* not a possible cpu */
		d = mmap(NULL, 2 * u->info.data_size, PROT_READ, MAP_SHARED,
			 u->fd, off + u->info.page_size);
		if (d == MAP_FAILED) {
			munmap(c, u->info.page_size);
			goto fail;
		}
		u->ring[i].ctrl = c;
		u->ring[i].data = d;
		u->ring[i].tail = __atomic_load_n(&u->ring[i].ctrl->tail,
						  __ATOMIC_ACQUIRE);
	}
	return 0;
fail:
	i = errno;
	yu_close(u);
	return -(int)i;
}

static inline int yu_valid(const struct yu *u, const struct yalas_rec_hdr *h,
			   uint64_t avail)
{
	return h->size >= sizeof(*h) && h->size % YALAS_RECORD_ALIGN == 0 &&
	       h->size <= u->info.max_record && h->size <= avail;
}

/*
 * Drain one ring: call cb for every record (stop early if cb returns
 * non-zero), then release the space.  Returns the number of records.
 */
static inline uint64_t yu_drain_ring(struct yu *u, uint32_t cpu, yu_cb cb,
				     void *ctx)
{
	struct yu_ring *r = &u->ring[cpu];
	uint64_t head, n = 0;

	if (!r->ctrl)
		return 0;
	head = __atomic_load_n(&r->ctrl->head, __ATOMIC_ACQUIRE);
	while (r->tail < head) {
		const struct yalas_rec_hdr *h = (const void *)
			(r->data + (r->tail & (u->info.data_size - 1)));

		if (!yu_valid(u, h, head - r->tail)) {
			u->corrupt++;
			r->tail = head;		/* resynchronise */
			break;
		}
		n++;
		r->tail += h->size;
		if (cb && cb(ctx, h))
			break;
	}
	__atomic_store_n(&r->ctrl->tail, r->tail, __ATOMIC_RELEASE);
	return n;
}

static inline uint64_t yu_drain(struct yu *u, yu_cb cb, void *ctx)
{
	uint64_t n = 0;
	uint32_t i;

	for (i = 0; i < u->info.nr_cpus; i++)
		n += yu_drain_ring(u, i, cb, ctx);
	return n;
}

/* Sleep until some ring has data (or timeout_ms); 1 if woken by data. */
static inline int yu_wait(struct yu *u, int timeout_ms)
{
	struct pollfd p = { .fd = u->fd, .events = POLLIN };

	return poll(&p, 1, timeout_ms) > 0;
}

static inline int yu_filter(struct yu *u, uint32_t op, uint32_t kind,
			    uint32_t mode, uint64_t value)
{
	struct yalas_filter_op f = {
		.op = op, .kind = kind, .mode = mode, .value = value,
	};

	return ioctl(u->fd, YALAS_IOC_FILTER, &f) < 0 ? -errno : 0;
}

static inline void yu_print_stats(FILE *out, const struct yalas_stats *s)
{
	fprintf(out, "probe.sys_enter %llu\n", (unsigned long long)s->probe_sys_enter);
	fprintf(out, "probe.sys_exit %llu\n", (unsigned long long)s->probe_sys_exit);
	fprintf(out, "probe.sched_process_fork %llu\n", (unsigned long long)s->probe_fork);
	fprintf(out, "probe.sched_process_exec %llu\n", (unsigned long long)s->probe_exec);
	fprintf(out, "probe.sched_process_exit %llu\n", (unsigned long long)s->probe_exit);
	fprintf(out, "filtered %llu\n", (unsigned long long)s->filtered);
	fprintf(out, "records.attempted %llu\n", (unsigned long long)s->attempted);
	fprintf(out, "records.written %llu\n", (unsigned long long)s->written);
	fprintf(out, "bytes.written %llu\n", (unsigned long long)s->bytes);
	fprintf(out, "drops.ring_full %llu\n", (unsigned long long)s->dropped_full);
	fprintf(out, "drops.bad_tail %llu\n", (unsigned long long)s->dropped_bad_tail);
	fprintf(out, "copy_faults %llu\n", (unsigned long long)s->copy_faults);
	fprintf(out, "records.truncated %llu\n", (unsigned long long)s->truncated);
	fprintf(out, "wakeups %llu\n", (unsigned long long)s->wakeups);
	fprintf(out, "ring.high_water %llu\n", (unsigned long long)s->high_water);
}

#endif /* YALAS_USER_H */
