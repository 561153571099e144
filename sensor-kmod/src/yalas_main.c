// SPDX-License-Identifier: GPL-2.0
/*
 * yalas_main.c - YALAS sensor: rings, /dev/yalas (mmap, ioctl, poll),
 * configuration, statistics (/proc/yalas) and module life cycle.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/poll.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/mutex.h>
#include <linux/log2.h>
#include <linux/version.h>
#include "yalas.h"

static unsigned int ring_kb = 1024;
module_param(ring_kb, uint, 0444);
MODULE_PARM_DESC(ring_kb, "data size of each per-CPU ring in KiB (16..65536, rounded up to a power of two)");

static unsigned int wakeup_kb;
module_param(wakeup_kb, uint, 0444);
MODULE_PARM_DESC(wakeup_kb, "wake a sleeping consumer when a ring holds this many KiB (default: 1/8 of the ring)");

static u64 yalas_wake_bytes;
struct yalas_ring **yalas_rings;
u64 yalas_data_size;
struct yalas_cfg __rcu *yalas_cfg;
DECLARE_WAIT_QUEUE_HEAD(yalas_wq);
atomic_t yalas_poll_waiting = ATOMIC_INIT(0);

static DEFINE_MUTEX(yalas_lock);	/* open state, start/stop, config */
static bool yalas_open_busy;
static bool yalas_running;

/* ------------------------------------------------------------------ rings */

/*
 * The probes run with preemption disabled, on the ring of the current CPU:
 * the only producer of that ring.  yalas_ring_begin() chooses where the
 * record is built: directly in the ring's free space when at least bound
 * bytes (the largest size this record can reach) are free, else in the
 * per-CPU scratch buffer (then copied, or dropped, at commit).  The free
 * space beyond head is never read by the consumer, and the acquire load of
 * tail orders our writes after the consumer's reads of that space.
 */
void yalas_ring_begin(struct yalas_ring *r, u32 bound)
{
	/* pairs with the consumer's release store of tail */
	u64 tail = smp_load_acquire(&r->ctrl->tail);
	u64 used = r->head - tail;

	if (likely(used <= yalas_data_size &&
		   yalas_data_size - used >= bound)) {
		r->rec = r->data + (r->head & (yalas_data_size - 1));
		r->in_place = true;
	} else {
		r->rec = r->scratch;
		r->in_place = false;
	}
}

void yalas_ring_commit(struct yalas_ring *r, u32 len)
{
	struct yalas_rec_hdr *h = (struct yalas_rec_hdr *)r->rec;
	struct yalas_ring_ctrl *ctrl = r->ctrl;
	u32 size = ALIGN(len, YALAS_RECORD_ALIGN);
	u64 tail, used;

	memset(r->rec + len, 0, size - len);
	h->size = size;
	h->seq = r->seq++;
	WRITE_ONCE(ctrl->attempted, r->seq);
	if (likely(r->in_place)) {
		used = r->head + size - READ_ONCE(ctrl->tail);
		goto publish;
	}

	/* pairs with the consumer's release store of tail */
	tail = smp_load_acquire(&ctrl->tail);
	used = r->head - tail;
	if (unlikely(used > yalas_data_size)) {
		/* consumer wrote a tail that is ahead of head or too old */
		r->bad_tail++;
		WRITE_ONCE(ctrl->bad_tail, r->bad_tail);
		return;
	}
	if (unlikely(yalas_data_size - used < size)) {
		r->dropped++;
		WRITE_ONCE(ctrl->dropped, r->dropped);
		return;
	}
	/* data is mapped twice: the record never needs to be split */
	memcpy(r->data + (r->head & (yalas_data_size - 1)), r->scratch, size);
	used += size;
publish:
	r->head += size;
	if (used > r->high_water && used <= yalas_data_size) {
		r->high_water = used;
		WRITE_ONCE(ctrl->high_water, used);
	}
	r->written++;
	r->st.bytes += size;
	WRITE_ONCE(ctrl->written, r->written);
	/* publish the record: pairs with the consumer's acquire load of head */
	smp_store_release(&ctrl->head, r->head);

	/*
	 * Wake a sleeping consumer.  The full barrier orders the head store
	 * before the read of poll_waiting; yalas_poll() sets poll_waiting and
	 * then reads head (also with a full barrier in between), so one of
	 * the two sides always sees the other.  The wake-up itself runs from
	 * irq_work, never from the probe.  To avoid a wake-up per record, the
	 * consumer is only woken once the ring holds yalas_wake_bytes; below
	 * that it finds the data at its next poll timeout (yalas-capture and
	 * the tests poll with a timeout of 20-50 ms).
	 */
	if (used < yalas_wake_bytes)
		return;
	/* order the head store before reading poll_waiting (see yalas_poll) */
	smp_mb();
	if (atomic_read(&yalas_poll_waiting) &&
	    atomic_xchg(&yalas_poll_waiting, 0)) {
		r->st.wakeups++;
		irq_work_queue(&r->wake_work);
	}
}

static void yalas_wake(struct irq_work *w)
{
	wake_up_interruptible(&yalas_wq);
}

static void ring_reset(struct yalas_ring *r)
{
	struct yalas_ring_ctrl *c = r->ctrl;

	memset(c, 0, PAGE_SIZE);
	c->magic = YALAS_MAGIC;
	c->abi_version = YALAS_ABI_VERSION;
	c->cpu = r->cpu;
	c->data_size = yalas_data_size;
	r->head = 0;
	r->seq = 0;
	r->written = 0;
	r->dropped = 0;
	r->bad_tail = 0;
	r->high_water = 0;
}

static void ring_free(struct yalas_ring *r)
{
	if (!r)
		return;
	irq_work_sync(&r->wake_work);
	if (r->area)
		vunmap(r->area);
	kvfree(r->pages);
	vfree(r->buf);
	kfree(r->scratch);
	kfree(r);
}

static struct yalas_ring *ring_alloc(unsigned int cpu)
{
	unsigned long n = yalas_data_size >> PAGE_SHIFT, i;
	struct yalas_ring *r;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return NULL;
	r->cpu = cpu;
	init_irq_work(&r->wake_work, yalas_wake);
	r->scratch = kmalloc(YALAS_MAX_RECORD + YALAS_RECORD_ALIGN, GFP_KERNEL);
	/* control page followed by the data pages, zeroed, user-mappable */
	r->buf = vmalloc_user(PAGE_SIZE + yalas_data_size);
	r->pages = kvmalloc_array(1 + 2 * n, sizeof(*r->pages), GFP_KERNEL);
	if (!r->scratch || !r->buf || !r->pages)
		goto fail;
	r->pages[0] = vmalloc_to_page(r->buf);
	for (i = 0; i < n; i++) {
		struct page *p = vmalloc_to_page(r->buf + PAGE_SIZE +
						 i * PAGE_SIZE);

		r->pages[1 + i] = p;
		r->pages[1 + n + i] = p;
	}
	/* a second kernel view with the data pages twice, back to back */
	r->area = vmap(r->pages, 1 + 2 * n, VM_MAP | VM_USERMAP, PAGE_KERNEL);
	if (!r->area)
		goto fail;
	r->ctrl = r->area;
	r->data = r->area + PAGE_SIZE;
	ring_reset(r);
	return r;
fail:
	ring_free(r);
	return NULL;
}

/* ------------------------------------------------------------ configuration */

static void cfg_rebuild(struct yalas_cfg *c)
{
	int nr, k;

	for (nr = 0; nr < YALAS_NR_TAB; nr++) {
		u16 s = yalas_nr2sys[nr];

		c->nr_on[nr] = s && test_bit(s, c->mask);
	}
	c->any_filter = false;
	for (k = 0; k < YALAS_FILTER_KINDS; k++)
		if (c->nfilt[k][0] || c->nfilt[k][1])
			c->any_filter = true;
}

static void cfg_default_mask(unsigned long *mask)
{
	int nr;

	bitmap_zero(mask, YALAS_SYS_MAX);
	for (nr = 0; nr < YALAS_NR_TAB; nr++)
		if (yalas_nr2sys[nr])
			set_bit(yalas_nr2sys[nr], mask);
}

static struct yalas_cfg *cfg_new_default(void)
{
	struct yalas_cfg *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	cfg_default_mask(c->mask);
	c->snaplen = YALAS_SNAPLEN_DEFAULT;
	cfg_rebuild(c);
	return c;
}

static struct yalas_cfg *cfg_cur(void)
{
	return rcu_dereference_protected(yalas_cfg,
					 lockdep_is_held(&yalas_lock));
}

static void cfg_publish(struct yalas_cfg *c)
{
	struct yalas_cfg *old = cfg_cur();

	cfg_rebuild(c);
	rcu_assign_pointer(yalas_cfg, c);
	kfree_rcu(old, rcu);
}

static struct yalas_cfg *cfg_copy(void)
{
	return kmemdup(cfg_cur(), sizeof(struct yalas_cfg), GFP_KERNEL);
}

static int do_filter(const struct yalas_filter_op *op)
{
	struct yalas_cfg *c;
	u32 *n, i;
	u64 *v;

	if (op->pad || op->kind >= YALAS_FILTER_KINDS ||
	    op->mode > YALAS_FILTER_EXCLUDE ||
	    op->op < YALAS_FOP_ADD || op->op > YALAS_FOP_CLEAR_ALL)
		return -EINVAL;
	c = cfg_copy();
	if (!c)
		return -ENOMEM;
	n = &c->nfilt[op->kind][op->mode];
	v = c->filt[op->kind][op->mode];
	switch (op->op) {
	case YALAS_FOP_ADD:
		for (i = 0; i < *n; i++)
			if (v[i] == op->value)
				goto publish;
		if (*n >= YALAS_FILTER_MAX) {
			kfree(c);
			return -ENOSPC;
		}
		v[(*n)++] = op->value;
		break;
	case YALAS_FOP_DEL:
		for (i = 0; i < *n; i++)
			if (v[i] == op->value)
				break;
		if (i == *n) {
			kfree(c);
			return -ENOENT;
		}
		v[i] = v[--(*n)];
		break;
	case YALAS_FOP_CLEAR:
		*n = 0;
		break;
	case YALAS_FOP_CLEAR_ALL:
		memset(c->nfilt, 0, sizeof(c->nfilt));
		break;
	}
publish:
	cfg_publish(c);
	return 0;
}

static int do_set_mask(const struct yalas_sysmask *m)
{
	DECLARE_BITMAP(valid, YALAS_SYS_MAX);
	struct yalas_cfg *c;
	int i;

	cfg_default_mask(valid);
	for (i = 0; i < YALAS_SYS_MAX; i++)
		if (((m->bits[i / 64] >> (i % 64)) & 1) && !test_bit(i, valid))
			return -EINVAL;	/* unknown syscall id */
	c = cfg_copy();
	if (!c)
		return -ENOMEM;
	bitmap_zero(c->mask, YALAS_SYS_MAX);
	for (i = 0; i < YALAS_SYS_MAX; i++)
		if ((m->bits[i / 64] >> (i % 64)) & 1)
			set_bit(i, c->mask);
	cfg_publish(c);
	return 0;
}

/* ------------------------------------------------------------- statistics */

static void stats_sum(struct yalas_stats *s)
{
	unsigned int cpu, i;

	memset(s, 0, sizeof(*s));
	for_each_possible_cpu(cpu) {
		struct yalas_ring *r = yalas_rings[cpu];
		const struct yalas_pcpu_stats *p;

		if (!r)
			continue;
		p = &r->st;
		s->probe_sys_enter += READ_ONCE(p->probe_sys_enter);
		s->probe_sys_exit += READ_ONCE(p->probe_sys_exit);
		s->probe_fork += READ_ONCE(p->probe_fork);
		s->probe_exec += READ_ONCE(p->probe_exec);
		s->probe_exit += READ_ONCE(p->probe_exit);
		s->filtered += READ_ONCE(p->filtered);
		s->bytes += READ_ONCE(p->bytes);
		s->copy_faults += READ_ONCE(p->copy_faults);
		s->truncated += READ_ONCE(p->truncated);
		s->wakeups += READ_ONCE(p->wakeups);
		s->attempted += READ_ONCE(r->seq);
		s->written += READ_ONCE(r->written);
		s->dropped_full += READ_ONCE(r->dropped);
		s->dropped_bad_tail += READ_ONCE(r->bad_tail);
		s->high_water = max_t(u64, s->high_water,
				      READ_ONCE(r->high_water));
		for (i = 0; i < YALAS_SYS_MAX; i++)
			s->per_sys[i] += READ_ONCE(p->per_sys[i]);
	}
}

/* Only while stopped: probes write these counters without atomics. */
static void stats_reset(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		if (yalas_rings[cpu])
			memset(&yalas_rings[cpu]->st, 0,
			       sizeof(yalas_rings[cpu]->st));
}

#define SYSNAME(name, id, fam)	[id] = #name,
static const char *const yalas_sysnames[YALAS_SYS_MAX] = {
	YALAS_SYSCALLS(SYSNAME)
};

static int yalas_proc_show(struct seq_file *m, void *v)
{
	struct yalas_stats *s = kmalloc(sizeof(*s), GFP_KERNEL);
	int i;

	if (!s)
		return -ENOMEM;
	stats_sum(s);
	seq_printf(m, "abi_version %u\n", YALAS_ABI_VERSION);
	seq_printf(m, "running %d\n", READ_ONCE(yalas_running));
	seq_printf(m, "ring_data_size %llu\n", yalas_data_size);
	seq_printf(m, "probe.sys_enter %llu\n", s->probe_sys_enter);
	seq_printf(m, "probe.sys_exit %llu\n", s->probe_sys_exit);
	seq_printf(m, "probe.sched_process_fork %llu\n", s->probe_fork);
	seq_printf(m, "probe.sched_process_exec %llu\n", s->probe_exec);
	seq_printf(m, "probe.sched_process_exit %llu\n", s->probe_exit);
	seq_printf(m, "filtered %llu\n", s->filtered);
	seq_printf(m, "records.attempted %llu\n", s->attempted);
	seq_printf(m, "records.written %llu\n", s->written);
	seq_printf(m, "bytes.written %llu\n", s->bytes);
	seq_printf(m, "drops.ring_full %llu\n", s->dropped_full);
	seq_printf(m, "drops.bad_tail %llu\n", s->dropped_bad_tail);
	seq_printf(m, "copy_faults %llu\n", s->copy_faults);
	seq_printf(m, "records.truncated %llu\n", s->truncated);
	seq_printf(m, "wakeups %llu\n", s->wakeups);
	seq_printf(m, "ring.high_water %llu\n", s->high_water);
	for (i = 0; i < YALAS_SYS_MAX; i++)
		if (yalas_sysnames[i])
			seq_printf(m, "syscall.%s %llu\n", yalas_sysnames[i],
				   s->per_sys[i]);
	kfree(s);
	return 0;
}

/* ------------------------------------------------------------ char device */

static void yalas_stop_locked(void)
{
	if (!yalas_running)
		return;
	yalas_probes_detach();
	WRITE_ONCE(yalas_running, false);
}

static int yalas_start_locked(void)
{
	int err;

	if (yalas_running)
		return 0;
	err = yalas_probes_attach();
	if (!err)
		WRITE_ONCE(yalas_running, true);
	return err;
}

static int yalas_open(struct inode *inode, struct file *file)
{
	struct yalas_cfg *c;
	unsigned int cpu;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	c = cfg_new_default();
	if (!c)
		return -ENOMEM;
	mutex_lock(&yalas_lock);
	if (yalas_open_busy) {
		mutex_unlock(&yalas_lock);
		kfree(c);
		return -EBUSY;
	}
	yalas_open_busy = true;
	/*
	 * Fresh session: default configuration, empty rings, zero statistics.  No probe is
	 * attached (release detached them) and no mapping exists (a mapping
	 * holds the file, so release ran after the last munmap).
	 */
	cfg_publish(c);
	for_each_possible_cpu(cpu)
		ring_reset(yalas_rings[cpu]);
	stats_reset();
	mutex_unlock(&yalas_lock);
	return nonseekable_open(inode, file);
}

static int yalas_release(struct inode *inode, struct file *file)
{
	mutex_lock(&yalas_lock);
	yalas_stop_locked();
	yalas_open_busy = false;
	mutex_unlock(&yalas_lock);
	return 0;
}

static bool yalas_any_data(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct yalas_ring *r = yalas_rings[cpu];

		if (READ_ONCE(r->head) != READ_ONCE(r->ctrl->tail))
			return true;
	}
	return false;
}

static __poll_t yalas_poll(struct file *file, poll_table *pt)
{
	poll_wait(file, &yalas_wq, pt);
	atomic_set(&yalas_poll_waiting, 1);
	/* order poll_waiting before reading head (see yalas_ring_commit) */
	smp_mb__after_atomic();
	if (yalas_any_data())
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static long yalas_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	long ret = 0;

	mutex_lock(&yalas_lock);
	switch (cmd) {
	case YALAS_IOC_INFO: {
		struct yalas_info info = {
			.magic = YALAS_MAGIC,
			.abi_version = YALAS_ABI_VERSION,
			.nr_cpus = nr_cpu_ids,
			.page_size = PAGE_SIZE,
			.data_size = yalas_data_size,
			.mmap_stride = PAGE_SIZE + 2 * yalas_data_size,
			.max_record = YALAS_MAX_RECORD,
			.sys_max = YALAS_SYS_MAX,
			.running = yalas_running,
			.snaplen = cfg_cur()->snaplen,
		};

		if (copy_to_user(uarg, &info, sizeof(info)))
			ret = -EFAULT;
		break;
	}
	case YALAS_IOC_START:
		ret = yalas_start_locked();
		break;
	case YALAS_IOC_STOP:
		yalas_stop_locked();
		break;
	case YALAS_IOC_SET_SYSMASK: {
		struct yalas_sysmask m;

		if (copy_from_user(&m, uarg, sizeof(m)))
			ret = -EFAULT;
		else
			ret = do_set_mask(&m);
		break;
	}
	case YALAS_IOC_GET_SYSMASK: {
		struct yalas_sysmask m;
		int i;

		memset(&m, 0, sizeof(m));
		for (i = 0; i < YALAS_SYS_MAX; i++)
			if (test_bit(i, cfg_cur()->mask))
				m.bits[i / 64] |= 1ULL << (i % 64);
		if (copy_to_user(uarg, &m, sizeof(m)))
			ret = -EFAULT;
		break;
	}
	case YALAS_IOC_FILTER: {
		struct yalas_filter_op op;

		if (copy_from_user(&op, uarg, sizeof(op)))
			ret = -EFAULT;
		else
			ret = do_filter(&op);
		break;
	}
	case YALAS_IOC_SET_SNAPLEN: {
		u32 v;
		struct yalas_cfg *c;

		if (copy_from_user(&v, uarg, sizeof(v))) {
			ret = -EFAULT;
		} else if (v > YALAS_SNAPLEN_MAX) {
			ret = -EINVAL;
		} else {
			c = cfg_copy();
			if (!c) {
				ret = -ENOMEM;
				break;
			}
			c->snaplen = v;
			cfg_publish(c);
		}
		break;
	}
	case YALAS_IOC_GET_STATS: {
		struct yalas_stats *s = kmalloc(sizeof(*s), GFP_KERNEL);

		if (!s) {
			ret = -ENOMEM;
			break;
		}
		stats_sum(s);
		if (copy_to_user(uarg, s, sizeof(*s)))
			ret = -EFAULT;
		kfree(s);
		break;
	}
	case YALAS_IOC_RESET_STATS:
		if (yalas_running)
			ret = -EBUSY;
		else
			stats_reset();
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	mutex_unlock(&yalas_lock);
	return ret;
}

static int yalas_mmap(struct file *file, struct vm_area_struct *vma)
{
	u64 stride = PAGE_SIZE + 2 * yalas_data_size;
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 cpu = div64_u64(off, stride);
	u64 in = off - cpu * stride;
	unsigned long len = vma->vm_end - vma->vm_start;

	if (cpu >= nr_cpu_ids || !cpu_possible(cpu) || !yalas_rings[cpu])
		return -EINVAL;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (in == 0) {
		if (len != PAGE_SIZE)
			return -EINVAL;
	} else if (in == PAGE_SIZE) {
		if (len != 2 * yalas_data_size)
			return -EINVAL;
		if (vma->vm_flags & VM_WRITE)
			return -EPERM;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
		vm_flags_clear(vma, VM_MAYWRITE);
#else
		vma->vm_flags &= ~VM_MAYWRITE;
#endif
	} else {
		return -EINVAL;
	}
	return remap_vmalloc_range(vma, yalas_rings[cpu]->area,
				   in >> PAGE_SHIFT);
}

static const struct file_operations yalas_fops = {
	.owner		= THIS_MODULE,
	.open		= yalas_open,
	.release	= yalas_release,
	.unlocked_ioctl	= yalas_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= yalas_mmap,
	.poll		= yalas_poll,
};

static struct miscdevice yalas_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "yalas",
	.fops	= &yalas_fops,
	.mode	= 0600,
};

/* ------------------------------------------------------------- life cycle */

static void yalas_free_all(void)
{
	unsigned int cpu;

	if (yalas_rings) {
		for_each_possible_cpu(cpu)
			ring_free(yalas_rings[cpu]);
		kfree(yalas_rings);
		yalas_rings = NULL;
	}
	kfree(rcu_dereference_protected(yalas_cfg, 1));
	RCU_INIT_POINTER(yalas_cfg, NULL);
}

static int __init yalas_init(void)
{
	unsigned int cpu;
	u64 sz;
	int err;

	BUILD_BUG_ON(sizeof(struct yalas_rec_hdr) != 88);
	BUILD_BUG_ON(sizeof(struct yalas_sys) != 64);
	BUILD_BUG_ON(sizeof(struct yalas_capture_hdr) != 256);
	BUILD_BUG_ON(sizeof(struct yalas_ring_ctrl) > PAGE_SIZE);
	BUILD_BUG_ON(sizeof(struct yalas_rec_hdr) + sizeof(struct yalas_sys) +
		     sizeof(struct yalas_net) + 2 * YALAS_PATH_MAX >
		     YALAS_MAX_RECORD);

	if (ring_kb < 16 || ring_kb > 65536) {
		pr_err("yalas: ring_kb must be in 16..65536\n");
		return -EINVAL;
	}
	sz = roundup_pow_of_two((u64)ring_kb * 1024);
	yalas_data_size = max_t(u64, sz, PAGE_SIZE);
	yalas_wake_bytes = wakeup_kb ? (u64)wakeup_kb * 1024 : yalas_data_size / 8;
	yalas_wake_bytes = min(yalas_wake_bytes, yalas_data_size / 2);

	RCU_INIT_POINTER(yalas_cfg, cfg_new_default());
	yalas_rings = kcalloc(nr_cpu_ids, sizeof(*yalas_rings), GFP_KERNEL);
	if (!yalas_rings || !rcu_access_pointer(yalas_cfg)) {
		err = -ENOMEM;
		goto fail;
	}
	for_each_possible_cpu(cpu) {
		yalas_rings[cpu] = ring_alloc(cpu);
		if (!yalas_rings[cpu]) {
			err = -ENOMEM;
			goto fail;
		}
	}
	if (!proc_create_single("yalas", 0400, NULL, yalas_proc_show)) {
		err = -ENOMEM;
		goto fail;
	}
	err = misc_register(&yalas_misc);
	if (err)
		goto fail_proc;
	pr_info("yalas: loaded, abi %u.%u, %u rings of %llu bytes\n",
		YALAS_ABI_VERSION_MAJOR, YALAS_ABI_VERSION_MINOR,
		num_possible_cpus(), yalas_data_size);
	return 0;
fail_proc:
	remove_proc_entry("yalas", NULL);
fail:
	yalas_free_all();
	return err;
}

static void __exit yalas_exit(void)
{
	misc_deregister(&yalas_misc);
	remove_proc_entry("yalas", NULL);
	/* the device is closed (we hold no module ref): probes are detached */
	yalas_free_all();
	pr_info("yalas: unloaded\n");
}

module_init(yalas_init);
module_exit(yalas_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("YALAS project");
MODULE_DESCRIPTION("YALAS runtime security sensor: syscall and process capture into per-CPU mmap rings");
MODULE_VERSION("1.0");
