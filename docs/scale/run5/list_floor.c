// The floor of `list` on this kernel: per container only the work any correct runc-compatible
// `list` must do (the state file, the init's /proc/<pid>/stat for liveness and pid reuse, the
// exec fifo for created-vs-running), one printf'd line each, no JSON library, no checks.
//   cc -O2 -o list_floor list_floor.c && ./list_floor ROOT
// docs/performance.md "Run 5" compares hako, crun and this.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  int root = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) return 1;
  DIR *d = fdopendir(dup(root));
  struct dirent *e;
  char path[512], buf[8192], stat_buf[1024];
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "%s/state.json", e->d_name);
    int fd = openat(root, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) continue;
    buf[n] = 0;
    char *p = strstr(buf, "\"pid\":");
    long pid = p ? strtol(p + 6, NULL, 10) : 0;
    const char *status = "stopped";
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    fd = pid > 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd >= 0) {
      ssize_t m = read(fd, stat_buf, sizeof stat_buf - 1);
      close(fd);
      char *rp = m > 0 ? memrchr(stat_buf, ')', (size_t)m) : NULL;
      if (rp && rp[2] != 'Z' && rp[2] != 'X') {
        struct stat st;
        snprintf(path, sizeof path, "%s/exec.fifo", e->d_name);
        status = fstatat(root, path, &st, AT_SYMLINK_NOFOLLOW) == 0 ? "created" : "running";
      }
    }
    printf("%s %ld %s\n", e->d_name, pid, status);
  }
  return 0;
}
