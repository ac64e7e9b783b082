# SPDX-License-Identifier: GPL-2.0-only
"""svfile - a schedviz trace file read here, with Python's struct and zlib,
from the layout user/file/trace_format.h documents: not with schedviz's own
reader, so tests can check what schedviz says about a file against the
file's bytes.

  blocks(path)     -> [Block(tag, offset, size, n_records)], CRCs checked
  run_info(path, tag) -> the HEAD or FOOT run_info's leading numbers
  evts_records(path)  -> records in all EVTS blocks"""
import collections
import struct
import zlib

PREAMBLE = 16
CHUNK_HDR = 20
MAGIC = b"SCHEDVIZ"

Block = collections.namedtuple("Block", "tag offset size n_records")


class BadFile(Exception):
    pass


def blocks(path, growing=False):
    """Every whole block of the file, in order: tag (str), offset of its
    header, its size with the header, its record count. Raises BadFile on
    a bad magic, a bad CRC, or a torn end; with growing (a file being
    written), a torn end or a short preamble ends the list instead."""
    with open(path, "rb") as f:
        data = f.read()
    if growing and len(data) < PREAMBLE:
        return []
    if data[:8] != MAGIC:
        raise BadFile(f"{path}: no magic")
    off, out = PREAMBLE, []
    while off < len(data):
        if growing and (off + CHUNK_HDR > len(data) or
                        off + CHUNK_HDR + struct.unpack_from("<I", data, off + 4)[0] >
                        len(data)):
            break
        if off + CHUNK_HDR > len(data):
            raise BadFile(f"{path}: a torn block header at byte {off}")
        tag, zlen, raw_len, n, crc = struct.unpack_from("<4sIIII", data, off)
        end = off + CHUNK_HDR + zlen
        if end > len(data):
            raise BadFile(f"{path}: block {tag} at byte {off} is torn")
        if zlib.crc32(data[off + CHUNK_HDR:end], zlib.crc32(data[off:off + 16])) != crc:
            raise BadFile(f"{path}: block {tag} at byte {off}: CRC mismatch")
        if len(zlib.decompress(data[off + CHUNK_HDR:end])) != raw_len:
            raise BadFile(f"{path}: block {tag} at byte {off} inflates to the wrong length")
        out.append(Block(tag.decode(), off, CHUNK_HDR + zlen, n))
        off = end
    return out


def evts_records(path):
    return sum(b.n_records for b in blocks(path) if b.tag == "EVTS")


def _varint(p, i):
    v = shift = 0
    while True:
        c = p[i]
        i += 1
        v |= (c & 0x7F) << shift
        shift += 7
        if not c & 0x80:
            return v, i


def _zigzag(v):
    return (v >> 1) ^ -(v & 1)


def run_info(path, tag):
    """The leading fields of the HEAD or FOOT block's run_info (LEB128
    varints, zigzag for the signed ones): clock, ncpus, pid, exit_code,
    term_signal, ru_nvcsw, ru_nivcsw, ru_utime_ns, ru_stime_ns, start_ns,
    end_ns, lost. None when the file has no such block."""
    with open(path, "rb") as f:
        data = f.read()
    for b in blocks(path):
        if b.tag != tag:
            continue
        p = zlib.decompress(data[b.offset + CHUNK_HDR:b.offset + b.size])
        names = ("clock", "ncpus", "pid", "exit_code", "term_signal", "ru_nvcsw",
                 "ru_nivcsw", "ru_utime_ns", "ru_stime_ns", "start_ns", "end_ns", "lost")
        signed = {"pid", "exit_code", "term_signal"}
        out, i = {}, 0
        for name in names:
            v, i = _varint(p, i)
            out[name] = _zigzag(v) if name in signed else v
        return out
    return None
