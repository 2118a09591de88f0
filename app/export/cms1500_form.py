"""The CMS-1500 (02/12) print grid, and the form itself drawn on blank paper.

The red form is laid out for printing at 10 characters per inch and 6 lines per inch; every
position here is a (line, column) on that grid, both for the data and for the boxes drawn in
"blank" mode, so data lands inside its box either way. `LEFT_INCH` and `TOP_INCH` place the
grid on the sheet; a printer that feeds the red form off by a little is corrected there.
"""

from __future__ import annotations

from fpdf import FPDF

LEFT_INCH = 0.25
TOP_INCH = 0.0
COLUMN_INCH = 0.1        # 10 characters per inch
LINE_INCH = 1 / 6        # 6 lines per inch
FORM_RED = (200, 45, 45)
SHADE = (253, 232, 232)
DATA_FONT = ("Courier", "", 10)
DATA_NUDGE_INCH = 0.02   # keeps a character clear of the rule on the left of its grid cell

# (label, first column, last column, first line, last line); "\n" starts a new label line
BOXES = [
    ("1.", 1, 49, 7, 8), ("1a. INSURED'S I.D. NUMBER                    (For Program in Item 1)", 50, 80, 7, 8),
    ("2. PATIENT'S NAME (Last Name, First Name, Middle Initial)", 1, 29, 9, 10),
    ("3. PATIENT'S BIRTH DATE              SEX\n      MM    DD    YY", 30, 49, 9, 10),
    ("4. INSURED'S NAME (Last Name, First Name, Middle Initial)", 50, 80, 9, 10),
    ("5. PATIENT'S ADDRESS (No., Street)", 1, 29, 11, 12),
    ("6. PATIENT RELATIONSHIP TO INSURED", 30, 49, 11, 12),
    ("7. INSURED'S ADDRESS (No., Street)", 50, 80, 11, 12),
    ("CITY", 1, 24, 13, 14), ("STATE", 25, 29, 13, 14),
    ("8. RESERVED FOR NUCC USE", 30, 49, 13, 16),
    ("CITY", 50, 74, 13, 14), ("STATE", 75, 80, 13, 14),
    ("ZIP CODE", 1, 13, 15, 16), ("TELEPHONE (Include Area Code)", 14, 29, 15, 16),
    ("ZIP CODE", 50, 63, 15, 16), ("TELEPHONE (Include Area Code)", 64, 80, 15, 16),
    ("9. OTHER INSURED'S NAME (Last Name, First Name, Middle Initial)", 1, 29, 17, 18),
    ("10. IS PATIENT'S CONDITION RELATED TO:", 30, 49, 17, 18),
    ("11. INSURED'S POLICY GROUP OR FECA NUMBER", 50, 80, 17, 18),
    ("a. OTHER INSURED'S POLICY OR GROUP NUMBER", 1, 29, 19, 20),
    ("a. EMPLOYMENT? (Current or Previous)", 30, 49, 19, 20),
    ("a. INSURED'S DATE OF BIRTH                          SEX", 50, 80, 19, 20),
    ("b. RESERVED FOR NUCC USE", 1, 29, 21, 22), ("b. AUTO ACCIDENT?             PLACE (State)", 30, 49, 21, 22),
    ("b. OTHER CLAIM ID (Designated by NUCC)", 50, 80, 21, 22),
    ("c. RESERVED FOR NUCC USE", 1, 29, 23, 24), ("c. OTHER ACCIDENT?", 30, 49, 23, 24),
    ("c. INSURANCE PLAN NAME OR PROGRAM NAME", 50, 80, 23, 24),
    ("d. INSURANCE PLAN NAME OR PROGRAM NAME", 1, 29, 25, 26),
    ("10d. CLAIM CODES (Designated by NUCC)", 30, 49, 25, 26),
    ("d. IS THERE ANOTHER HEALTH BENEFIT PLAN?", 50, 80, 25, 26),
    ("12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE", 1, 49, 27, 30),
    ("13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE", 50, 80, 27, 30),
    ("14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)", 1, 29, 31, 32),
    ("15. OTHER DATE", 30, 49, 31, 32), ("16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION", 50, 80, 31, 32),
    ("17. NAME OF REFERRING PROVIDER OR OTHER SOURCE", 1, 29, 33, 34), ("17a.\n17b. NPI", 30, 49, 33, 34),
    ("18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES", 50, 80, 33, 34),
    ("19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)", 1, 49, 35, 36),
    ("20. OUTSIDE LAB?                     $ CHARGES", 50, 80, 35, 36),
    ("21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  Relate A-L to service line below (24E)", 1, 49, 37, 40),
    ("22. RESUBMISSION CODE          ORIGINAL REF. NO.", 50, 80, 37, 38),
    ("23. PRIOR AUTHORIZATION NUMBER", 50, 80, 39, 40),
    ("24. A.  DATE(S) OF SERVICE\n    From              To\nMM  DD  YY   MM  DD  YY", 1, 18, 41, 42),
    ("B.\nPOS", 19, 20, 41, 42), ("C.\nEMG", 21, 23, 41, 42),
    ("D. PROCEDURES, SERVICES, OR SUPPLIES\n(Explain Unusual Circumstances)\nCPT/HCPCS          MODIFIER",
     24, 43, 41, 42),
    ("E.\nDIAGNOSIS\nPOINTER", 44, 48, 41, 42), ("F.\n\n$ CHARGES", 49, 58, 41, 42),
    ("G.\nDAYS OR\nUNITS", 59, 61, 41, 42), ("H.\nEPSDT", 62, 63, 41, 42), ("I.\nID.\nQUAL.", 64, 66, 41, 42),
    ("J.\nRENDERING\nPROVIDER ID. #", 67, 80, 41, 42),
    ("25. FEDERAL TAX I.D. NUMBER        SSN  EIN", 1, 20, 55, 56), ("26. PATIENT'S ACCOUNT NO.", 21, 34, 55, 56),
    ("27. ACCEPT ASSIGNMENT?", 35, 45, 55, 56), ("28. TOTAL CHARGE", 46, 58, 55, 56),
    ("29. AMOUNT PAID", 59, 69, 55, 56), ("30. Rsvd for NUCC Use", 70, 80, 55, 56),
    ("31. SIGNATURE OF PHYSICIAN OR SUPPLIER\nINCLUDING DEGREES OR CREDENTIALS", 1, 20, 57, 62),
    ("32. SERVICE FACILITY LOCATION INFORMATION", 21, 45, 57, 61),
    ("33. BILLING PROVIDER INFO & PH #", 46, 80, 57, 61),
    ("a.", 21, 32, 62, 62), ("b.", 33, 45, 62, 62), ("a.", 46, 57, 62, 62), ("b.", 58, 80, 62, 62),
]
SERVICE_COLUMNS = (1, 19, 21, 24, 44, 49, 59, 62, 64, 67, 81)   # left edges of 24A..24J, then the right edge
CENTS_COLUMN = 57                                               # the dollars | cents rule in 24F and 28
SELF_CHECKBOX = 32                                              # item 6, patient relationship: self
# (column, line, caption): the check boxes, with the caption printed beside each
CHECKBOXES = [
    (1, 8, "MEDICARE"), (8, 8, "MEDICAID"), (15, 8, "TRICARE"), (24, 8, "CHAMPVA"), (31, 8, "GROUP HEALTH"),
    (39, 8, "FECA"), (45, 8, "OTHER"), (42, 10, "M"), (47, 10, "F"),
    (SELF_CHECKBOX, 12, "Self"), (36, 12, "Spouse"), (40, 12, "Child"), (44, 12, "Other"),
    (35, 20, "YES"), (41, 20, "NO"), (35, 22, "YES"), (41, 22, "NO"), (35, 24, "YES"), (41, 24, "NO"),
    (68, 20, "M"), (75, 20, "F"), (52, 26, "YES"), (57, 26, "NO"),
    (17, 56, ""), (19, 56, ""), (37, 56, "YES"), (42, 56, "NO"),
]
SERVICE_LINES = 6
DIAGNOSIS_COLUMNS = (1, 14, 27, 40)      # A-D, E-H, I-L on lines 38, 39, 40; the code two columns on


def x(column: float) -> float:
    return LEFT_INCH + (column - 1) * COLUMN_INCH


def top(line: float) -> float:
    return TOP_INCH + (line - 1) * LINE_INCH


def baseline(line: float) -> float:
    return TOP_INCH + line * LINE_INCH - 0.035


def service_line(index: int) -> int:
    """Grid line of the unshaded part of service line `index` (0..5); the shaded part is one above."""
    return 44 + 2 * index


def _box(pdf: FPDF, label: str, first: int, last: int, top_line: int, bottom_line: int) -> None:
    pdf.rect(x(first), top(top_line), (last - first + 1) * COLUMN_INCH, (bottom_line - top_line + 1) * LINE_INCH)
    pdf.set_font_size(4.3 if last - first < 3 else 5.5)
    for row, text in enumerate(label.split("\n")):
        pdf.text(x(first) + 0.025, top(top_line) + 0.07 + row * 0.075, text)


def _checkbox(pdf: FPDF, column: int, line: int, caption: str) -> None:
    pdf.rect(x(column), top(line) + 0.035, 0.1, 0.1)
    if caption:
        pdf.text(x(column) + 0.13, top(line) + 0.12, caption)


def _cents_rule(pdf: FPDF, line: int) -> None:
    pdf.line(x(CENTS_COLUMN) + 0.012, top(line) + 0.03, x(CENTS_COLUMN) + 0.012, top(line + 1))


def _service_grid(pdf: FPDF) -> None:
    for i in range(SERVICE_LINES):
        line = service_line(i)
        pdf.set_fill_color(*SHADE)
        pdf.rect(x(1), top(line - 1), x(81) - x(1), LINE_INCH, style="DF")
        pdf.rect(x(1), top(line), x(81) - x(1), LINE_INCH)
        for left in SERVICE_COLUMNS[1:-1]:
            pdf.line(x(left), top(line), x(left), top(line + 1))
        _cents_rule(pdf, line)
        pdf.text(x(1) - 0.13, top(line) + 0.06, str(i + 1))
        pdf.text(x(64) + 0.06, top(line) + 0.12, "NPI")


def draw_blank_form(pdf: FPDF) -> None:
    """The form's boxes, labels and check boxes in red on the current (blank) page."""
    pdf.set_draw_color(*FORM_RED)
    pdf.set_text_color(*FORM_RED)
    pdf.set_line_width(0.008)
    pdf.set_font("Helvetica", "B", 13)
    pdf.text(x(1), baseline(5), "HEALTH INSURANCE CLAIM FORM")
    pdf.set_font("Helvetica", "", 5.5)
    pdf.text(x(1), baseline(6) - 0.04, "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12")
    pdf.text(x(50), baseline(1), "CARRIER")
    for box in BOXES:
        _box(pdf, *box)
    pdf.set_font_size(5.5)
    for checkbox in CHECKBOXES:
        _checkbox(pdf, *checkbox)
    pdf.text(x(41), top(37) + 0.07, "ICD Ind.")
    pdf.set_font_size(7)
    for index, letter in enumerate("ABCDEFGHIJKL"):
        pdf.text(x(DIAGNOSIS_COLUMNS[index % 4]), top(38 + index // 4) + 0.11, f"{letter}.")
    _cents_rule(pdf, 56)
    pdf.set_font_size(5.5)
    _service_grid(pdf)
    pdf.text(x(1), baseline(64), "NUCC Instruction Manual available at: www.nucc.org")
    pdf.text(x(60), baseline(64), "FORM CMS-1500 (02-12)")
    pdf.set_text_color(0)
    pdf.set_draw_color(0)


def put(pdf: FPDF, line: int, column: float, value: object, width: int | None = None) -> None:
    """Print `value` at (line, column) in the data font, cut to `width` characters."""
    text = "" if value is None else str(value)
    if width is not None:
        text = text[:width]
    if text:
        pdf.text(x(column) + DATA_NUDGE_INCH, baseline(line), text)


def put_right(pdf: FPDF, line: int, last_column: int, value: str) -> None:
    """Print `value` so that it ends inside `last_column`, clear of the rule on its right (amounts, units)."""
    if value:
        pdf.text(x(last_column + 1) - DATA_NUDGE_INCH - pdf.get_string_width(value), baseline(line), value)
