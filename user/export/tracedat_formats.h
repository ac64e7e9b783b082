/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tracedat_formats.h - the tracefs format texts the trace.dat exporter
 * ships in its files: a copy taken from this project's reference kernel
 * (tracedat_formats.c, generated), used when tracefs is not mounted.
 */
#ifndef SCHEDVIZ_TRACEDAT_FORMATS_H
#define SCHEDVIZ_TRACEDAT_FORMATS_H

struct tracedat_format {
	const char *system;	/* "sched" */
	const char *name;	/* "sched_switch" */
	const char *text;	/* events/<system>/<name>/format */
};

/* events/header_page and events/header_event (64-bit kernel, 4 KiB pages). */
extern const char tracedat_header_page[];
extern const char tracedat_header_event[];

/* One entry per event the exporter writes, ended by { 0 }. */
extern const struct tracedat_format tracedat_builtin_formats[];

#endif
