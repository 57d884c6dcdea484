#!/usr/bin/env python3
"""Make the PDF and workbook fixtures in corpus/pdf/ and corpus/xlsx/ from text reports.

    python3 scripts/make_grid_fixtures.py [REPO_ROOT] [--sheets]

`--sheets` writes only the workbooks of corpus/sheets/ (several report sheets in one
workbook), leaving every other fixture as it is.

Needs: chromium, LibreOffice (soffice, e.g. Debian's libreoffice-calc-nogui), Python packages
openpyxl, pypdf and msoffcrypto-tool. Not run by CI: the generated files are committed.

A text report (rows of tab-separated cells, `<p>` paragraphs) is the cell grid written out,
so each fixture is that grid laid out the way a city's office tools lay it out:

- Chromium (`--headless --print-to-pdf`) of an HTML table: borders drawn as thin filled
  rectangles, a trailing run of empty cells merged into the cell before it (colspan),
  `<thead>` rows repeated on every page, tall rows split over pages, and, unless turned off,
  Chromium's running header and footer (date, title, URL, page x/y).
- LibreOffice (`soffice --convert-to pdf`) of an xlsx written with openpyxl: merged cells,
  wrapped text, print titles (rows repeated on every page), a page header and footer, and in
  the 方眼紙 layout every cell a merge over narrow columns and several short rows, so that a
  merged cell is split over a page break.

Page sizes and orientations vary; the fonts are whatever the generator embeds (Chromium
writes Type3 or CID fonts, LibreOffice CID-keyed TrueType subsets). Also written: the same
workbook as ods and xls, a password-protected xlsx, a scanned (image-only) PDF and damaged PDFs.
"""
import html
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

from msoffcrypto.format.ooxml import OOXMLFile
import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
import pypdf

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
ROOT = os.path.abspath(ARGS[0] if ARGS else os.path.join(os.path.dirname(__file__), ".."))
PDF_DIR = os.path.join(ROOT, "corpus", "pdf")
XLSX_DIR = os.path.join(ROOT, "corpus", "xlsx")
SHEETS_DIR = os.path.join(ROOT, "corpus", "sheets")
BAD_DIR = os.path.join(ROOT, "corpus", "grid_errors")


def read_report(path):
    """The report as (title, rows): rows of cells, each cell a list of paragraphs."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    lines = [l for l in lines if l.strip()]
    title = lines[0].strip()
    rows = [[paragraphs(c) for c in l.split("\t")] for l in lines[1:]]
    return title, rows


def paragraphs(cell):
    """A cell's paragraphs in order: `<p>` and `<li>` elements and the text between them
    (a bullet list written without `<li>`), other tags dropped."""
    cell = re.sub(r"<ul[^>]*>|</ul>", " ", cell)
    out = []
    for m in re.finditer(r"<(p|li)>(.*?)</\1>|([^<]+)", cell):
        text = (m.group(2) if m.group(2) is not None else m.group(3) or "").strip()
        if text:
            out.append(text)
    return out


def spans(row, ncols):
    """(start column, width, paragraphs) of each cell: a trailing run of empty cells is merged
    into the last cell that has text."""
    out = []
    cells = row + [[]] * (ncols - len(row))
    last = max([i for i, c in enumerate(cells) if c] or [0])
    for i, c in enumerate(cells[: last + 1]):
        width = ncols - i if i == last else 1
        out.append((i, width, c))
    return out


# ---------------------------------------------------------------- Chromium


def html_page(title, rows, page_css, head_rows=0, doc_title=None, col_widths=None):
    ncols = max(len(r) for r in rows)
    colgroup = "".join(f'<col style="width:{w}%">' for w in (col_widths or [100 / ncols] * ncols))
    def tr(row):
        tds = []
        for _, width, paras in spans(row, ncols):
            inner = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
            tds.append(f'<td colspan="{width}">{inner}</td>')
        return "<tr>" + "".join(tds) + "</tr>"
    head = "".join(tr(r) for r in rows[:head_rows])
    body = "".join(tr(r) for r in rows[head_rows:])
    return f"""<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>{html.escape(doc_title or title)}</title><style>
@page {{ {page_css} }}
body {{ font-family: "Noto Sans CJK JP", sans-serif; font-size: 9pt; margin: 0; }}
h1 {{ font-size: 12pt; font-weight: normal; margin: 0 0 6pt 0; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
td {{ border: 0.75pt solid #000; vertical-align: top; padding: 2pt 3pt; word-wrap: break-word; }}
p {{ margin: 0 0 2pt 0; }}
</style></head><body><h1>{html.escape(title)}</h1>
<table><colgroup>{colgroup}</colgroup><thead>{head}</thead><tbody>{body}</tbody></table></body></html>
"""


def chromium_pdf(doc, out, header_footer):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, os.path.basename(out).replace(".pdf", ".html"))
        with open(src, "w", encoding="utf-8") as f:
            f.write(doc)
        args = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}"]
        if not header_footer:
            args.append("--no-pdf-header-footer")
        subprocess.run(args + ["file://" + src], check=True, capture_output=True, timeout=120)


# ---------------------------------------------------------------- LibreOffice


THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def workbook(title, rows, widths, grid=False, repeat_rows=0, landscape=False, paper=9,
             header=None, footer=None, sheet="目標"):
    """An xlsx (bytes) of the report. `grid` is the 方眼紙 layout: every column `widths[i]`
    narrow columns of width 2, every row three short rows, each cell a merge over them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ncols = len(widths)
    sub = [max(1, round(w / 2.2)) for w in widths] if grid else [1] * ncols
    starts = [1 + sum(sub[:i]) for i in range(ncols)]
    total = sum(sub)
    if grid:
        for c in range(1, total + 1):
            ws.column_dimensions[get_column_letter(c)].width = 2.2
    else:
        for i, w in enumerate(widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = w
    ws.cell(row=1, column=1, value=title).font = Font(name="Noto Sans CJK JP", size=12)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=total)
    r = 3
    for row in rows:
        h = 3 if grid else 1
        longest = 0
        for col, width, paras in spans(row, ncols):
            c0, c1 = starts[col], starts[col] + sum(sub[col:col + width]) - 1
            text = "\n".join(paras) if paras else None
            cell = ws.cell(row=r, column=c0, value=text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = Font(name="Noto Sans CJK JP", size=9)
            for rr in range(r, r + h):
                for cc in range(c0, c1 + 1):
                    ws.cell(row=rr, column=cc).border = BOX
            if c1 > c0 or h > 1:
                ws.merge_cells(start_row=r, start_column=c0, end_row=r + h - 1, end_column=c1)
            chars_per_line = max(4, sum(widths[col:col + width]) * 0.5)
            lines = sum(max(1, -(-len(p) // int(chars_per_line))) for p in paras) if paras else 1
            longest = max(longest, lines)
        height = 13.5 * longest + 4
        for rr in range(r, r + h):
            ws.row_dimensions[rr].height = height / h
        r += h
    ws.page_setup.paperSize = paper
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if repeat_rows:
        ws.print_title_rows = f"3:{2 + repeat_rows * (3 if grid else 1)}"
    if header:
        ws.oddHeader.center.text = header
    if footer:
        ws.oddFooter.center.text = footer
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def soffice(src, fmt, outdir):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", fmt, "--outdir", outdir, src],
                       check=True, capture_output=True, timeout=180)


def lo_pdf(xlsx_bytes, out):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, os.path.basename(out).replace(".pdf", ".xlsx"))
        with open(src, "wb") as f:
            f.write(xlsx_bytes)
        soffice(src, "pdf", tmp)
        shutil.copy(src.replace(".xlsx", ".pdf"), out)


# ---------------------------------------------------------------- bad files


def scanned_pdf(out):
    """A one-page PDF holding only an image (a scan): gray stripes, no text layer."""
    w, h = 200, 280
    pixels = bytes((255 if (y // 10) % 2 else 40) for y in range(h) for _ in range(w))
    data = zlib.compress(pixels)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
    ]
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objs.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(data)) + data + b"\nendstream")
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        pdf += b"%010d 00000 n \n" % off
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    with open(out, "wb") as f:
        f.write(pdf)


def bad_files(good_pdf, good_xlsx):
    os.makedirs(BAD_DIR, exist_ok=True)
    scanned_pdf(os.path.join(BAD_DIR, "scanned.pdf"))
    with open(good_pdf, "rb") as f:
        data = f.read()
    # Cut in the middle: no cross-reference table, no trailer, half the objects.
    with open(os.path.join(BAD_DIR, "truncated.pdf"), "wb") as f:
        f.write(data[: len(data) // 3])
    # A PDF header and then noise.
    with open(os.path.join(BAD_DIR, "damaged.pdf"), "wb") as f:
        f.write(b"%PDF-1.7\n" + bytes((i * 7919) % 251 for i in range(4000)))
    writer = pypdf.PdfWriter(clone_from=good_pdf)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    with open(os.path.join(BAD_DIR, "encrypted.pdf"), "wb") as f:
        writer.write(f)
    with open(good_xlsx, "rb") as f:
        office = OOXMLFile(f)
        with open(os.path.join(BAD_DIR, "password.xlsx"), "wb") as out:
            office.encrypt("secret", out)
    with open(good_xlsx, "rb") as f:
        data = f.read()
    with open(os.path.join(BAD_DIR, "corrupt.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])
    # A workbook that holds a table, but no report.
    wb = openpyxl.Workbook()
    wb.active.title = "集計"
    for i in range(1, 6):
        wb.active.append([f"項目{i}", i * 10, i * 20])
    wb.save(os.path.join(BAD_DIR, "no_report.xlsx"))


def main():
    os.makedirs(PDF_DIR, exist_ok=True)
    os.makedirs(XLSX_DIR, exist_ok=True)
    A4, A3 = 9, 8

    def chrome(src, name, page_css, head_rows=0, header_footer=False, doc_title=None, widths=None):
        title, rows = read_report(src)
        doc = html_page(title, rows, page_css, head_rows, doc_title, widths)
        chromium_pdf(doc, os.path.join(PDF_DIR, name), header_footer)

    # Chromium: A4 portrait with the running header and footer (date, title, URL, x/y).
    chrome("corpus/achievement/r5_kodomo.txt", "r5_kodomo.chromium-a4.pdf", "size: A4; margin: 15mm",
           header_footer=True, doc_title="部局経営目標 子ども未来部")
    # Chromium: the seed on A3 landscape, the two header rows repeated on every page.
    chrome("seeds/000_1e9e9e477dd5dd5a.txt", "000_seed.chromium-a3-landscape.pdf",
           "size: A3 landscape; margin: 12mm", head_rows=2, widths=[34, 20, 14, 16, 16])
    # Chromium: A4 landscape, no header or footer, header rows repeated, rows split over pages.
    chrome("corpus/achievement/r4_sangyou_dup.txt", "r4_sangyou_dup.chromium-a4-landscape.pdf",
           "size: A4 landscape; margin: 10mm", head_rows=2)
    # Chromium: narrow A4 portrait columns: long cells wrap and split over pages.
    chrome("corpus/achievement/h30_kyouiku.txt", "h30_kyouiku.chromium-a4.pdf",
           "size: A4; margin: 20mm", header_footer=True, widths=[30, 25, 15, 15, 15])

    # LibreOffice from openpyxl workbooks.
    title, rows = read_report("corpus/achievement/r5_kodomo.txt")
    book = workbook(title, rows, [44, 26, 16, 24, 24], repeat_rows=2,
                    header="&F", footer="&P / &N")
    with open(os.path.join(XLSX_DIR, "r5_kodomo.xlsx"), "wb") as f:
        f.write(book)
    lo_pdf(book, os.path.join(PDF_DIR, "r5_kodomo.libreoffice-a4.pdf"))
    src = os.path.join(XLSX_DIR, "r5_kodomo.xlsx")
    soffice(src, "ods", XLSX_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        soffice(src, "xls", tmp)
        shutil.copy(os.path.join(tmp, "r5_kodomo.xls"), os.path.join(XLSX_DIR, "r5_kodomo.xls"))

    title, rows = read_report("seeds/000_1e9e9e477dd5dd5a.txt")
    book = workbook(title, rows, [60, 40, 20, 30, 30], grid=True, repeat_rows=2, paper=A3,
                    landscape=True, footer="&F  &P/&N")
    lo_pdf(book, os.path.join(PDF_DIR, "000_seed.libreoffice-houganshi-a3-landscape.pdf"))

    title, rows = read_report("corpus/achievement/r1_kankyou.txt")
    book = workbook(title, rows, [36, 30, 16, 24, 24], grid=True, footer="- &P -")
    with open(os.path.join(XLSX_DIR, "r1_kankyou.houganshi.xlsx"), "wb") as f:
        f.write(book)
    lo_pdf(book, os.path.join(PDF_DIR, "r1_kankyou.libreoffice-houganshi-a4.pdf"))

    title, rows = read_report("corpus/achievement/s63_doboku.txt")
    book = workbook(title, rows, [44, 30, 18, 26, 26], landscape=True, paper=A4,
                    header="&D", footer="&P ページ")
    lo_pdf(book, os.path.join(PDF_DIR, "s63_doboku.libreoffice-a4-landscape.pdf"))

    bad_files(os.path.join(PDF_DIR, "r5_kodomo.libreoffice-a4.pdf"), os.path.join(XLSX_DIR, "r5_kodomo.xlsx"))
    several_sheets()
    several_report_sheets()


def several_sheets():
    """A workbook with a report sheet and a notes sheet (the report is `FILE#SHEET`)."""
    notes = openpyxl.load_workbook(io.BytesIO(workbook(*read_report("corpus/achievement/r5_kodomo.txt"),
                                                       [44, 26, 16, 24, 24])))
    extra = notes.create_sheet("メモ")
    extra.append(["確認者", "山田"])
    extra.append(["確認日", "令和6年4月5日"])
    notes.save(os.path.join(XLSX_DIR, "r5_kodomo.with_notes.xlsx"))
    hidden_rows_and_columns()


def several_report_sheets():
    """corpus/sheets/: a workbook in which two sheets hold a report (r5_kodomo as 子ども未来部,
    s63_doboku as 土木部) with a notes sheet between them, and s63_doboku's sheet as a workbook
    of its own (r5_kodomo's is corpus/xlsx/r5_kodomo.xlsx), so that each sheet's document can be
    compared with its own workbook's."""
    os.makedirs(SHEETS_DIR, exist_ok=True)
    doboku = workbook(*read_report("corpus/achievement/s63_doboku.txt"), [44, 30, 18, 26, 26],
                      sheet="土木部")
    with open(os.path.join(SHEETS_DIR, "s63_doboku.xlsx"), "wb") as f:
        f.write(doboku)
    two = openpyxl.load_workbook(io.BytesIO(workbook(*read_report("corpus/achievement/r5_kodomo.txt"),
                                                     [44, 26, 16, 24, 24], sheet="子ども未来部")))
    notes = two.create_sheet("メモ")
    notes.append(["確認者", "山田"])
    notes.append(["確認日", "令和6年4月5日"])
    src = openpyxl.load_workbook(io.BytesIO(doboku))["土木部"]
    dst = two.create_sheet("土木部")
    for col, dim in src.column_dimensions.items():
        dst.column_dimensions[col].width = dim.width
    for row in src.iter_rows():
        for c in row:
            if c.value is not None:
                dst.cell(row=c.row, column=c.column, value=c.value)
    for rng in src.merged_cells.ranges:
        dst.merge_cells(str(rng))
    two.save(os.path.join(SHEETS_DIR, "two_reports.xlsx"))


def hidden_rows_and_columns():
    """The r5 workbook with working notes in a hidden row and a hidden column: not content."""
    book = openpyxl.load_workbook(io.BytesIO(workbook(*read_report("corpus/achievement/r5_kodomo.txt"),
                                                      [44, 26, 16, 24, 24])))
    ws = book.active
    last = ws.max_row + 1
    ws.cell(row=last, column=1, value="作業メモ：3-①の実績は未確認")
    ws.row_dimensions[last].hidden = True
    for r in (5, 9, 12):
        ws.cell(row=r, column=7, value=f"旧目標値 ①{r}0%")
    ws.column_dimensions["G"].hidden = True
    book.save(os.path.join(XLSX_DIR, "r5_kodomo.hidden.xlsx"))


if __name__ == "__main__":
    if "--sheets" in sys.argv[1:]:
        several_report_sheets()
    else:
        main()
