/* test_diag.c: each tests/bad/NAME.s assembles with exactly the diagnostics written in
 * NAME.err (file:line:col, message, source line, caret), fails when NAME.err holds an
 * error, and leaves no object behind. Set BPFAS_UPDATE_GOLDEN=1 only to see the output;
 * the files are checked in by hand. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static char *names[512];
static int nnames;

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_bad_input)
{
	const char *name = names[_i];
	char errpath[512];
	char *want;
	struct tu_run r;

	snprintf(errpath, sizeof(errpath), "%.*s.err", (int)(strlen(name) - 2), name);
	want = tu_read(errpath, NULL);
	ck_assert_msg(want != NULL, "%s has no %s", name, errpath);
	tu_assemble_file(&r, name);
	if (getenv("BPFAS_UPDATE_GOLDEN"))
		fprintf(stderr, "==> %s\n%s", errpath, r.diags);
	ck_assert_msg(!strcmp(r.diags, want), "%s: diagnostics differ.\n--- expected\n%s--- got\n%s", name, want,
		      r.diags);
	if (strstr(want, ": error: "))
		ck_assert_msg(r.err != 0 && asm_errors(r.ctx) > 0, "%s: assembled despite errors", name);
	else
		ck_assert_msg(r.err == 0, "%s: warnings only, yet it failed", name);
	tu_done(&r);
	free(want);
}
END_TEST

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "bad";
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("golden");
	DIR *d;
	struct dirent *e;
	int failed;

	if (chdir(dir) || !(d = opendir("."))) {
		perror(dir);
		return 1;
	}
	while ((e = readdir(d)) && nnames < 512) {
		size_t n = strlen(e->d_name);
		if (n > 2 && !strcmp(e->d_name + n - 2, ".s") && e->d_name[0] != '_')
			names[nnames++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)nnames, sizeof(names[0]), cmp);
	if (nnames < 40) {
		fprintf(stderr, "only %d bad inputs in %s; the suite wants at least 40\n", nnames, dir);
		return 1;
	}
	tcase_add_loop_test(tc, test_bad_input, 0, nnames);
	suite_add_tcase(s, tc);
	failed = tu_run_suite(s);
	return failed ? 1 : 0;
}
