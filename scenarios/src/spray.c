// SPDX-License-Identifier: GPL-2.0
/*
 * spray - memory-spray stage of an exploit (the memory-spray scenario):
 * many small RWX mappings filled with a NOP sled, RW pages flipped to
 * PROT_EXEC with mprotect (the usual W^X bypass of shellcode loaders), and
 * a large anonymous heap spray touched page by page.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void)
{
	int rwx = 0, flipped = 0, big = 0;

	for (int i = 0; i < 256; i++) {
		void *p = mmap(NULL, 65536, PROT_READ | PROT_WRITE | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			continue;
		memset(p, 0x90, 65536);		/* NOP sled */
		((unsigned char *)p)[65535] = 0xc3;
		rwx++;
	}
	for (int i = 0; i < 64; i++) {
		void *p = mmap(NULL, 16384, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			continue;
		memset(p, 0xcc, 16384);
		if (mprotect(p, 16384, PROT_READ | PROT_EXEC) == 0)
			flipped++;
	}
	for (int i = 0; i < 8; i++) {
		char *p = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			continue;
		for (size_t o = 0; o < (8u << 20); o += 4096)
			p[o] = (char)o;
		big++;
	}
	printf("rwx %d flipped %d sprays %d\n", rwx, flipped, big);
	return 0;
}
