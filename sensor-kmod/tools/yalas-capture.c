// SPDX-License-Identifier: GPL-2.0
/*
 * yalas-capture - drain the YALAS rings into a capture file.
 *
 * usage: yalas-capture -o FILE [-d SECONDS] [-s SNAPLEN] [-p TGID]...
 *                      [-c CGROUP_ID]... [-m SYSID,SYSID...] [-q]
 *                      [-- COMMAND ARGS...]
 *
 *   -o FILE     capture file (docs/capture-format.md); "-" = stdout
 *   -d SECONDS  stop after this long (default: until SIGINT/SIGTERM, or
 *               until COMMAND exits)
 *   -s SNAPLEN  tty payload bytes per record (default 256)
 *   -p TGID     only this process (include filter; repeatable)
 *   -c CGID     only tasks in this cgroup v2 (include filter on the cgroup
 *               id = inode number of the cgroup's directory; repeatable)
 *   -m LIST     capture only these YALAS syscall ids (default: all); the
 *               mask in effect is recorded in the file header (sysmask)
 *   -q          do not print statistics
 *   -- COMMAND  run COMMAND (capture starts first), stop when it exits
 *
 * The capture tool excludes its own process.  Statistics are printed to
 * stderr as "name value" lines at the end.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include "yalas-user.h"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

struct out {
	FILE *f;
	uint64_t records, bytes;
	int err;
};

static int write_rec(void *ctx, const struct yalas_rec_hdr *h)
{
	struct out *o = ctx;

	if (fwrite(h, h->size, 1, o->f) != 1)
		o->err = errno ? errno : EIO;
	o->records++;
	o->bytes += h->size;
	return 0;
}

static uint64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int parse_mask(const char *s, struct yalas_sysmask *m)
{
	char *end;

	memset(m, 0, sizeof(*m));
	while (*s) {
		unsigned long id = strtoul(s, &end, 0);

		if (end == s || id >= YALAS_SYS_MAX)
			return -1;
		m->bits[id / 64] |= 1ull << (id % 64);
		s = *end == ',' ? end + 1 : end;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *out_path = NULL;
	double duration = 0;
	unsigned int snaplen = YALAS_SNAPLEN_DEFAULT;
	int quiet = 0, opt, status = 0, i;
	struct yalas_sysmask mask;
	int have_mask = 0;
	long tgids[YALAS_FILTER_MAX];
	int ntgid = 0;
	unsigned long long cgids[YALAS_FILTER_MAX];
	int ncgid = 0;
	char *end;
	struct yalas_capture_hdr ch;
	struct yalas_stats st;
	struct utsname un;
	struct out o = { 0 };
	struct yu u;
	pid_t child = -1;
	uint64_t t_end = 0;
	int err;

	while ((opt = getopt(argc, argv, "o:d:s:p:c:m:q")) != -1) {
		switch (opt) {
		case 'o':
			out_path = optarg;
			break;
		case 'd':
			duration = atof(optarg);
			break;
		case 's':
			snaplen = strtoul(optarg, NULL, 0);
			break;
		case 'p':
			if (ntgid < YALAS_FILTER_MAX)
				tgids[ntgid++] = strtol(optarg, NULL, 0);
			break;
		case 'c':
			errno = 0;
			cgids[ncgid] = strtoull(optarg, &end, 0);
			if (errno || end == optarg || *end || ncgid == YALAS_FILTER_MAX) {
				fprintf(stderr, "yalas-capture: bad -c %s (cgroup id; at most %d)\n",
					optarg, YALAS_FILTER_MAX);
				return 2;
			}
			ncgid++;
			break;
		case 'm':
			if (parse_mask(optarg, &mask)) {
				fprintf(stderr, "bad -m list\n");
				return 2;
			}
			have_mask = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			fprintf(stderr, "usage: %s -o FILE [-d SEC] [-s SNAPLEN] [-p TGID] [-c CGROUP_ID] [-m IDS] [-q] [-- CMD...]\n",
				argv[0]);
			return 2;
		}
	}
	if (!out_path) {
		fprintf(stderr, "yalas-capture: -o FILE is required\n");
		return 2;
	}

	err = yu_open(&u);
	if (err) {
		fprintf(stderr, "yalas-capture: %s: %s\n", YALAS_DEVICE_PATH,
			strerror(-err));
		return 1;
	}
	if (ioctl(u.fd, YALAS_IOC_SET_SNAPLEN, &snaplen) < 0) {
		perror("yalas-capture: snaplen");
		return 1;
	}
	if (have_mask && ioctl(u.fd, YALAS_IOC_SET_SYSMASK, &mask) < 0) {
		perror("yalas-capture: syscall mask");
		return 1;
	}
	/* the mask in effect (ours, or the module's default), for the header */
	if (ioctl(u.fd, YALAS_IOC_GET_SYSMASK, &mask) < 0) {
		perror("yalas-capture: read back syscall mask");
		return 1;
	}
	yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_TGID, YALAS_FILTER_EXCLUDE,
		  getpid());
	for (i = 0; i < ntgid; i++)
		yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_TGID,
			  YALAS_FILTER_INCLUDE, tgids[i]);
	for (i = 0; i < ncgid; i++) {
		err = yu_filter(&u, YALAS_FOP_ADD, YALAS_FILTER_CGROUP,
				YALAS_FILTER_INCLUDE, cgids[i]);
		if (err) {
			fprintf(stderr, "yalas-capture: cgroup filter %llu: %s\n",
				cgids[i], strerror(-err));
			return 1;
		}
	}

	o.f = strcmp(out_path, "-") ? fopen(out_path, "wb") : stdout;
	if (!o.f) {
		perror(out_path);
		return 1;
	}
	memset(&ch, 0, sizeof(ch));
	ch.magic = YALAS_CAPTURE_MAGIC;
	ch.version = YALAS_CAPTURE_VERSION;
	ch.hdr_size = sizeof(ch);
	ch.abi_version = u.info.abi_version;
	ch.nr_cpus = u.info.nr_cpus;
	ch.boot_ns = now_ns(CLOCK_BOOTTIME);
	ch.realtime_ns = now_ns(CLOCK_REALTIME);
	ch.data_size = u.info.data_size;
	ch.snaplen = snaplen;
	ch.flags = YALAS_CAPF_SYSMASK;
	ch.sysmask = mask;
	if (uname(&un) == 0) {
		snprintf(ch.hostname, sizeof(ch.hostname), "%.63s", un.nodename);
		snprintf(ch.kernel, sizeof(ch.kernel), "%.63s", un.release);
	}
	if (fwrite(&ch, sizeof(ch), 1, o.f) != 1) {
		perror(out_path);
		return 1;
	}

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (ioctl(u.fd, YALAS_IOC_START) < 0) {
		perror("yalas-capture: start");
		return 1;
	}
	if (optind < argc) {
		child = fork();
		if (child == 0) {
			execvp(argv[optind], argv + optind);
			perror(argv[optind]);
			_exit(127);
		}
	}
	if (duration > 0)
		t_end = now_ns(CLOCK_MONOTONIC) + (uint64_t)(duration * 1e9);

	while (!stop_flag) {
		if (t_end && now_ns(CLOCK_MONOTONIC) >= t_end)
			break;
		if (child > 0 && waitpid(child, &status, WNOHANG) == child) {
			child = -1;
			break;
		}
		if (!yu_drain(&u, write_rec, &o))
			yu_wait(&u, 50);
	}
	ioctl(u.fd, YALAS_IOC_STOP);
	yu_drain(&u, write_rec, &o);
	if (child > 0)
		waitpid(child, &status, 0);
	if (fflush(o.f) || o.err) {
		fprintf(stderr, "yalas-capture: write error: %s\n",
			strerror(o.err ? o.err : errno));
		return 1;
	}
	if (!quiet && ioctl(u.fd, YALAS_IOC_GET_STATS, &st) == 0) {
		fprintf(stderr, "capture.records %llu\n",
			(unsigned long long)o.records);
		fprintf(stderr, "capture.bytes %llu\n",
			(unsigned long long)o.bytes);
		fprintf(stderr, "capture.corrupt %llu\n",
			(unsigned long long)u.corrupt);
		yu_print_stats(stderr, &st);
	}
	if (o.f != stdout)
		fclose(o.f);
	yu_close(&u);
	if (u.corrupt)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
