#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
static int o2(int root, const char *p, int fl) {
  struct open_how h = {.flags = fl | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
  return syscall(SYS_openat2, root, p, &h, sizeof h);
}
static double now() { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }
int main(int argc, char **argv) {
  int variant = atoi(argv[1]), n = atoi(argv[2]);
  const char *src = argv[3], *root = argv[4];
  if (unshare(CLONE_NEWNS)) { perror("unshare"); return 1; }
  mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
  mount(root, root, NULL, MS_BIND | MS_REC, NULL);
  char mnt[512]; snprintf(mnt, sizeof mnt, "%s/mnt", root);
  mount("tmpfs", mnt, "tmpfs", 0, "mode=755");
  int rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  double t0 = now();
  for (int k = 0; k < n; k++) {
    char rel[64], pp[64]; snprintf(rel, sizeof rel, "mnt/b%d", k);
    if (variant == 10) { int t = o2(rfd, rel, O_PATH); if (t >= 0) close(t); continue; }
    if (variant == 11) { int p = o2(rfd, "mnt", O_PATH | O_DIRECTORY); close(p); continue; }
    if (variant == 12) { static int p = -1; if (p < 0) p = o2(rfd, "mnt", O_PATH | O_DIRECTORY); mkdirat(p, rel + 4, 0755); continue; }
    if (variant == 13) { static int p = -1; if (p < 0) p = open(mnt, O_PATH|O_DIRECTORY); int t = openat(p, rel + 4, O_PATH|O_CLOEXEC); if (t >= 0) close(t); continue; }
    int t = o2(rfd, rel, O_PATH);
    if (t < 0) { int p = o2(rfd, "mnt", O_PATH | O_DIRECTORY); mkdirat(p, rel + 4, 0755); close(p); t = o2(rfd, rel, O_PATH); }
    if (variant == 0) {
      snprintf(pp, sizeof pp, "/proc/self/fd/%d", t);
      if (mount(src, pp, NULL, MS_BIND | MS_REC, NULL)) { perror("mount"); return 1; }
      int m = o2(rfd, rel, O_PATH);
      snprintf(pp, sizeof pp, "/proc/self/fd/%d", m);
      if (mount(NULL, pp, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL)) { perror("remount"); return 1; }
      close(m);
    } else if (variant == 1) {
      int tr = syscall(SYS_open_tree, AT_FDCWD, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
      struct mount_attr a = {.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_RELATIME, .attr_clr = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC | MOUNT_ATTR__ATIME | MOUNT_ATTR_NODIRATIME};
      if (syscall(SYS_mount_setattr, tr, "", AT_EMPTY_PATH, &a, sizeof a)) { perror("setattr"); return 1; }
      if (syscall(SYS_move_mount, tr, "", t, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH)) { perror("move"); return 1; }
      close(tr);
    } else if (variant == 3) {
    } else if (variant == 4) {
      int tr = syscall(SYS_open_tree, AT_FDCWD, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
      if (syscall(SYS_move_mount, tr, "", t, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH)) { perror("move"); return 1; }
      close(tr);
    } else if (variant == 5) {
      int tr = syscall(SYS_open_tree, AT_FDCWD, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
      close(tr);
    } else {
      snprintf(pp, sizeof pp, "/proc/self/fd/%d", t);
      if (mount(src, pp, NULL, MS_BIND | MS_REC, NULL)) { perror("mount"); return 1; }
    }
    close(t);
  }
  double t1 = now();
  printf("%d %.2f\n", variant, (t1 - t0) / n);
  return 0;
}
