// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_load_error.c - a failed BPF load named by its cause: each cause its
 * own errno (the exit code follows from it, user/cli/load_exit.c) and a
 * line naming what is missing. The facts are made up here, so every cause
 * is reached on any machine: no privileges, no BTF, lockdown, a security
 * module, each missing kernel feature.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "load_error.h"

/* A kernel that has everything, with the privileges to load. */
static struct load_facts good(void)
{
	struct load_facts f = {
		.can_load = true, .btf = true, .lockdown = LOCKDOWN_NONE,
		.ringbuf = 1, .task_storage = 1, .task_pt_regs = 1, .release = "5.4.0-test",
	};
	return f;
}

static void expect(int err, const struct load_facts *f, int want, const char *words)
{
	const char *why = NULL;

	assert_int_equal(load_error__explain(err, f, &why), want);
	assert_non_null(why);
	assert_non_null(strstr(why, words));
	assert_null(strchr(why, '\n'));	/* one line */
}

static void test_lockdown_text(void **state)
{
	(void)state;
	assert_int_equal(load_error__lockdown("none integrity [confidentiality]\n"),
			 LOCKDOWN_CONFIDENTIALITY);
	assert_int_equal(load_error__lockdown("none [integrity] confidentiality\n"),
			 LOCKDOWN_INTEGRITY);
	assert_int_equal(load_error__lockdown("[none] integrity confidentiality\n"), LOCKDOWN_NONE);
	assert_int_equal(load_error__lockdown(""), LOCKDOWN_UNKNOWN);
	assert_int_equal(load_error__lockdown(NULL), LOCKDOWN_UNKNOWN);
}

static void test_privilege_and_btf(void **state)
{
	struct load_facts f = good();

	(void)state;
	f.can_load = false;
	f.btf = false;	/* privileges are named first */
	expect(-EPERM, &f, -EPERM, "CAP_BPF and CAP_PERFMON");
	f.can_load = true;
	expect(-EINVAL, &f, -ENOENT, "CONFIG_DEBUG_INFO_BTF");
	/* our own ring sizing is no kernel matter, whatever the facts */
	f = good();
	f.can_load = false;
	expect(-E2BIG, &f, -E2BIG, "possible CPUs");
}

static void test_refusals(void **state)
{
	struct load_facts f = good();

	(void)state;
	/* confidentiality lockdown takes bpf_probe_read_kernel*() away: the
	 * verifier's EINVAL, or an EPERM, both mean the lockdown */
	f.lockdown = LOCKDOWN_CONFIDENTIALITY;
	expect(-EINVAL, &f, -EACCES, "lockdown");
	expect(-EPERM, &f, -EACCES, "lockdown");
	expect(-ENOMEM, &f, -ENOMEM, "--ring-mb");	/* not a refusal: memory */
	/* integrity mode refuses nothing we use: the verifier's own verdict */
	f.lockdown = LOCKDOWN_INTEGRITY;
	expect(-EINVAL, &f, -EINVAL, "verifier");
	expect(-EACCES, &f, -EACCES, "verifier");
	/* privileged, no lockdown, still EPERM: a security module */
	f.lockdown = LOCKDOWN_UNKNOWN;
	expect(-EPERM, &f, -EACCES, "security module");
}

static void test_old_kernel(void **state)
{
	struct load_facts f = good();

	(void)state;
	f.ringbuf = 0;
	f.task_storage = 0;	/* the oldest missing feature is named */
	expect(-EINVAL, &f, -EOPNOTSUPP, "no BPF ring buffer (Linux 5.8)");
	expect(-EINVAL, &f, -EOPNOTSUPP, "5.4.0-test");
	f.ringbuf = 1;
	expect(-EINVAL, &f, -EOPNOTSUPP, "task storage (Linux 5.11)");
	f.task_storage = 1;
	f.task_pt_regs = 0;
	expect(-EINVAL, &f, -EOPNOTSUPP, "bpf_task_pt_regs() helper (Linux 5.15)");
	/* probes that could not tell say nothing */
	f = good();
	f.ringbuf = f.task_storage = f.task_pt_regs = -EPERM;
	expect(-EINVAL, &f, -EINVAL, "verifier");
	/* no BTF type for a tp_btf target (libbpf: -ESRCH), no bpf(2) */
	expect(-ESRCH, &f, -EOPNOTSUPP, "tracepoint");
	expect(-ENOENT, &f, -EOPNOTSUPP, "tracepoint");
	expect(-ENOSYS, &f, -EOPNOTSUPP, "CONFIG_BPF_SYSCALL");
	expect(-524, &f, -EOPNOTSUPP, "trampoline");	/* the kernel's ENOTSUPP */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lockdown_text),
		cmocka_unit_test(test_privilege_and_btf),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_old_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
