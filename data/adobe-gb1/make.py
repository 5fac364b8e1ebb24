#!/usr/bin/env python3
"""Builds cid2uni.bin, the Adobe-GB1 CID -> Unicode table the PDF text layer
uses for Identity-H fonts with Adobe-GB1 ordering and no ToUnicode map.

Source: Adobe's `Adobe-GB1-UCS2` CMap (BSD-3-Clause, see LICENSE), as shipped
by Debian's poppler-data in /usr/share/poppler/cMap/Adobe-GB1/. Output: one
little-endian u32 per CID, 0 where the CID has no Unicode value.

Usage: make.py [/usr/share/poppler/cMap/Adobe-GB1/Adobe-GB1-UCS2] > cid2uni.bin
"""
import re
import struct
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/poppler/cMap/Adobe-GB1/Adobe-GB1-UCS2"
text = open(path, encoding="latin-1").read()


def uni(hexstr):
    units = [int(hexstr[i : i + 4], 16) for i in range(0, len(hexstr), 4)]
    s = struct.pack(">" + "H" * len(units), *units).decode("utf-16-be")
    return ord(s[0]) if len(s) == 1 else 0


table = {}
for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
    for cid, u in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
        table[int(cid, 16)] = uni(u)
for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
    for a, b, u in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
        a, b, first = int(a, 16), int(b, 16), uni(u)
        for i in range(a, b + 1):
            table[i] = first + i - a if first else 0
n = max(table) + 1
sys.stdout.buffer.write(b"".join(struct.pack("<I", table.get(i, 0)) for i in range(n)))
