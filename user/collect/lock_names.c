// SPDX-License-Identifier: GPL-2.0-only
/* lock_names.c - naming futex words by the process's map and ELF symbols (see lock_names.h). */
#include "lock_names.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vec.h"

struct map_line {
	uint64_t start, end, offset;
	char path[256];		/* "" for anonymous memory */
};

/* One /proc/<pid>/maps line into *m; false when it does not parse. */
static bool parse_line(const char *line, struct map_line *m)
{
	int n = 0;

	m->path[0] = '\0';
	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64 " %*s %*s %n", &m->start, &m->end,
		   &m->offset, &n) < 3 || !n)
		return false;
	snprintf(m->path, sizeof(m->path), "%s", line + n);
	m->path[strcspn(m->path, "\n")] = '\0';
	return true;
}

/* The process's map, in address order (*out malloc'd, *n lines). 0 or -errno. */
static int read_maps(int32_t tgid, struct map_line **out, size_t *n)
{
	char path[48], line[512];
	size_t cap = 0;
	FILE *f;

	*out = NULL;
	*n = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)tgid);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (vec__reserve((void **)out, &cap, *n + 1, sizeof(**out))) {
			fclose(f);
			return -ENOMEM;
		}
		if (parse_line(line, &(*out)[*n]))
			(*n)++;
	}
	fclose(f);
	return *n ? 0 : -ENOENT;
}

/*
 * The thread of tgid whose stack pointer is in [lo, hi): its TID, or 0. A
 * thread in a system call (a futex wait) shows its user stack pointer as
 * the second last field of /proc/<pid>/task/<tid>/syscall
 * (lib/syscall.c: collect_syscall(); fs/proc/base.c: proc_pid_syscall()).
 */
static int32_t stack_owner(int32_t tgid, uint64_t lo, uint64_t hi)
{
	char path[320], buf[256];
	struct dirent *d;
	int32_t owner = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while (!owner && (d = readdir(dir))) {
		char *sp_field;
		uint64_t sp;
		FILE *f;

		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/syscall", (int)tgid, d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f)) {
			buf[strcspn(buf, "\n")] = '\0';
			/* "nr a1 .. a6 sp pc": sp is the second last field */
			char *last = strrchr(buf, ' ');

			if (last) {
				*last = '\0';
				sp_field = strrchr(buf, ' ');
				if (sp_field && sscanf(sp_field + 1, "%" SCNx64, &sp) == 1 && sp >= lo &&
				    sp < hi)
					owner = (int32_t)atoi(d->d_name);
			}
		}
		fclose(f);
	}
	closedir(dir);
	return owner;
}

/*
 * The symbol covering vaddr in elf: the smallest sized symbol of
 * .symtab, or of .dynsym when .symtab has none (a stripped object). Its
 * name into name (cap bytes), its value into *value. False when none.
 */
static bool find_symbol(Elf *elf, uint64_t vaddr, char *name, size_t cap, uint64_t *value)
{
	for (int pass = 0; pass < 2; pass++) {
		Elf_Scn *scn = NULL;
		uint64_t best_size = UINT64_MAX;
		bool found = false;

		while ((scn = elf_nextscn(elf, scn))) {
			GElf_Shdr sh;
			Elf_Data *data;

			if (!gelf_getshdr(scn, &sh) ||
			    sh.sh_type != (pass == 0 ? SHT_SYMTAB : SHT_DYNSYM) || !sh.sh_entsize)
				continue;
			data = elf_getdata(scn, NULL);
			for (size_t i = 0; data && i < sh.sh_size / sh.sh_entsize; i++) {
				GElf_Sym sym;
				const char *s;

				if (!gelf_getsym(data, (int)i, &sym) || !sym.st_size ||
				    GELF_ST_TYPE(sym.st_info) == STT_FUNC ||
				    GELF_ST_TYPE(sym.st_info) == STT_SECTION ||
				    vaddr < sym.st_value || vaddr - sym.st_value >= sym.st_size ||
				    sym.st_size >= best_size)
					continue;
				s = elf_strptr(elf, sh.sh_link, sym.st_name);
				if (!s || !*s)
					continue;
				snprintf(name, cap, "%s", s);
				*value = sym.st_value;
				best_size = sym.st_size;
				found = true;
			}
		}
		if (found)
			return true;
	}
	return false;
}

/*
 * Name addr inside the object mapped from m[obj] (the line with its file
 * offset 0 is m[first]): its load bias is where that line starts less its
 * PT_LOAD's page-aligned address (0 for a fixed-address executable).
 */
static int name_in_object(int32_t tgid, const struct map_line *m, size_t first, uint64_t addr,
			  char out[LOCK_NAME_LEN])
{
	const char *base = strrchr(m[first].path, '/');
	char path[96], sym[64] = "";
	uint64_t bias = 0, vaddr, value = UINT64_MAX;
	GElf_Ehdr eh;
	Elf *elf;
	int fd;

	base = base ? base + 1 : m[first].path;
	/* the file as mapped, even if replaced on disk since */
	snprintf(path, sizeof(path), "/proc/%d/map_files/%" PRIx64 "-%" PRIx64, (int)tgid,
		 m[first].start, m[first].end);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fd = open(m[first].path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || !gelf_getehdr(elf, &eh)) {
		if (elf)
			elf_end(elf);
		close(fd);
		snprintf(out, LOCK_NAME_LEN, "%.64s+0x%" PRIx64, base, addr - m[first].start);
		return 0;
	}
	if (eh.e_type == ET_DYN) {
		size_t nph = 0;

		bias = m[first].start;
		elf_getphdrnum(elf, &nph);
		for (size_t i = 0; i < nph; i++) {
			GElf_Phdr ph;

			if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD && ph.p_offset == 0) {
				bias = m[first].start - (ph.p_vaddr & ~(uint64_t)0xfff);
				break;
			}
		}
	}
	vaddr = addr - bias;
	if (find_symbol(elf, vaddr, sym, sizeof(sym), &value) && vaddr == value)
		snprintf(out, LOCK_NAME_LEN, "%s%.48s (%.24s)",
			 strcmp(sym, "_PyRuntime") ? "" : LOCK_NAME_GIL, sym, base);
	else if (value <= vaddr && sym[0])
		snprintf(out, LOCK_NAME_LEN, "%s%.48s+0x%" PRIx64 " (%.24s)",
			 strcmp(sym, "_PyRuntime") ? "" : LOCK_NAME_GIL, sym, vaddr - value, base);
	else
		snprintf(out, LOCK_NAME_LEN, "%.64s+0x%" PRIx64, base, vaddr);
	elf_end(elf);
	close(fd);
	return 0;
}

int lock_names__resolve(int32_t tgid, uint64_t addr, char out[LOCK_NAME_LEN])
{
	struct map_line *m;
	size_t n, i, obj;
	int err = read_maps(tgid, &m, &n);

	out[0] = '\0';
	if (err)
		return err;
	for (i = 0; i < n && !(addr >= m[i].start && addr < m[i].end); i++)
		;
	if (i == n) {
		free(m);
		return -ENOENT;
	}
	/* an object's .bss: anonymous memory right after its last file page */
	obj = i;
	if (!m[i].path[0] && i > 0 && m[i - 1].end == m[i].start && m[i - 1].path[0] == '/')
		obj = i - 1;
	if (m[obj].path[0] == '/') {
		size_t first = obj;

		for (size_t k = 0; k < n; k++) {
			if (!strcmp(m[k].path, m[obj].path) && m[k].offset == 0) {
				first = k;
				break;
			}
		}
		err = name_in_object(tgid, m, first, addr, out);
	} else if (!strcmp(m[i].path, "[heap]")) {
		snprintf(out, LOCK_NAME_LEN, "heap");
	} else if (!strcmp(m[i].path, "[stack]")) {
		snprintf(out, LOCK_NAME_LEN, "stack of %d", (int)tgid);
	} else {
		int32_t owner = stack_owner(tgid, m[i].start, m[i].end);

		if (owner)
			snprintf(out, LOCK_NAME_LEN, "stack of %d", (int)owner);
		else
			snprintf(out, LOCK_NAME_LEN, "anonymous%s%.80s", m[i].path[0] ? " " : "",
				 m[i].path);
	}
	free(m);
	/* symbols and paths are the program's: no control bytes reach a
	 * terminal through the report or the view */
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	return err;
}

struct lock_names_seen {
	struct key { int32_t tgid; uint64_t addr; } *slot;
	size_t cap, n;		/* cap a power of two; tgid 0 marks a free slot */
};

int lock_names__seen_new(struct lock_names_seen **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

void lock_names__seen_free(struct lock_names_seen *s)
{
	if (!s)
		return;
	free(s->slot);
	free(s);
}

static size_t slot_of(const struct lock_names_seen *s, int32_t tgid, uint64_t addr)
{
	uint64_t h = (addr ^ ((uint64_t)(uint32_t)tgid << 32)) * 0x9e3779b97f4a7c15ull;
	size_t i = (size_t)(h >> 32) & (s->cap - 1);

	while (s->slot[i].tgid && !(s->slot[i].tgid == tgid && s->slot[i].addr == addr))
		i = (i + 1) & (s->cap - 1);
	return i;
}

int lock_names__seen_add(struct lock_names_seen *s, int32_t tgid, uint64_t addr)
{
	size_t i;

	if (tgid <= 0)
		return 0;
	if (2 * (s->n + 1) > s->cap) {
		struct lock_names_seen bigger = { .cap = s->cap ? 2 * s->cap : 64 };

		bigger.slot = calloc(bigger.cap, sizeof(*bigger.slot));
		if (!bigger.slot)
			return -ENOMEM;
		for (size_t k = 0; k < s->cap; k++)
			if (s->slot[k].tgid)
				bigger.slot[slot_of(&bigger, s->slot[k].tgid, s->slot[k].addr)] = s->slot[k];
		free(s->slot);
		s->slot = bigger.slot;
		s->cap = bigger.cap;
	}
	i = slot_of(s, tgid, addr);
	if (s->slot[i].tgid)
		return 0;
	s->slot[i].tgid = tgid;
	s->slot[i].addr = addr;
	s->n++;
	return 1;
}
