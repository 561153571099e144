package io.yalas.shipper.source;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The few libc calls the live source needs (JNA direct mapping of glibc on x86_64 Linux). */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDWR = 2;
    int O_CLOEXEC = 02000000;
    int PROT_READ = 1;
    int PROT_WRITE = 2;
    int MAP_SHARED = 1;
    short POLLIN = 1;

    int open(String path, int flags);

    int close(int fd);

    int ioctl(int fd, NativeLong request, Pointer arg);

    Pointer mmap(Pointer addr, NativeLong length, int prot, int flags, int fd, NativeLong offset);

    int munmap(Pointer addr, NativeLong length);

    int poll(Pointer fds, NativeLong nfds, int timeoutMs);
}
