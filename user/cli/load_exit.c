// SPDX-License-Identifier: GPL-2.0-only
/* load_exit.c - a cause of failure to start tracing as an exit code (load_exit.h). */
#include "load_exit.h"

#include <errno.h>

#include "commands.h"

int load_exit__code(int err)
{
	switch (-err) {
	case EPERM:
		return EXIT_NO_PRIVILEGE;
	case ENOENT:
		return EXIT_NO_BTF;
	case EACCES:
		return EXIT_KERNEL_REFUSED;
	case EOPNOTSUPP:
		return EXIT_KERNEL_FEATURE;
	default:
		return EXIT_SCHEDVIZ_FAILED;
	}
}
