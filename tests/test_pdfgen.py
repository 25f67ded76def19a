"""The test-PDF builders in pdfgen.py produce what their docstrings promise."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

import pdfgen

LINES = [
    "一、总体要求",
    "到 2025 年，单位地区生产总值能源消耗比 2020 年下降 14.5%。",
    "（市发展改革局牵头，市工业和信息化局参与）",
    "二、重点任务",
]


def squash(text: str) -> str:
    """Drop all whitespace: "到 2025 年\\r\\n" -> "到2025年"."""
    return re.sub(r"\s+", "", text)


def pdfium_text(path: Path, page: int = 0, password: str | None = None) -> str:
    """Text of one page in content-stream order, as pypdfium2 reads it."""
    document = pdfium.PdfDocument(path, password=password)
    return document[page].get_textpage().get_text_range()


@pytest.fixture(params=["ttf", "cid"])
def font_kind(request, monkeypatch):
    """Run a test with the embedded wqy-zenhei subset and with the built-in STSong-Light."""
    if request.param == "ttf" and not Path(pdfgen.CJK_TTF_PATH).exists():
        pytest.skip("wqy-zenhei is not installed")
    if request.param == "cid":
        monkeypatch.setattr(pdfgen, "CJK_TTF_PATH", "/nonexistent/font.ttc")
    return request.param


def test_out_of_order_pdf_reads_right_only_by_position(tmp_path, font_kind):
    path = pdfgen.out_of_order_pdf(tmp_path / "scrambled.pdf", LINES)

    in_stream_order = squash(pdfium_text(path))
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        by_position = sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"]))
        by_layout = page.extract_text().splitlines()
        by_flow = squash(page.extract_text(use_text_flow=True))

    expected = squash("".join(LINES))
    assert sorted(in_stream_order) == sorted(expected)  # same characters …
    assert in_stream_order != expected  # … in the wrong order
    assert by_flow != expected
    assert squash("".join(c["text"] for c in by_position)) == expected
    assert by_layout == LINES


def test_fake_bold_pdf_draws_every_character_twice(tmp_path, font_kind):
    text = "一、总体要求。坚持以习近平新时代中国特色社会主义思想为指导"
    path = pdfgen.fake_bold_pdf(tmp_path / "bold.pdf", text, offset=0.4)

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        chars = page.chars
        doubled = squash(page.extract_text())
        deduped = squash(page.dedupe_chars().extract_text())

    assert len(chars) == 2 * len(text)
    assert doubled.startswith("一一、、总总体体要要求求")
    assert deduped == text
    first, copy = sorted((c for c in chars if c["text"] == "总"), key=lambda c: c["x0"])
    assert copy["x0"] - first["x0"] == pytest.approx(0.4, abs=0.01)
    assert copy["top"] == pytest.approx(first["top"])


@pytest.mark.parametrize(
    "footer_style, last_page_footer",
    [("— {n} —", "— 3 —"), ("- {n} -", "- 3 -"), ("第{n}页", "第3页"), ("{n}/{total}", "3/3")],
)
def test_paged_text_pdf_has_header_footer_and_runs_paragraphs_over_pages(tmp_path, footer_style, last_page_footer):
    paragraphs = [sentence * 2 for sentence in pdfgen.SAMPLE_SENTENCES] * 2
    path = pdfgen.paged_text_pdf(tmp_path / "paged.pdf", paragraphs, header="珠海市碳达峰实施方案", footer_style=footer_style)

    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text().splitlines() for page in pdf.pages]

    assert len(pages) == 3
    assert all(lines[0] == "珠海市碳达峰实施方案" for lines in pages)
    assert pages[-1][-1] == last_page_footer
    body = "".join(line for lines in pages for line in lines[1:-1])
    assert squash(body) == squash("".join(paragraphs))
    # the last line of page 1 and the first of page 2 belong to one paragraph
    assert any(squash(pages[0][-2] + pages[1][1]) in squash(p) for p in paragraphs)


def test_paged_text_pdf_without_header_and_bad_footer_style(tmp_path):
    path = pdfgen.paged_text_pdf(tmp_path / "plain.pdf", ["为深入贯彻落实党中央决策部署。"], header=None)
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].extract_text().splitlines() == ["为深入贯彻落实党中央决策部署。", "— 1 —"]
    with pytest.raises(ValueError, match="footer_style"):
        pdfgen.paged_text_pdf(tmp_path / "bad.pdf", ["正文"], footer_style="Page {n}")


HEADER = ["序号", "重点任务", "主要负责单位"]
ROWS = [
    ["1", "严格合理控制煤炭消费", "市发展改革局"],
    ["2", "大力发展可再生能源", None],  # same unit as row 1: a merged cell
    ["3", "", "市工业和信息化局"],  # empty task cell
    ["4", "推广绿色建筑设计", None],
    ["5", "全面推行绿色施工", "市住房城乡建设局"],
]


def test_ruled_table_pdf_repeats_header_and_keeps_merged_and_empty_cells(tmp_path, font_kind):
    path = pdfgen.ruled_table_pdf(tmp_path / "table.pdf", HEADER, ROWS, repeat_header=True, rows_per_page=2)

    with pdfplumber.open(path) as pdf:
        tables = [page.extract_tables() for page in pdf.pages]

    assert [len(found) for found in tables] == [1, 1, 1]
    assert [found[0][0] for found in tables] == [HEADER, HEADER, HEADER]
    rows = [row for found in tables for row in found[0][1:]]
    assert rows == [
        ["1", "严格合理控制煤炭消费", "市发展改革局"],
        ["2", "大力发展可再生能源", None],
        ["3", "", "市工业和信息化局"],
        ["4", "推广绿色建筑设计", None],
        ["5", "全面推行绿色施工", "市住房城乡建设局"],
    ]


def test_ruled_table_pdf_header_only_on_first_page_when_not_repeated(tmp_path):
    path = pdfgen.ruled_table_pdf(tmp_path / "table.pdf", HEADER, ROWS, repeat_header=False, rows_per_page=2)

    with pdfplumber.open(path) as pdf:
        first_rows = [page.extract_tables()[0][0] for page in pdf.pages]

    assert first_rows == [HEADER, ["3", "", "市工业和信息化局"], ["5", "全面推行绿色施工", "市住房城乡建设局"]]


def test_ruled_table_pdf_splits_a_long_table_by_itself(tmp_path):
    rows = [[str(n), "加快构建清洁低碳安全高效的能源体系" * 2, "市发展改革局"] for n in range(1, 61)]
    path = pdfgen.ruled_table_pdf(tmp_path / "long.pdf", HEADER, rows, repeat_header=True, rows_per_page=None)

    with pdfplumber.open(path) as pdf:
        tables = [page.extract_tables()[0] for page in pdf.pages]

    assert len(tables) >= 2
    assert all(table[0] == HEADER for table in tables)
    assert [row[0] for table in tables for row in table[1:]] == [str(n) for n in range(1, 61)]


def test_encrypted_pdf_opens_only_with_its_password(tmp_path):
    path = pdfgen.encrypted_pdf(tmp_path / "locked.pdf")

    with pytest.raises(pdfium.PdfiumError, match="password"):
        pdfium.PdfDocument(path)
    with pytest.raises(Exception):
        pdfplumber.open(path).pages[0].extract_text()
    assert pdfium_text(path, password=pdfgen.USER_PASSWORD) == "珠海市碳达峰实施方案"


@pytest.mark.parametrize("builder", [pdfgen.truncated_pdf, pdfgen.html_as_pdf, pdfgen.empty_file])
def test_broken_files_cannot_be_opened(tmp_path, builder):
    path = builder(tmp_path / "broken.pdf")

    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(path)
    with pytest.raises(Exception):
        with pdfplumber.open(path) as pdf:
            pdf.pages[0].extract_text()


def test_truncated_pdf_is_the_head_of_a_real_pdf(tmp_path):
    data = pdfgen.truncated_pdf(tmp_path / "cut.pdf").read_bytes()

    assert data.startswith(b"%PDF-")
    assert b"%%EOF" not in data
    assert len(data) > 1000


def test_image_only_pdf_has_pictures_but_no_text_layer(tmp_path):
    path = pdfgen.image_only_pdf(tmp_path / "scan.pdf", pages=3)

    with pdfplumber.open(path) as pdf:
        assert [len(page.chars) for page in pdf.pages] == [0, 0, 0]
        assert [len(page.images) for page in pdf.pages] == [1, 1, 1]
    assert squash(pdfium_text(path, page=2)) == ""


def test_big_pdf_has_the_pages_asked_for_with_readable_chinese(tmp_path):
    path = pdfgen.big_pdf(tmp_path / "big.pdf", pages=500)

    document = pdfium.PdfDocument(path)
    assert len(document) == 500
    last = squash(document[499].get_textpage().get_text_range())
    assert last.startswith("（500）重点任务第500条各区各部门要按照本方案要求落实第500项任务")
    assert last.endswith("—500—")
