#!/usr/bin/env python3
"""Write the encoded variants of two UTF-8 corpus fixtures to corpus/encodings/.

    python3 scripts/encode_fixtures.py [REPO_ROOT]

For each source fixture NAME.txt this writes corpus/encodings/NAME.<variant>.txt for

    utf8bom-crlf   UTF-8 with a BOM, CRLF line ends
    utf8-cr        UTF-8 without a BOM, CR line ends
    utf16le-bom    UTF-16LE with a BOM, LF
    utf16be-bom    UTF-16BE with a BOM, LF
    cp932-crlf     Shift_JIS/CP932 (WHATWG "Shift_JIS"), CRLF
    eucjp          EUC-JP as WHATWG/encoding_rs reads it, LF

The variants hold exactly the same text as the original, so parsing any of them must give the
same document except for `source`. They get no gold files of their own.

EUC-JP: Python's `euc_jp` codec cannot encode the NEC row-13 characters (circled numbers
①–⑳) nor U+FF0D FULLWIDTH HYPHEN-MINUS, and `euc_jis_2004` writes U+FF0D as A2B1, which the
WHATWG decoder (encoding_rs) reads as U+FFFD. WHATWG's EUC-JP uses the same JIS X 0208 index
as its Shift_JIS (with the NEC row 13), so each character is encoded here through CP932: its
two-byte Shift_JIS code is mapped to the JIS row and cell, and written as EUC (row+0xA0,
cell+0xA0); half-width katakana become 8E xx. Characters outside rows 1-84 (IBM extensions,
user-defined area) are refused. Every variant is decoded back and compared before it is written.
"""
import os
import sys

SOURCES = [
    "corpus/plan/r6_suidou_zenkaku.txt",
    "corpus/achievement/r4_sangyou_dup.txt",
]
OUT_DIR = "corpus/encodings"


def sjis_to_euc(b: bytes) -> bytes:
    """One CP932 character's bytes -> its EUC-JP bytes (WHATWG), or ValueError."""
    if len(b) == 1:
        c = b[0]
        if c < 0x80:
            return b
        if 0xA1 <= c <= 0xDF:  # half-width katakana
            return bytes([0x8E, c])
        raise ValueError(f"single byte {c:#x}")
    s1, s2 = b
    if s1 >= 0xE0:
        s1 -= 0x40
    row = (s1 - 0x81) * 2 + (2 if s2 >= 0x9F else 1)
    cell = s2 - 0x9E if s2 >= 0x9F else s2 - (0x40 if s2 < 0x80 else 0x41) + 1
    if not (1 <= row <= 84 and 1 <= cell <= 94):
        raise ValueError(f"row {row} cell {cell} is outside JIS X 0208 rows 1-84")
    return bytes([row + 0xA0, cell + 0xA0])


def euc_to_sjis(b: bytes) -> bytes:
    """Inverse of sjis_to_euc, for the round-trip check."""
    if len(b) == 1:
        return b
    if b[0] == 0x8E:
        return b[1:]
    row, cell = b[0] - 0xA0, b[1] - 0xA0
    s1 = (row + 1) // 2 + 0x80
    if s1 >= 0xA0:
        s1 += 0x40
    if row % 2:
        s2 = cell + 0x3F + (1 if cell >= 64 else 0)
    else:
        s2 = cell + 0x9E
    return bytes([s1, s2])


def encode_eucjp(text: str) -> bytes:
    out = bytearray()
    problems = {}
    for ch in text:
        try:
            out += sjis_to_euc(ch.encode("cp932"))
        except (UnicodeEncodeError, ValueError) as e:
            problems[ch] = str(e)
    if problems:
        raise SystemExit(f"EUC-JP cannot hold: {problems}")
    return bytes(out)


def decode_eucjp(data: bytes) -> str:
    chars, i = [], 0
    while i < len(data):
        n = 1 if data[i] < 0x80 else 2
        chars.append(euc_to_sjis(data[i:i + n]).decode("cp932"))
        i += n
    return "".join(chars)


def variants(text: str):
    crlf, cr = text.replace("\n", "\r\n"), text.replace("\n", "\r")
    return {
        "utf8bom-crlf": (b"\xef\xbb\xbf" + crlf.encode("utf-8"),
                         lambda b: b[3:].decode("utf-8").replace("\r\n", "\n")),
        "utf8-cr": (cr.encode("utf-8"), lambda b: b.decode("utf-8").replace("\r", "\n")),
        "utf16le-bom": (b"\xff\xfe" + text.encode("utf-16-le"), lambda b: b[2:].decode("utf-16-le")),
        "utf16be-bom": (b"\xfe\xff" + text.encode("utf-16-be"), lambda b: b[2:].decode("utf-16-be")),
        "cp932-crlf": (crlf.encode("cp932"), lambda b: b.decode("cp932").replace("\r\n", "\n")),
        "eucjp": (encode_eucjp(text), decode_eucjp),
    }


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(os.path.join(root, OUT_DIR), exist_ok=True)
    for rel in SOURCES:
        with open(os.path.join(root, rel), "rb") as f:
            raw = f.read()
        text = raw.decode("utf-8")
        if text.startswith("\ufeff") or "\r" in text:
            raise SystemExit(f"{rel}: the source must be UTF-8 without a BOM, with LF line ends")
        stem = os.path.splitext(os.path.basename(rel))[0]
        for name, (data, back) in variants(text).items():
            if back(data) != text:
                raise SystemExit(f"{rel}: {name} does not round-trip")
            path = os.path.join(root, OUT_DIR, f"{stem}.{name}.txt")
            with open(path, "wb") as f:
                f.write(data)
            print(f"{path}: {len(data)} bytes")


if __name__ == "__main__":
    main()
