// first-calls: runs a program under ptrace with a one-shot breakpoint (int3) on the entry of every function it is
// given, and writes each function's address the first time any thread enters it, in order. A breakpoint is removed
// when it fires, so every function costs one trap and the program runs at full speed once it is warm.
//
// usage: first-calls ADDRESSES OUTPUT PROGRAM [ARGS...]
//   ADDRESSES: one hexadecimal link-time address per line (a position-independent executable's symbol values)
//   OUTPUT:    the addresses hit, hexadecimal, one per line, flushed as they happen
// The breakpoints go into PROGRAM's own mapping (found in /proc/PID/maps after exec). Signals other than the
// breakpoints' traps are passed on to the thread that received them. x86-64 only (int3, rip); the order it yields
// serves every target, since the compiler's names do not depend on the architecture.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct { uint64_t address; uint8_t original; uint8_t armed; } breakpoint;

static breakpoint *points;
static size_t point_count;

static int by_address(const void *a, const void *b)
{
    uint64_t x = ((const breakpoint *)a)->address, y = ((const breakpoint *)b)->address;
    return x < y ? -1 : x > y;
}

static breakpoint *find(uint64_t address)
{
    breakpoint key = { .address = address };
    return bsearch(&key, points, point_count, sizeof key, by_address);
}

static void read_addresses(const char *path)
{
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); exit(2); }
    size_t capacity = 65536;
    points = malloc(capacity * sizeof *points);
    char line[64];
    while (fgets(line, sizeof line, file)) {
        if (point_count == capacity) points = realloc(points, (capacity *= 2) * sizeof *points);
        points[point_count++].address = strtoull(line, NULL, 16);
    }
    fclose(file);
    qsort(points, point_count, sizeof *points, by_address);
}

// The load address of PROGRAM: the start of its mapping at file offset 0.
static uint64_t load_base(pid_t pid, const char *program)
{
    char path[64], line[4096], real[4096];
    if (!realpath(program, real)) { perror(program); exit(2); }
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    FILE *maps = fopen(path, "r");
    uint64_t start, offset;
    char name[4096];
    while (fgets(line, sizeof line, maps)) {
        name[0] = 0;
        if (sscanf(line, "%lx-%*x %*s %lx %*s %*s %4095s", &start, &offset, name) >= 2 && offset == 0 && strcmp(name, real) == 0) {
            fclose(maps);
            return start;
        }
    }
    fprintf(stderr, "first-calls: %s is not mapped in %d\n", real, pid);
    exit(2);
}

// Writes every int3 through /proc/PID/mem, which may write to read-only text (the page becomes a private copy).
static void arm_all(pid_t pid, uint64_t base)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", pid);
    int mem = open(path, O_RDWR);
    if (mem < 0) { perror(path); exit(2); }
    const uint8_t trap = 0xCC;
    for (size_t i = 0; i < point_count; i++) {
        points[i].address += base;
        if (pread(mem, &points[i].original, 1, (off_t)points[i].address) != 1 ||
            pwrite(mem, &trap, 1, (off_t)points[i].address) != 1) {
            fprintf(stderr, "first-calls: cannot patch %lx: %s\n", points[i].address, strerror(errno));
            exit(2);
        }
        points[i].armed = 1;
    }
    close(mem);
}

static void restore(pid_t pid, breakpoint *point)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", pid);
    int mem = open(path, O_RDWR);
    if (mem < 0 || pwrite(mem, &point->original, 1, (off_t)point->address) != 1) {
        fprintf(stderr, "first-calls: cannot restore %lx\n", point->address);
        exit(2);
    }
    close(mem);
    point->armed = 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) { fprintf(stderr, "usage: first-calls ADDRESSES OUTPUT PROGRAM [ARGS...]\n"); return 2; }
    read_addresses(argv[1]);
    FILE *output = fopen(argv[2], "w");
    if (!output) { perror(argv[2]); return 2; }

    pid_t child = fork();
    if (child == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        execv(argv[3], argv + 3);
        perror(argv[3]);
        _exit(127);
    }
    int status;
    waitpid(child, &status, 0); // stopped at exec: the program and its interpreter are mapped, nothing has run
    uint64_t base = load_base(child, argv[3]);
    arm_all(child, base);
    ptrace(PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL);
    ptrace(PTRACE_CONT, child, 0, 0);

    size_t hits = 0;
    for (;;) {
        pid_t thread = waitpid(-1, &status, __WALL);
        if (thread < 0) break;
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            if (thread == child) break;
            continue;
        }
        if (!WIFSTOPPED(status)) continue;
        int signal = WSTOPSIG(status);
        if (status >> 16) signal = 0; // a ptrace event (a new thread): nothing to deliver
        else if (signal == SIGSTOP) signal = 0; // a new thread's first stop
        else if (signal == SIGTRAP) {
            struct user_regs_struct regs;
            ptrace(PTRACE_GETREGS, thread, 0, &regs);
            breakpoint *point = find(regs.rip - 1);
            if (point) {
                if (point->armed) {
                    restore(thread, point);
                    fprintf(output, "%lx\n", point->address - base);
                    fflush(output);
                    hits++;
                }
                regs.rip -= 1; // run the restored instruction (another thread may have restored it first)
                ptrace(PTRACE_SETREGS, thread, 0, &regs);
                signal = 0;
            }
        }
        ptrace(PTRACE_CONT, thread, 0, signal);
    }
    fprintf(stderr, "first-calls: %zu of %zu functions entered\n", hits, point_count);
    return 0;
}
