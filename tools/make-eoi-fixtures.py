#!/usr/bin/env python3
"""Builds the sample Microsoft Forms exports (expression-of-interest responses) used by the tests and by
newcomers: the same responses as `.csv` (UTF-8 with BOM, CRLF, D/M/YYYY dates, as Forms/Excel write it on
a UK machine) and as `.xlsx` (shared strings, one inline string, numeric cells, and date cells in the 1900
date system with a date number format), plus a CSV with bad rows. Standard library only.

Run from the repository root:  python3 tools/make-eoi-fixtures.py
Writes Tests/PeerlinkImportTests/Fixtures/eoi/{eoi-sample.csv,eoi-sample.xlsx,eoi-bad-rows.csv} and copies
the two samples to tools/sample-data/. The output is deterministic (fixed zip timestamps), so re-running it
changes nothing unless this script changes. Schools are real open Surrey schools from the GIAS sample.
"""
import csv, datetime, io, os, shutil, zipfile
from xml.sax.saxutils import escape

HEADER = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
          "School URN or name", "Nominee's full name", "Nominee's role", "Nominee's work email address",
          "Subjects the nominee can support", "Themes the nominee can support", "Other areas of expertise",
          "Summary of the nominee's strengths", "How can the nominee work with other schools?",
          "How many schools could the nominee support at once?",
          "I confirm the nominee has agreed to be listed in the directory"]

def t(d, m, y, hh, mm, ss):
    return datetime.datetime(y, m, d, hh, mm, ss)

# (id, start, completion, responder email, responder name, school, name, role, email, subjects, themes,
#  other, strength, modes, capacity, consent)
SAMPLE = [
    (1, t(2, 9, 2024, 9, 1, 12), t(2, 9, 2024, 9, 14, 40), "head@glebelands.surrey.sch.uk", "Alex Morgan",
     125259, "Priya Shah", "Head of Computing", "p.shah@glebelands.surrey.sch.uk", "Computing;",
     "Data and tracking;ECT support;", "", "Built a KS3 computing curriculum now used by three schools.",
     "In person;Online;", 2, "Yes"),
    (2, t(3, 9, 2024, 16, 20, 0), t(3, 9, 2024, 16, 31, 5), "anonymous", "anonymous",
     "Ash Manor School", "Tom O\u2019Neill", "Curriculum lead for MFL", "t.oneill@ashmanor.surrey.sch.uk",
     "Modern Foreign Languages;", "", "Timetabling, restorative practice",
     "Runs a languages timetable across two sites; trained staff in restorative approaches.", "Online;", 1, "Yes"),
    (3, t(13, 9, 2024, 8, 5, 9), t(13, 9, 2024, 8, 22, 51), "head@oakwood.surrey.sch.uk", "Jordan Lee",
     125273, "Sam Green", "Design and technology teacher", "s.green@oakwood.surrey.sch.uk", "D&T;Art;",
     "Student voice;", "", "Leads the student design council.", "In person;", "", "Yes"),
    (4, t(20, 9, 2024, 10, 0, 0), t(20, 9, 2024, 10, 12, 30), "head@glebelands.surrey.sch.uk", "Alex Morgan",
     125259, "Priya Shah", "Head of Computing", "p.shah@glebelands.surrey.sch.uk", "Computer Science;",
     "Data and tracking;Timetabling;", "", "Built a KS3 computing curriculum now used by three schools; "
     "also writes the school timetable.", "In person;Online;", 3, "Yes"),
    (5, t(21, 9, 2024, 14, 45, 3), t(21, 9, 2024, 15, 2, 44), "head@standrews.surrey.sch.uk", "Chris Patel",
     125275, "Ruth Ellis", "Assistant headteacher", "r.ellis@standrews.surrey.sch.uk", "History;",
     "EAL;SEND curricular adjustments;", "", "Leads inclusion and EAL provision for 300 pupils.",
     "In person;Online;", 2, "Yes"),
]

# Two good rows, then one fault each: unknown URN, bad email, unknown area, missing consent. All days are
# 12 or less, so the file does not prove its date order and the mapping's is assumed.
BAD = [
    (1, t(2, 9, 2024, 9, 1, 12), t(2, 9, 2024, 9, 14, 40), "head@glebelands.surrey.sch.uk", "Alex Morgan",
     125259, "Priya Shah", "Head of Computing", "p.shah@glebelands.surrey.sch.uk", "Computing;", "", "",
     "KS3 curriculum.", "In person;", 2, "Yes"),
    (2, t(3, 9, 2024, 9, 0, 0), t(3, 9, 2024, 9, 10, 0), "head@standrews.surrey.sch.uk", "Chris Patel",
     125275, "Ruth Ellis", "Assistant headteacher", "r.ellis@standrews.surrey.sch.uk", "History;", "EAL;", "",
     "", "", "", "Yes"),
    (3, t(4, 9, 2024, 9, 0, 0), t(4, 9, 2024, 9, 10, 0), "head@nowhere.sch.uk", "Pat Doe",
     999999, "Lee Smith", "Head of Science", "l.smith@nowhere.sch.uk", "Science;", "", "", "", "", "", "Yes"),
    (4, t(5, 9, 2024, 9, 0, 0), t(5, 9, 2024, 9, 10, 0), "head@oakwood.surrey.sch.uk", "Jordan Lee",
     125273, "Jo Bloggs", "Head of English", "j.bloggs@oakwood", "English;", "", "", "", "", "", "Yes"),
    (5, t(6, 9, 2024, 9, 0, 0), t(6, 9, 2024, 9, 10, 0), "head@oakwood.surrey.sch.uk", "Jordan Lee",
     125273, "Kim Chan", "Head of Humanities", "k.chan@oakwood.surrey.sch.uk", "Geograpy;", "", "", "", "", "",
     "Yes"),
    (6, t(7, 9, 2024, 9, 0, 0), t(7, 9, 2024, 9, 10, 0), "head@ashmanor.surrey.sch.uk", "Sam Reid",
     125271, "Max Hill", "Head of Music", "m.hill@ashmanor.surrey.sch.uk", "Music;", "", "", "", "", "", ""),
]

def uk(dt):
    return f"{dt.day}/{dt.month}/{dt.year} {dt.hour}:{dt.minute:02d}:{dt.second:02d}"

def csv_bytes(rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(HEADER)
    for r in rows:
        rid, start, done, *rest = r
        # Last modified time is blank: no response was edited after submission.
        w.writerow([rid, uk(start), uk(done), rest[0], rest[1], ""] + [str(x) for x in rest[2:]])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")

def serial(dt):
    return (dt - datetime.datetime(1899, 12, 30)).total_seconds() / 86400

def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

def xlsx_bytes(rows):
    shared, index = [], {}
    def sst(s):
        if s not in index:
            index[s] = len(shared)
            shared.append(s)
        return index[s]
    lines = []
    def row(n, cells):
        xs = []
        for i, v in enumerate(cells):
            ref = f"{col(i)}{n}"
            if v == "" or v is None:
                continue
            if isinstance(v, datetime.datetime):
                xs.append(f'<c r="{ref}" s="1"><v>{serial(v)!r}</v></c>')
            elif isinstance(v, int):
                xs.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif i == 7 and n == 3:  # one inline string, as some writers emit
                xs.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
            else:
                xs.append(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
        lines.append(f'<row r="{n}">{"".join(xs)}</row>')
    row(1, HEADER)
    for n, r in enumerate(rows, start=2):
        rid, start, done, *rest = r
        row(n, [rid, start, done, rest[0], rest[1], ""] + list(rest[2:]))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{"".join(lines)}</sheetData></worksheet>')
    sst_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(shared)}" '
               f'uniqueCount="{len(shared)}">'
               + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in shared) + "</sst>")
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="m/d/yy h:mm:ss"/></numFmts>'
              '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
              '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
              '<borders count="1"><border/></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
              '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
              '</styleSheet>')
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheets><sheet name="Form1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
               '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
               '</Relationships>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
             '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
             '</Types>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in [("[Content_Types].xml", types), ("_rels/.rels", rels), ("xl/workbook.xml", workbook),
                           ("xl/_rels/workbook.xml.rels", wb_rels), ("xl/styles.xml", styles),
                           ("xl/sharedStrings.xml", sst_xml), ("xl/worksheets/sheet1.xml", sheet)]:
            info = zipfile.ZipInfo(name, date_time=(2024, 9, 21, 15, 3, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()

def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    fixtures = os.path.join(root, "Tests", "PeerlinkImportTests", "Fixtures", "eoi")
    samples = os.path.join(root, "tools", "sample-data")
    os.makedirs(fixtures, exist_ok=True)
    os.makedirs(samples, exist_ok=True)
    outputs = {"eoi-sample.csv": csv_bytes(SAMPLE), "eoi-sample.xlsx": xlsx_bytes(SAMPLE),
               "eoi-bad-rows.csv": csv_bytes(BAD)}
    for name, data in outputs.items():
        with open(os.path.join(fixtures, name), "wb") as f:
            f.write(data)
    for name in ("eoi-sample.csv", "eoi-sample.xlsx"):
        shutil.copyfile(os.path.join(fixtures, name), os.path.join(samples, name))
    print("wrote", ", ".join(outputs), "to", fixtures, "and the samples to", samples)

if __name__ == "__main__":
    main()
