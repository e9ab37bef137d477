"""Prints unicodedata.ucd_3_2_0's view of every code point in the given hex ranges, one line each:
"CODE category bidirectional combining mirrored decomposition|NFKC", or "CODE Cn" for code
points Unicode 3.2 had not assigned. Run on pysock and on python3 by UnicodeData32Test.
"""
import sys
import unicodedata

u = unicodedata.ucd_3_2_0
out = sys.stdout
for span in sys.argv[1:]:
    first, last = (int(x, 16) for x in span.split("-"))
    for cp in range(first, last + 1):
        if 0xD800 <= cp < 0xE000:
            continue  # lone surrogates cannot be printed as UTF-8
        c = chr(cp)
        cat = u.category(c)
        if cat == "Cn":
            out.write("%04X Cn\n" % cp)
        else:
            out.write("%04X %s %s %d %d %s|%s\n" % (cp, cat, u.bidirectional(c), u.combining(c), u.mirrored(c),
                                                    u.decomposition(c), u.normalize("NFKC", c).encode("unicode_escape").decode()))
