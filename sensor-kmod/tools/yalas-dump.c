// SPDX-License-Identifier: GPL-2.0
/*
 * yalas-dump - print a YALAS capture file, one line per record.
 *
 *   yalas-dump FILE        (FILE written by yalas-capture; "-" = stdin)
 *
 * A reference for decoders: it reads the file exactly as documented in
 * docs/capture-format.md.  Exit status 1 if the file is malformed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "yalas_abi.h"

#define NAME(name, id, fam) [id] = #name,
static const char *const sysname[YALAS_SYS_MAX] = { YALAS_SYSCALLS(NAME) };
static const char *const famname[] = {
	[YALAS_FAM_NONE] = "NONE", [YALAS_FAM_FILE] = "FILE",
	[YALAS_FAM_NET] = "NET", [YALAS_FAM_MEM] = "MEM",
	[YALAS_FAM_PROC] = "PROC", [YALAS_FAM_PRIV] = "PRIV",
};

static void pstr(const char *label, const char *p, unsigned int len)
{
	unsigned int i;

	printf(" %s=\"", label);
	for (i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	putchar('"');
}

static void dump(const struct yalas_rec_hdr *h)
{
	const struct yalas_sys *s = (const void *)(h + 1);
	const void *part = h->type >= YALAS_REC_PROC_FORK ? (const void *)(h + 1)
							  : (const void *)(s + 1);

	printf("%llu cpu=%u seq=%llu type=%u flags=0x%x size=%u pid=%u tid=%u ppid=%u uid=%u gid=%u euid=%u egid=%u cgroup=%llu mntns=%llu",
	       (unsigned long long)h->ts_ns, h->cpu, (unsigned long long)h->seq,
	       h->type, h->flags, h->size, h->tgid, h->tid, h->ppid, h->uid,
	       h->gid, h->euid, h->egid, (unsigned long long)h->cgroup_id,
	       (unsigned long long)h->mntns_id);
	pstr("comm", h->comm, strnlen(h->comm, sizeof(h->comm)));
	if (h->type >= YALAS_REC_SYSCALL && h->type <= YALAS_REC_EXEC)
		printf(" sys=%s(%u) fam=%s(%u) nr=%u ret=%lld args=%llx,%llx,%llx,%llx,%llx,%llx",
		       s->sysid < YALAS_SYS_MAX && sysname[s->sysid] ?
		       sysname[s->sysid] : "?", s->sysid,
		       s->family < sizeof(famname) / sizeof(famname[0]) ?
		       famname[s->family] : "?", s->family, s->nr,
		       (long long)s->ret,
		       (unsigned long long)s->args[0], (unsigned long long)s->args[1],
		       (unsigned long long)s->args[2], (unsigned long long)s->args[3],
		       (unsigned long long)s->args[4], (unsigned long long)s->args[5]);
	if (h->type >= YALAS_REC_SYSCALL && h->type <= YALAS_REC_EXEC &&
	    (h->flags & YALAS_RF_LATENCY) &&
	    h->size >= sizeof(*h) + sizeof(*s) + sizeof(struct yalas_latency)) {
		struct yalas_latency lat;

		memcpy(&lat, (const char *)h + h->size - sizeof(lat), sizeof(lat));
		printf(" latency_ns=%llu", (unsigned long long)lat.ns);
	}
	switch (h->type) {
	case YALAS_REC_FILE: {
		const struct yalas_file *f = part;
		const char *v = (const char *)(f + 1);

		printf(" dirfd=%d dirfd2=%d flags=0x%x mode=0%o uid=%d gid=%d length=%llu",
		       f->dirfd, f->dirfd2, f->flags, f->mode, (int)f->uid,
		       (int)f->gid, (unsigned long long)f->length);
		pstr("path", v, f->path_len);
		if (f->path2_len)
			pstr("path2", v + f->path_len, f->path2_len);
		break;
	}
	case YALAS_REC_IO: {
		const struct yalas_io *io = part;

		printf(" fd=%d fd_type=%u io_flags=0x%x count=%llu offset=%lld",
		       io->fd, io->fd_type, io->io_flags,
		       (unsigned long long)io->count, (long long)io->offset);
		if (io->data_len)
			pstr("data", (const char *)(io + 1), io->data_len);
		break;
	}
	case YALAS_REC_NET: {
		const struct yalas_net *n = part;
		char a[INET6_ADDRSTRLEN] = "";

		printf(" fd=%d addr_len=%u family=%u", n->fd, n->addr_len, n->family);
		if (n->family == YALAS_AF_INET || n->family == YALAS_AF_INET6) {
			inet_ntop(n->family == YALAS_AF_INET ? AF_INET : AF_INET6,
				  n->addr, a, sizeof(a));
			printf(" addr=%s port=%u", a, n->port);
		}
		if (n->family == YALAS_AF_INET6)
			printf(" flowinfo=%u scope_id=%u", n->flowinfo, n->scope_id);
		printf(" msg_flags=0x%x", n->msg_flags);
		if (n->unix_path_len)
			pstr("unix", (const char *)(n + 1), n->unix_path_len);
		printf(" count=%llu", (unsigned long long)n->count);
		break;
	}
	case YALAS_REC_EXEC: {
		const struct yalas_exec *x = part;
		const char *v = (const char *)(x + 1);

		printf(" dirfd=%d flags=0x%x", x->dirfd, x->flags);
		pstr("filename", v, x->filename_len);
		printf(" argc=%u", x->argc);
		pstr("argv", v + x->filename_len, x->argv_len);
		break;
	}
	case YALAS_REC_PROC_FORK: {
		const struct yalas_proc_fork *f = part;

		printf(" parent=%u/%u child=%u/%u", f->parent_tgid, f->parent_pid,
		       f->child_tgid, f->child_pid);
		break;
	}
	case YALAS_REC_PROC_EXEC: {
		const struct yalas_proc_exec *x = part;
		const char *v = (const char *)(x + 1);

		size_t off = YALAS_PEXEC_ARGV_OFFSET(x->filename_len, x->interp_len);
		const struct yalas_proc_exec_argv *pa = (const void *)((const char *)h + off);

		printf(" old_pid=%u", x->old_pid);
		pstr("filename", v, x->filename_len);
		if (x->interp_len)
			pstr("interp", v + x->filename_len, x->interp_len);
		/* argv part: ABI 1.1, absent from 1.0 records */
		if (h->size >= off + sizeof(*pa) &&
		    off + sizeof(*pa) + pa->argv_len <= h->size) {
			printf(" argc=%u argc_total=%u", pa->argc, pa->argc_total);
			pstr("argv", (const char *)(pa + 1), pa->argv_len);
		}
		break;
	}
	case YALAS_REC_PROC_EXIT: {
		const struct yalas_proc_exit *x = part;

		printf(" exit_code=0x%x group_dead=%u", x->exit_code, x->group_dead);
		break;
	}
	}
	putchar('\n');
}

/* "# sysmask unknown" (flag clear) or "# sysmask N: name,name,..." */
static void print_mask(const struct yalas_capture_hdr *ch)
{
	const char *sep = "";
	int i, n = 0;

	if (!(ch->flags & YALAS_CAPF_SYSMASK)) {
		printf("# sysmask unknown\n");
		return;
	}
	for (i = 0; i < YALAS_SYS_MAX; i++)
		n += (ch->sysmask.bits[i / 64] >> (i % 64)) & 1;
	printf("# sysmask %d: ", n);
	for (i = 0; i < YALAS_SYS_MAX; i++) {
		if (!((ch->sysmask.bits[i / 64] >> (i % 64)) & 1))
			continue;
		if (sysname[i])
			printf("%s%s", sep, sysname[i]);
		else
			printf("%ssys_%d", sep, i);
		sep = ",";
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	struct yalas_capture_hdr ch;
	static char buf[YALAS_MAX_RECORD];
	struct yalas_rec_hdr *h = (void *)buf;
	FILE *f;
	long n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: yalas-dump FILE\n");
		return 2;
	}
	f = strcmp(argv[1], "-") ? fopen(argv[1], "rb") : stdin;
	if (!f || fread(&ch, sizeof(ch), 1, f) != 1 ||
	    ch.magic != YALAS_CAPTURE_MAGIC || ch.hdr_size < sizeof(ch)) {
		fprintf(stderr, "yalas-dump: %s: not a YALAS capture file\n", argv[1]);
		return 1;
	}
	printf("# capture v%u abi %u.%u cpus=%u ring=%llu snaplen=%u host=%.64s kernel=%.64s boot_ns=%llu realtime_ns=%llu\n",
	       ch.version, ch.abi_version >> 16, ch.abi_version & 0xffff,
	       ch.nr_cpus, (unsigned long long)ch.data_size, ch.snaplen,
	       ch.hostname, ch.kernel, (unsigned long long)ch.boot_ns,
	       (unsigned long long)ch.realtime_ns);
	print_mask(&ch);
	if (ch.hdr_size > sizeof(ch) && fseek(f, ch.hdr_size, SEEK_SET)) {
		fprintf(stderr, "yalas-dump: cannot skip header\n");
		return 1;
	}
	while (fread(h, sizeof(*h), 1, f) == 1) {
		if (h->size < sizeof(*h) || h->size > sizeof(buf) || h->size % 8) {
			fprintf(stderr, "yalas-dump: bad record size %u\n", h->size);
			return 1;
		}
		if (fread(buf + sizeof(*h), h->size - sizeof(*h), 1, f) != 1) {
			fprintf(stderr, "yalas-dump: truncated last record ignored\n");
			break;
		}
		dump(h);
		n++;
	}
	printf("# %ld records\n", n);
	return 0;
}
