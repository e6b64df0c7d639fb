#!/usr/bin/env python3
"""Independent verifier for the placement registry's checkpoints, Merkle proofs and receipts.

Written from EventLog/FORMAT.md sections 13-15 alone (not from the Swift sources), with the
Python standard library and the `openssl` command (Ed25519 signatures are checked by
`openssl pkeyutl -verify -rawin -pubin -inkey pub.pem`).

  verify-proof.py checkpoint NOTE --key KEYFILE
      the signed note's Ed25519 signature under the registry's verifier key
  verify-proof.py inclusion PROOF.json [--key KEYFILE] [--log DIR]
      the output of `registry prove inclusion --format json`: the audit path leads from the leaf
      hash to the root; with --key, the embedded checkpoint is signed and names that root; with
      --log, the leaf hash is recomputed from the record's bytes in the segment files
  verify-proof.py consistency PROOF.json [--old-checkpoint NOTE --new-checkpoint NOTE --key KEYFILE]
      the output of `registry prove consistency --format json`
  verify-proof.py receipt RECEIPT.json --key KEYFILE [--log DIR]
      a receipt written by `--receipt FILE`: its checkpoint is signed, every inclusion proof holds
  verify-proof.py root --log DIR [--size N]
      recomputes the tree's root from the records of a log directory (the whole log, or the first N)

KEYFILE holds the output of `registry checkpoint --public-key` (or just the note verifier key
line `origin+keyid+base64`). Exit 0 when everything holds, 4 when a signature or proof does not,
2 for bad usage or malformed input.
"""

import argparse
import base64
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile


class Refused(Exception):
    """A signature or proof that does not hold (exit 4)."""


class Malformed(Exception):
    """Input that is not what the format says (exit 2)."""


# --- RFC 9162 hashes (FORMAT.md 13.1) ---------------------------------------------------------

def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index: int, size: int, leaf: bytes, path: list, root: bytes) -> bool:
    """RFC 9162 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes, path: list) -> bool:
    """RFC 9162 2.1.4.2 (equal sizes: an empty proof and equal roots)."""
    if old < 1 or old > new:
        return False
    if old == new:
        return not path and old_root == new_root
    if not path:
        return False
    if old & (old - 1) == 0:
        path = [old_root] + path
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


# --- Leaves from the log (FORMAT.md 3 and 13.1) ------------------------------------------------

def record_leaves(log_dir: str):
    """Every record's leaf, in position order: its 4-byte length prefix and its body."""
    names = sorted(n for n in os.listdir(log_dir) if len(n) == 12 and n.endswith(".seg") and n[:8].isdigit())
    for name in names:
        with open(os.path.join(log_dir, name), "rb") as f:
            data = f.read()
        offset = 64
        while offset + 4 <= len(data):
            (length,) = struct.unpack_from("<I", data, offset)
            if length < 64 or offset + length + 40 > len(data):
                break
            yield data[offset:offset + 4 + length]
            offset += length + 40


def tree_root(hashes: list) -> bytes:
    """MTH (RFC 9162 2.1.1) of a list of leaf hashes."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return node_hash(tree_root(hashes[:k]), tree_root(hashes[k:]))


def record_leaf(log_dir: str, position: int) -> bytes:
    """The leaf of the record at a 1-based position: its 4-byte length prefix and its body."""
    names = sorted(n for n in os.listdir(log_dir) if len(n) == 12 and n.endswith(".seg") and n[:8].isdigit())
    for name in names:
        with open(os.path.join(log_dir, name), "rb") as f:
            data = f.read()
        first = struct.unpack_from("<Q", data, 16)[0]
        offset, current = 64, first
        while offset + 4 <= len(data):
            (length,) = struct.unpack_from("<I", data, offset)
            if offset + length + 40 > len(data):
                break
            if current == position:
                return data[offset:offset + 4 + length]
            offset += length + 40
            current += 1
    raise Malformed(f"the log in {log_dir} has no record at position {position}")


# --- Signed notes (FORMAT.md 14) -------------------------------------------------------------

def b64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except Exception:
        raise Malformed(f"'{text[:40]}' is not base64")


def read_key(path: str):
    """The (name, key ID, raw public key) of the note verifier key in a file."""
    with open(path, encoding="utf-8") as f:
        lines = [l.strip() for l in f if l.count("+") >= 2 and not l.startswith("-----")]
    if not lines:
        raise Malformed(f"{path} holds no note verifier key (name+keyid+base64)")
    name, keyid_hex, blob = lines[-1].split("+", 2)
    raw = b64(blob)
    if len(raw) != 33 or raw[0] != 0x01:
        raise Malformed("the verifier key is not an Ed25519 note key")
    key_id = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if key_id.hex() != keyid_hex.lower():
        raise Malformed("the verifier key's key ID does not match its name and key")
    return name, key_id, raw[1:]


def openssl_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    # SubjectPublicKeyInfo DER for Ed25519 (RFC 8410): a fixed 12-byte prefix, then the 32 key bytes.
    der = bytes.fromhex("302a300506032b6570032100") + public_key
    pem = "-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(der).decode() + "\n-----END PUBLIC KEY-----\n"
    with tempfile.TemporaryDirectory() as tmp:
        paths = {n: os.path.join(tmp, n) for n in ("pub.pem", "msg", "sig")}
        for n, content in (("pub.pem", pem.encode()), ("msg", message), ("sig", signature)):
            with open(paths[n], "wb") as f:
                f.write(content)
        result = subprocess.run(["openssl", "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", paths["pub.pem"],
                                 "-in", paths["msg"], "-sigfile", paths["sig"]], capture_output=True)
        return result.returncode == 0


def verify_checkpoint(note: str, key_path: str):
    """Checks the note's signature; returns (origin, size, root)."""
    if "\n\n" not in note:
        raise Malformed("the checkpoint has no blank line before its signatures")
    body, signatures = note.split("\n\n", 1)
    body += "\n"
    lines = body.split("\n")
    if len(lines) < 4:
        raise Malformed("the checkpoint body needs an origin, a size and a root")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not size_text.isdigit() or str(int(size_text)) != size_text:
        raise Malformed(f"'{size_text}' is not a tree size")
    root = b64(root_text)
    if len(root) != 32:
        raise Malformed("the root is not 32 bytes")
    name, key_id, public_key = read_key(key_path)
    for line in signatures.rstrip("\n").split("\n"):
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014":
            raise Malformed(f"'{line[:60]}' is not a signature line")
        blob = b64(parts[2])
        if parts[1] == name and blob[:4] == key_id and openssl_verify(public_key, body.encode(), blob[4:]):
            if origin != name:
                raise Refused(f"the checkpoint names the log '{origin}', not '{name}'")
            return origin, int(size_text), root
    raise Refused("the checkpoint is not signed by the given key")


# --- Commands --------------------------------------------------------------------------------

def load_json(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise Malformed(f"{path}: {e}")


def hexes(values) -> list:
    try:
        out = [bytes.fromhex(v) for v in values]
    except (TypeError, ValueError):
        raise Malformed("a hash is not hexadecimal")
    if any(len(h) != 32 for h in out):
        raise Malformed("a hash is not 32 bytes")
    return out


def check_inclusion(p: dict, key, log_dir) -> str:
    size, index = int(p["treeSize"]), int(p["index"])
    leaf, root = hexes([p["leafHash"], p["rootHash"]])
    if log_dir is not None and leaf_hash(record_leaf(log_dir, index + 1)) != leaf:
        raise Refused(f"the leaf hash is not the hash of the record at position {index + 1}")
    if not verify_inclusion(index, size, leaf, hexes(p["path"]), root):
        raise Refused(f"the inclusion proof of index {index} in a tree of {size} does not lead to the root")
    if key is not None:
        _, cp_size, cp_root = verify_checkpoint(p["checkpoint"], key)
        if (cp_size, cp_root) != (size, root):
            raise Refused("the signed checkpoint does not name the proof's tree size and root")
    return f"inclusion: position {index + 1} (index {index}) is in the tree of {size} records"


def main() -> int:
    parser = argparse.ArgumentParser(description="Verify registry checkpoints, Merkle proofs and receipts (FORMAT.md 13-15).")
    parser.add_argument("kind", choices=["checkpoint", "inclusion", "consistency", "receipt", "root"])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--size", type=int)
    parser.add_argument("--key")
    parser.add_argument("--log")
    parser.add_argument("--old-checkpoint")
    parser.add_argument("--new-checkpoint")
    args = parser.parse_args()
    try:
        if args.kind == "root":
            if not args.log:
                raise Malformed("root needs --log DIR")
            leaves = [leaf_hash(l) for l in record_leaves(args.log)]
            size = len(leaves) if args.size is None else args.size
            if size > len(leaves):
                raise Malformed(f"the log has only {len(leaves)} records")
            print(f"size {size} root {tree_root(leaves[:size]).hex()}")
        elif args.kind == "checkpoint":
            if not args.key:
                raise Malformed("checkpoint needs --key")
            with open(args.file, encoding="utf-8") as f:
                origin, size, root = verify_checkpoint(f.read(), args.key)
            print(f"checkpoint: {origin} size {size} root {root.hex()} signature ok")
        elif args.kind == "inclusion":
            print(check_inclusion(load_json(args.file), args.key, args.log))
        elif args.kind == "consistency":
            p = load_json(args.file)
            old, new = int(p["oldSize"]), int(p["newSize"])
            old_root, new_root = hexes([p["oldRoot"], p["newRoot"]])
            if args.old_checkpoint or args.new_checkpoint:
                if not (args.old_checkpoint and args.new_checkpoint and args.key):
                    raise Malformed("--old-checkpoint, --new-checkpoint and --key go together")
                for path, size, root in ((args.old_checkpoint, old, old_root), (args.new_checkpoint, new, new_root)):
                    with open(path, encoding="utf-8") as f:
                        _, s, r = verify_checkpoint(f.read(), args.key)
                    if (s, r) != (size, root):
                        raise Refused(f"{path} does not name the tree of {size} records with root {root.hex()}")
            if not verify_consistency(old, new, old_root, new_root, hexes(p["path"])):
                raise Refused(f"the consistency proof from {old} to {new} records does not hold")
            print(f"consistency: the tree of {new} records extends the tree of {old}")
        else:
            if not args.key:
                raise Malformed("receipt needs --key")
            r = load_json(args.file)
            _, size, root = verify_checkpoint(r["checkpoint"], args.key)
            if size != int(r["treeSize"]) or root.hex() != r["rootHash"]:
                raise Refused("the receipt's tree size or root is not its checkpoint's")
            for p in r["proofs"]:
                print(check_inclusion(dict(p, treeSize=size, rootHash=r["rootHash"]), None, args.log))
            print(f"receipt: {len(r['proofs'])} event(s) in the signed tree of {size} records")
    except Refused as e:
        print(f"refused: {e}", file=sys.stderr)
        return 4
    except (Malformed, KeyError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
