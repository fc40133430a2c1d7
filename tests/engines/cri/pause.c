/* The pod sandbox's process for hako's CRI test: a tiny static stand-in for Kubernetes' pause
 * image. It holds the pod's namespaces open, reaps any child that ends up re-parented to it, and
 * exits 0 on SIGTERM or SIGINT (containerd's StopPodSandbox sends SIGTERM, then SIGKILL). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) {
    perror("pause: sigprocmask");
    return 1;
  }
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig == SIGCHLD) {
      while (waitpid(-1, NULL, WNOHANG) > 0) {
      }
      continue;
    }
    return 0;
  }
}
