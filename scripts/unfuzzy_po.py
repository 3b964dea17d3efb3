"""Drop guessed ("fuzzy") translations from a .po file so no wrong text ships.

makemessages merges with fuzzy matching; a fuzzy guess is worse than English.
The header loses its fuzzy flag and is kept.
"""

import re
import sys

path = sys.argv[1]
blocks = open(path, encoding="utf-8").read().split("\n\n")
out = []
for block in blocks:
    if "#, fuzzy" in block or re.search(r"^#,.*\bfuzzy\b", block, re.MULTILINE):
        block = re.sub(r"^#, fuzzy\n", "", block, flags=re.MULTILINE)
        block = re.sub(r"^#, fuzzy, ", "#, ", block, flags=re.MULTILINE)
        block = re.sub(r"^(#,.*?), fuzzy", r"\1", block, flags=re.MULTILINE)
        block = re.sub(r"^#\| .*\n?", "", block, flags=re.MULTILINE)
        if not re.search(r'^msgid ""\nmsgstr ""\n"Project', block, re.MULTILINE):
            block = re.sub(r'^msgstr ".*"(\n".*")*', 'msgstr ""', block, flags=re.MULTILINE)
            block = re.sub(
                r'^msgstr\[(\d+)\] ".*"(\n".*")*', r'msgstr[\1] ""', block, flags=re.MULTILINE
            )
    out.append(block)
open(path, "w", encoding="utf-8").write("\n\n".join(out))
