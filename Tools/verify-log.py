#!/usr/bin/env python3
"""Independent verifier for the placement registry's event log (format version 1).

Written from EventLog/FORMAT.md alone (not from the Swift sources), with the Python standard
library only. Walks every segment of a log directory and checks every segment header, every
record's framing, CRC32C and SHA-256 chain link, position continuity, recorded-at order, command
group structure and per-stream version continuity, and the torn-tail rules.

Output and exit status follow `registry --log DIR verify`:

  exit 0   events: N / head position: N / head hash: HEX   (a torn tail is a warning on stderr)
  exit 4   error: integrity failure at position P (segment NAME, offset O): REASON
  exit 2   the directory is not a log, or it cannot be read, or bad usage
"""

import argparse
import hashlib
import json
import os
import re
import sqlite3
import shutil
import struct
import sys
import tempfile
import urllib.parse

# --- Format constants (FORMAT.md sections 2, 3) -----------------------------------------------

MAGIC = b"PLREGLOG"
FORMAT_VERSION = 1
HEADER_SIZE = 64
RECORD_FORMAT = 1
FIXED_BODY = 52             # body bytes before the first string
MIN_BODY = FIXED_BODY + 12  # four empty strings (4 x 2) and the payload length (4)
MAX_BODY = 16 << 20
TRAILER = 32 + 4            # chain hash and CRC after the body
GENESIS = bytes(32)
SEGMENT_NAME = re.compile(r"^[0-9]{8}\.seg$")
INDEX_NAME = "index.sqlite"

# --- CRC32C (FORMAT.md section 5): reflected 0x82F63B78, init and xorout 0xFFFFFFFF ----------


def _byte_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_T8 = _byte_table()


def _zero_bytes(table, count):
    """Advances every register in table through count zero bytes."""
    t8 = _T8
    for _ in range(count):
        table = [t8[c & 0xFF] ^ (c >> 8) for c in table]
    return table


# Eight bytes per step (slicing by 16 bits): the register after shifting the 64 input bits v
# through it is _S0[v & 0xFFFF] ^ _S1[(v >> 16) & 0xFFFF] ^ _S2[(v >> 32) & 0xFFFF] ^ _S3[v >> 48].
_S3 = [_T8[(_T8[x & 0xFF] ^ (x >> 8)) & 0xFF] ^ (_T8[x & 0xFF] >> 8) for x in range(65536)]
_S2 = _zero_bytes(_S3, 2)
_S1 = _zero_bytes(_S2, 2)
_S0 = _zero_bytes(_S1, 2)
_LITTLE = sys.byteorder == "little"


def crc32c(data):
    """CRC-32C of a bytes-like object."""
    mv = memoryview(data)
    crc = 0xFFFFFFFF
    n = len(mv)
    wide = n & ~7
    if wide:
        if _LITTLE:
            words = mv[:wide].cast("Q")
        else:
            words = struct.unpack("<%dQ" % (wide // 8), mv[:wide])
        s0, s1, s2, s3 = _S0, _S1, _S2, _S3
        for w in words:
            v = crc ^ w
            crc = s0[v & 0xFFFF] ^ s1[(v >> 16) & 0xFFFF] ^ s2[(v >> 32) & 0xFFFF] ^ s3[v >> 48]
    t8 = _T8
    for b in mv[wide:]:
        crc = t8[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283, "CRC32C self-test failed"

# --- Errors -----------------------------------------------------------------------------------


class IntegrityError(Exception):
    def __init__(self, position, segment, offset, reason):
        super().__init__(reason)
        self.position, self.segment, self.offset, self.reason = position, segment, offset, reason

    def __str__(self):
        return "integrity failure at position %d (segment %s, offset %d): %s" % (
            self.position, self.segment, self.offset, self.reason)


class NotALog(Exception):
    pass


def seg_name(n):
    return "%08d.seg" % n


def text(b):
    return bytes(b).decode("utf-8", "replace")


class Stop:
    """Why a segment scan stopped before the end of the segment (FORMAT.md section 7)."""

    def __init__(self, position, offset, reason, looks_torn):
        self.position, self.offset, self.reason, self.looks_torn = position, offset, reason, looks_torn


class Record:
    __slots__ = ("offset", "length", "group_index", "group_size", "position", "stream_version",
                 "recorded_at", "event_id", "stream", "command", "hash")


def all_zero(data, start):
    """Whether every byte of data from start to its end is zero (true when nothing remains)."""
    if start >= len(data):
        return True
    return data.count(0, start) == len(data) - start


# --- One record (FORMAT.md section 3.4, steps 1-8) ----------------------------------------------


def decode_record(data, mv, off, previous_hash, strict):
    """Decodes the record at segment offset off of data (bytes; mv is a memoryview of it).
    Returns (Record, None) or (None, (reason, looks_torn))."""
    avail = len(data) - off
    if avail < 4:
        return None, ("record needs 4 bytes but only %d remain" % avail, True)
    (body_len,) = struct.unpack_from("<I", data, off)
    if body_len < MIN_BODY or body_len > MAX_BODY:
        return None, ("impossible record length %d" % body_len, all_zero(data, off))
    total = 4 + body_len + TRAILER
    if avail < total:
        return None, ("record needs %d bytes but only %d remain" % (total, avail), True)
    hash_at = off + 4 + body_len
    crc_at = hash_at + 32
    (stored_crc,) = struct.unpack_from("<I", data, crc_at)
    if crc32c(mv[off:crc_at]) != stored_crc:
        return None, ("CRC32C mismatch", all_zero(data, off + total))
    stored_hash = bytes(data[hash_at:crc_at])
    h = hashlib.sha256(previous_hash)
    h.update(mv[off:hash_at])
    if h.digest() != stored_hash:
        return None, ("chain hash mismatch", False)
    b = off + 4  # body start
    fmt, flags, _schema, gi, gs, pos, sver, rat = struct.unpack_from("<BBHIIQQq", data, b)
    if fmt != RECORD_FORMAT:
        return None, ("unknown record format %d" % fmt, False)
    cur = b + FIXED_BODY
    end = hash_at
    strings = []
    for _ in range(4):
        if cur + 2 > end:
            return None, ("record fields overrun the body", False)
        (n,) = struct.unpack_from("<H", data, cur)
        if cur + 2 + n > end:
            return None, ("record fields overrun the body", False)
        strings.append(bytes(data[cur + 2:cur + 2 + n]))
        cur += 2 + n
    if cur + 4 > end:
        return None, ("record fields overrun the body", False)
    (payload_len,) = struct.unpack_from("<I", data, cur)
    if cur + 4 + payload_len != end:
        return None, ("payload length does not match the body", False)
    if gs == 0 or gi >= gs:
        return None, ("group index %d of %d" % (gi, gs), False)
    r = Record()
    r.offset, r.length = off, total
    r.group_index, r.group_size = gi, gs
    r.position, r.stream_version, r.recorded_at = pos, sver, rat
    r.event_id = bytes(data[b + 36:b + 52])
    r.stream, r.command = strings[0], strings[1]
    r.hash = stored_hash
    if strict:
        if flags != 0:
            return None, ("flags byte is %d, not 0" % flags, False)
        expected_id = hashlib.sha256(b"event-id" + r.command + struct.pack("<I", gi)).digest()[:16]
        if r.event_id != expected_id:
            return None, ("event ID does not derive from the command ID and group index", False)
    return r, None


# --- The log ------------------------------------------------------------------------------------


def _open_index(path):
    """A read-only connection to the index, or None. On read-only storage, where SQLite cannot create
    the -shm file, the file is opened immutable, or, when a -wal file holds transactions, a copy of
    both in a private temporary directory is opened (FORMAT.md section 9)."""
    try:
        db = sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(path), uri=True)
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return db, None
    except sqlite3.Error:
        pass
    wal = path + "-wal"
    if os.path.exists(wal) and os.path.getsize(wal) > 0:
        scratch = tempfile.mkdtemp(prefix="verify-log-")
        try:
            shutil.copyfile(path, os.path.join(scratch, INDEX_NAME))
            shutil.copyfile(wal, os.path.join(scratch, INDEX_NAME + "-wal"))
            return sqlite3.connect(os.path.join(scratch, INDEX_NAME)), scratch
        except (OSError, sqlite3.Error):
            shutil.rmtree(scratch, ignore_errors=True)
            return None, None
    try:
        return sqlite3.connect("file:%s?immutable=1" % urllib.parse.quote(path), uri=True), None
    except sqlite3.Error:
        return None, None


def committed_floor(directory):
    """The committed end the stream index records, (position, segment, end_offset, hash), or None
    (FORMAT.md sections 7 and 9): its head row, or when that row is missing the events row with the
    highest position (end offset = offset + length). The index counts only when SQLite opens it and
    `PRAGMA quick_check` answers "ok"."""
    path = os.path.join(directory, INDEX_NAME)
    if not os.path.exists(path):
        return None
    db, scratch = _open_index(path)
    if db is None:
        return None
    try:
        check = db.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            return None
        row = db.execute("SELECT position, segment, end_offset, hash FROM head WHERE id = 1").fetchone()
        if row is None:
            row = db.execute("SELECT position, segment, offset + length, hash FROM events "
                             "ORDER BY position DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        db.close()
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    if row is None or not isinstance(row[3], bytes) or len(row[3]) != 32:
        return None
    return row[0], row[1], row[2], row[3]


def check_header(data):
    """The header problem's name (FORMAT.md section 2, checks 1-4), or None."""
    if len(data) < HEADER_SIZE:
        return "short"
    (stored,) = struct.unpack_from("<I", data, 60)
    if crc32c(data[0:60]) != stored:
        return "badChecksum"
    if bytes(data[0:8]) != MAGIC:
        return "badMagic"
    (version,) = struct.unpack_from("<H", data, 8)
    if version != FORMAT_VERSION:
        return "unsupportedVersion(%d)" % version
    return None


class Report:
    """What verify found: the fields `registry verify` prints (FORMAT.md section 8)."""

    def __init__(self):
        self.events = 0
        self.head_position = 0
        self.head_hash = GENESIS.hex()
        self.segments = 0
        self.bytes = 0
        self.streams = 0
        self.hash_at = None      # chain hash at the asked position (bytes), when found
        self.found_at = None     # position whose chain hash is the looked-for hash


def torn_warning(size, offset, name, reason):
    return ("torn tail: %d bytes of an incomplete record group at offset %d of %s (%s); "
            "they were never acknowledged and the next writer cuts them" % (size, offset, name, reason))


def verify(directory, strict=False, warn=None, hash_at=None, find=None):
    """Verifies the log; returns a Report. Raises IntegrityError / NotALog.
    hash_at: a position whose chain hash to report; find: a chain hash (bytes) to look for."""
    if not os.path.isdir(directory):
        raise NotALog("%s does not hold a registry log" % directory)
    names = os.listdir(directory)
    numbers = sorted(int(n[:8]) for n in names if SEGMENT_NAME.match(n))
    if numbers and numbers[0] == 0:
        raise IntegrityError(0, seg_name(0), 0, "segment number 0 is not allowed (segments are numbered from 1)")
    for i, n in enumerate(numbers):
        if n != i + 1:
            raise IntegrityError(0, seg_name(i + 1), 0, "segment file is missing")
    committed = committed_floor(directory)
    report = Report()
    report.segments = len(numbers)
    if hash_at == 0:
        report.hash_at = GENESIS
    if find == GENESIS:
        report.found_at = 0

    position, chain, recorded_at = 0, GENESIS, 0
    versions = {}
    for i, number in enumerate(numbers):
        name = seg_name(number)
        is_last = i == len(numbers) - 1
        with open(os.path.join(directory, name), "rb") as f:
            data = f.read()
        size = len(data)
        report.bytes += size

        problem = check_header(data)
        if problem is not None:
            # The floor covers a header too: a segment the index shows records in was acknowledged.
            acknowledged = committed is not None and (committed[0] > position or committed[1] >= number)
            if is_last and not acknowledged and (size < HEADER_SIZE or all_zero(data, 0)):
                warn(torn_warning(size, 0, name, "segment header incomplete"))
                continue
            raise IntegrityError(position + 1, name, 0, "bad segment header (%s)" % problem)
        seg_no, first_pos = struct.unpack_from("<IQ", data, 12)
        if seg_no != number or first_pos != position + 1 or bytes(data[24:56]) != chain:
            raise IntegrityError(position + 1, name, 0, "segment header does not continue the chain")
        if strict:
            (hsize,) = struct.unpack_from("<H", data, 10)
            (reserved,) = struct.unpack_from("<I", data, 56)
            if hsize != HEADER_SIZE or reserved != 0:
                raise IntegrityError(position + 1, name, 0, "header size or reserved field is not 64 / 0")

        mv = memoryview(data)
        off = HEADER_SIZE
        committed_end = HEADER_SIZE
        pending = []
        stop = None
        while off < size:
            prev = pending[-1] if pending else None
            expected = (prev.position if prev else position) + 1
            r, failure = decode_record(data, mv, off, prev.hash if prev else chain, strict)
            if failure is not None:
                stop = Stop(expected, off, failure[0], failure[1])
                break
            reason = None
            if r.position != expected:
                reason = "record holds position %d where %d was expected" % (r.position, expected)
            elif r.recorded_at < (prev.recorded_at if prev else recorded_at):
                reason = "recorded-at time goes backwards"
            elif prev is not None:
                if (r.group_index != prev.group_index + 1 or r.group_size != prev.group_size
                        or r.command != prev.command or r.stream != prev.stream):
                    reason = "record %d of a group of %d does not continue its group" % (
                        r.group_index, r.group_size)
            elif r.group_index != 0:
                reason = "group starts with record %d of %d" % (r.group_index, r.group_size)
            if reason is not None:
                stop = Stop(expected, off, reason, False)
                break
            pending.append(r)
            off += r.length
            if r.group_index + 1 == r.group_size:
                # A complete group: deliver its records (stream versions, FORMAT.md section 8).
                for g in pending:
                    want = versions.get(g.stream, 0) + 1
                    if g.stream_version != want:
                        raise IntegrityError(g.position, name, g.offset,
                                             "stream '%s' jumps to version %d where %d was expected"
                                             % (text(g.stream), g.stream_version, want))
                    if committed is not None and g.position == committed[0] and g.hash != committed[3]:
                        raise IntegrityError(g.position, name, g.offset, "the chain hash differs from the one "
                                             "the stream index recorded; the log was rewritten")
                    versions[g.stream] = g.stream_version
                    position, chain, recorded_at = g.position, g.hash, g.recorded_at
                    if g.position == hash_at:
                        report.hash_at = g.hash
                    if find is not None and report.found_at is None and g.hash == find:
                        report.found_at = g.position
                pending = []
                committed_end = off
        if stop is None and pending:
            first = pending[0]
            stop = Stop(first.position, first.offset,
                        "incomplete group: %d of %d records" % (len(pending), first.group_size), True)
        if stop is not None:
            before_committed = committed is not None and (
                stop.position <= committed[0] or number < committed[1]
                or (number == committed[1] and stop.offset < committed[2]))
            if not (is_last and stop.looks_torn and not before_committed):
                raise IntegrityError(stop.position, name, stop.offset, stop.reason)
            warn(torn_warning(size - committed_end, committed_end, name, stop.reason))

    if committed is not None and committed[0] > position:
        raise IntegrityError(position + 1, seg_name(committed[1]), committed[2],
                             "the log ends at position %d but %d were committed" % (position, committed[0]))
    report.events = report.head_position = position
    report.head_hash = chain.hex()
    report.streams = len(versions)
    return report


def serve():
    for line in sys.stdin:
        directory = line.rstrip("\n")
        if not directory:
            continue
        warnings = []
        try:
            r = verify(directory, warn=warnings.append)
            answer = {"exit": 0, "head_position": r.head_position, "head_hash": r.head_hash, "events": r.events,
                      "segments": r.segments, "bytes": r.bytes, "streams": r.streams, "torn": bool(warnings)}
        except IntegrityError as e:
            answer = {"exit": 4, "position": e.position, "segment": e.segment, "offset": e.offset, "reason": e.reason}
        except (NotALog, OSError) as e:
            answer = {"exit": 2, "reason": str(e)}
        print(json.dumps(answer, separators=(",", ":")), flush=True)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="verify-log.py",
        description="Independently verify an event log directory (EventLog/FORMAT.md, format version 1): "
                    "segment headers, record framing, CRC32C, the SHA-256 chain, position continuity, "
                    "recorded-at order, command groups and stream versions. Reads only.",
        epilog="Exit status: 0 the log is intact (a torn tail at the end of the last segment is only a "
               "warning on stderr); 4 integrity failure (the first bad record's position, segment and "
               "offset are printed); 2 not a log, I/O error or bad usage.")
    parser.add_argument("directory", nargs="?", help="the log directory")
    parser.add_argument("--log", metavar="DIR", help="the log directory (alternative to the positional argument)")
    parser.add_argument("--strict", action="store_true",
                        help="also require flags = 0, header size 64, reserved header field 0, and event IDs "
                             "derived from command ID and group index (checks the Swift verify does not make)")
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="json: one object with the keys of `registry verify --format json` but seconds")
    parser.add_argument("--expect-head", metavar="HASH",
                        help="a chain hash written down earlier: the log must carry it at --at, or anywhere")
    parser.add_argument("--at", metavar="POSITION", type=int, help="the position --expect-head was taken at")
    parser.add_argument("--serve", action="store_true",
                        help="read log directories from stdin, one per line, and answer each with one JSON line: "
                             "exit (0, 4 or 2), then head_position, head_hash, events, segments, bytes, streams "
                             "and torn (a torn-tail warning was given), or position, segment, offset and reason "
                             "(for comparing many logs with `registry verify` without starting Python for each)")
    args = parser.parse_args(argv)
    if args.serve:
        return serve()
    directory = args.log or args.directory
    if not directory:
        parser.error("give the log directory")
    expected = None
    if args.expect_head is not None:
        if not re.match(r"^[0-9a-fA-F]{64}$", args.expect_head):
            parser.error("--expect-head needs 64 hexadecimal digits")
        expected = bytes.fromhex(args.expect_head)
    if args.at is not None and (expected is None or args.at < 0):
        parser.error("--at needs --expect-head and a position >= 0")

    def warn(message):
        print("warning: " + message, file=sys.stderr)

    try:
        report = verify(directory, strict=args.strict, warn=warn,
                        hash_at=args.at if expected is not None else None,
                        find=expected if args.at is None else None)
    except IntegrityError as e:
        print("error: %s" % e, file=sys.stderr)
        return 4
    except NotALog as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    except OSError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    extends_at = None
    if expected is not None:
        if args.at is not None:
            if args.at > report.head_position or report.hash_at is None:
                print("error: the log ends at position %d, before position %d the expected head was taken at; "
                      "history was cut." % (report.head_position, args.at), file=sys.stderr)
                return 4
            if report.hash_at != expected:
                print("error: the log was rewritten: the chain hash at position %d is %s, not the %s written "
                      "down earlier." % (args.at, report.hash_at.hex(), expected.hex()), file=sys.stderr)
                return 4
            extends_at = args.at
        else:
            if report.found_at is None:
                print("error: the log was rewritten or cut: no position up to %d carries the chain hash %s "
                      "written down earlier." % (report.head_position, expected.hex()), file=sys.stderr)
                return 4
            extends_at = report.found_at
    if args.format == "json":
        fields = {"events": report.events, "head_position": report.head_position, "head_hash": report.head_hash,
                  "segments": report.segments, "bytes": report.bytes, "streams": report.streams}
        if extends_at is not None:
            fields["extends_at"] = extends_at
        print(json.dumps(fields, separators=(",", ":")))
    else:
        print("events: %d" % report.events)
        print("head position: %d" % report.head_position)
        print("head hash: %s" % report.head_hash)
        if extends_at is not None:
            print("extends the recorded head: yes, at position %d" % extends_at)
    return 0


if __name__ == "__main__":
    sys.exit(main())
