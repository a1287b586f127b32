/*
 * spawn.c — fork, exec, and collect output through temporary files.
 */
#include "spawn.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *slurp(int fd)
{
	size_t size = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t n;
	lseek(fd, 0, SEEK_SET);
	while (buf && (n = read(fd, buf + size, cap - size - 1)) > 0) {
		size += (size_t)n;
		if (cap - size < 2) {
			char *bigger = realloc(buf, cap * 2);
			if (bigger == NULL) {
				free(buf);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (buf)
		buf[size] = '\0';
	return buf;
}

static int temp_fd(void)
{
	char path[] = "/tmp/liudong-spawn-XXXXXX";
	int fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	return fd;
}

int spawn_run(const char *dir, char *const argv[], const char *input, struct spawn_result *r)
{
	int out = temp_fd(), err = temp_fd(), in = temp_fd();
	memset(r, 0, sizeof *r);
	if (out < 0 || err < 0 || in < 0)
		return -1;
	if (input && write(in, input, strlen(input)) != (ssize_t)strlen(input))
		return -1;
	lseek(in, 0, SEEK_SET);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		if (dir && chdir(dir) != 0)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	r->out = slurp(out);
	r->err = slurp(err);
	close(out);
	close(err);
	close(in);
	return 0;
}

void spawn_result_free(struct spawn_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}
