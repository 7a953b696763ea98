"""Rebuild briefing/templates/reference.docx: the styles of the Word output.

    .venv/bin/python tools/make_reference_docx.py [OUT]

Starts from Pandoc's own reference document (``pandoc --print-default-data-file reference.docx``)
and changes only what a briefing needs: the key-facts table gets rules between its rows, the
document's title and dates are blanked. The package is written with fixed timestamps, so the
same Pandoc gives the same bytes. A desk restyles its briefs by copying the result into its
``templates:`` folder and editing the styles in Word (Heading 1-3, Body Text, First Paragraph,
Compact, Table, Hyperlink).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pypandoc

OUT = Path(__file__).resolve().parent.parent / "briefing" / "templates" / "reference.docx"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MADE_WITH = "3.9"
"""The Pandoc version that made the shipped file; another may give other bytes."""

# Rules above and below the table and between its rows; the header row's rule stays Pandoc's.
TABLE_BORDERS = """<w:tblBorders>
        <w:top w:val="single" w:sz="4" w:space="0" w:color="808080" />
        <w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080" />
        <w:insideH w:val="single" w:sz="2" w:space="0" w:color="BFBFBF" />
      </w:tblBorders>
      <w:tblCellMar>"""


def restyle(name: str, data: bytes) -> bytes:
    text = data.decode("utf-8")
    if name == "word/styles.xml":
        start = text.index('w:styleId="Table"')
        head, tail = text[:start], text[start:]
        text = head + tail.replace("<w:tblCellMar>", TABLE_BORDERS, 1)
    elif name == "docProps/core.xml":
        text = re.sub(r"<dc:title>[^<]*</dc:title>", "<dc:title></dc:title>", text)
        text = re.sub(r"<dc:creator>[^<]*</dc:creator>", "<dc:creator></dc:creator>", text)
        text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*", r"\g<1>2000-01-01T00:00:00Z", text)
    return text.encode("utf-8")


def main(out: Path) -> None:
    default = subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    source = zipfile.ZipFile(io.BytesIO(default))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in sorted(source.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename)):
            data = source.read(info)
            if info.filename.endswith(".xml"):
                data = restyle(info.filename, data)
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    out.write_bytes(buffer.getvalue())
    print(f"{out}: {len(buffer.getvalue())} bytes, from {pypandoc.get_pandoc_version()}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
