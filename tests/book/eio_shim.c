/* A disk that starts failing: loaded with LD_PRELOAD into an electkit process by
 * test_reliability.py. Writes and syncs to files whose path contains EIO_SUFFIX succeed
 * EIO_AFTER times; from then on every one fails with EIO (errno 5), as a dying USB stick or
 * disk does. Reads are untouched. Everything else passes through to the C library. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static long long budget = -1;
static const char *suffix;
static int broken;

static int failing(int fd) {
    char link[64], path[4096];
    ssize_t n;
    if (budget < 0) {
        const char *after = getenv("EIO_AFTER");
        budget = after ? atoll(after) : (1LL << 62);
        suffix = getenv("EIO_SUFFIX");
    }
    if (suffix == NULL || fd < 0) return 0;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    n = readlink(link, path, sizeof path - 1);
    if (n < 0) return 0;
    path[n] = '\0';
    if (strstr(path, suffix) == NULL) return 0;
    if (!broken && budget-- <= 0) {
        broken = 1;
        if (getenv("EIO_NOTE")) dprintf(2, "[eio] the disk fails from here\n");
    }
    if (broken) errno = EIO;
    return broken;
}

#define REAL(name, ret, ...) \
    static ret (*real)(__VA_ARGS__); \
    if (real == NULL) real = (ret (*)(__VA_ARGS__))dlsym(RTLD_NEXT, name)

ssize_t write(int fd, const void *buf, size_t count) {
    REAL("write", ssize_t, int, const void *, size_t);
    return failing(fd) ? -1 : real(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
    REAL("pwrite", ssize_t, int, const void *, size_t, off_t);
    return failing(fd) ? -1 : real(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
    REAL("pwrite64", ssize_t, int, const void *, size_t, off_t);
    return failing(fd) ? -1 : real(fd, buf, count, offset);
}

int fsync(int fd) {
    REAL("fsync", int, int);
    return failing(fd) ? -1 : real(fd);
}

int fdatasync(int fd) {
    REAL("fdatasync", int, int);
    return failing(fd) ? -1 : real(fd);
}
