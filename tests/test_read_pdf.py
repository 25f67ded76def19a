"""Reading PDFs: reading order by position, fake bold, page furniture, wraps and page breaks."""
from __future__ import annotations

import pdfgen
from kb.ingest import parse_file
from kb.text import normalize

PARAGRAPH = "到 2025 年，单位地区生产总值能源消耗比 2020 年下降 14.5%，单位地区生产总值二氧化碳排放完成省下达目标，非化石能源消费比重达到 26%。"


def body_texts(path):
    (doc,) = parse_file(path)
    return [p.text for p in doc.passages if p.kind in ("text", "heading")]


def test_out_of_order_text_runs_come_back_in_reading_order(tmp_path):
    lines = ["一、总体要求", "严格控制化石能源消费，大力发展新能源，", "加快构建清洁低碳安全高效的能源体系。"]
    pdf = pdfgen.out_of_order_pdf(tmp_path / "shuffled.pdf", lines)
    texts = body_texts(pdf)
    assert texts[0] == "一、总体要求"
    assert "".join(texts[1:]) == "严格控制化石能源消费，大力发展新能源，加快构建清洁低碳安全高效的能源体系。"


def test_fake_bold_doubled_characters_are_read_once(tmp_path):
    pdf = pdfgen.fake_bold_pdf(tmp_path / "bold.pdf", "重点任务分工表")
    assert body_texts(pdf) == ["重点任务分工表"]


def test_spaces_in_numbers_are_normalised_and_lines_joined(tmp_path):
    pdf = pdfgen.paged_text_pdf(tmp_path / "p.pdf", [PARAGRAPH])
    assert body_texts(pdf) == ["到2025年，单位地区生产总值能源消耗比2020年下降14.5%，单位地区生产总值二氧化碳排放完成省下达目标，非化石能源消费比重达到26%。"]


def test_page_numbers_and_running_headers_never_end_up_in_text(tmp_path):
    paragraphs = [f"第{i}段：" + PARAGRAPH for i in range(40)]
    for style in pdfgen.FOOTER_STYLES:
        pdf = pdfgen.paged_text_pdf(tmp_path / f"{len(style)}.pdf", paragraphs, header="珠海市碳达峰实施方案", footer_style=style)
        (doc,) = parse_file(pdf)
        assert doc.page_count > 3
        texts = [p.text for p in doc.passages]
        # every paragraph comes back whole, nothing else does
        assert texts == [f"第{i}段：" + PARAGRAPH.replace(" ", "").replace("14.5%", "14.5%") for i in range(40)], style


def test_paragraph_over_a_page_break_is_one_passage_knowing_both_pages(tmp_path):
    paragraphs = ["短段落。"] * 20 + [PARAGRAPH * 3]
    pdf = pdfgen.paged_text_pdf(tmp_path / "p.pdf", paragraphs, footer_style="- {n} -")
    (doc,) = parse_file(pdf)
    last = doc.passages[-1]
    assert last.text == PARAGRAPH.replace(" ", "") * 3
    assert last.pages == (1, 2)


def test_characters_outside_the_bmp_are_joined_and_lone_halves_dropped_with_a_warning(tmp_path):
    from kb.knowledge_base import KnowledgeBase
    from kb.models import PageWarning
    from kb.read import read_file

    pdf = pdfgen.surrogate_pdf(tmp_path / "math.pdf")
    (page,) = read_file(pdf)
    (line,) = page.lines
    assert "intensity 𝑥 drops" in line.text  # one character, not two halves
    assert not any(0xD800 <= ord(c) < 0xE000 for c in line.text)
    assert page.warning is PageWarning.INVALID_CHARS
    with KnowledgeBase(tmp_path / "kb") as kb:  # SQLite and the index take it: no internal error
        (result,) = kb.ingest([pdf]).results
        assert result.status == "stored", result.reason
        assert result.warnings == ["第1页：含无法识别的字符编码，已删除"]
        assert kb.search("intensity")


def read_tables(path, monkeypatch) -> tuple[list, list[int]]:
    """The tables read_file finds on page 1, and the pages it had pdfplumber parse (the fallback)."""
    from kb.read import pdf as pdf_reader
    from kb.read import read_file

    parsed = []
    plumber_tables = pdf_reader.plumber_tables
    monkeypatch.setattr(pdf_reader, "plumber_tables", lambda page, number: parsed.append(number) or plumber_tables(page, number))
    return read_file(path, ocr=False)[0].tables, parsed


def pdfplumbers_tables(path) -> list:
    import pdfplumber

    from kb.read.tables import plumber_tables

    with pdfplumber.open(path) as plumber:
        return plumber_tables(plumber.pages[0], 1)


def normalised(table) -> list[list[str]]:
    """A table's cells as kb.layout reads them (spaces beside Chinese dropped)."""
    return [[normalize(cell or "") for cell in row] for row in table.rows]


def assert_same_tables(found, expected) -> None:
    assert len(found) == len(expected)
    for table, wanted in zip(found, expected):
        assert len(table.rows) == len(wanted.rows)
        for row, wanted_row in zip(table.rows, wanted.rows):
            assert row == wanted_row  # cell by cell, merged cells (None) included
        for side in ("top", "bottom", "x0", "x1"):  # pdfium's 32-bit floats against pdfminer's 64-bit ones
            assert abs(getattr(table, side) - getattr(wanted, side)) < 0.01, side


def test_a_ruled_table_is_read_from_pdfiums_geometry_as_pdfplumber_reads_it(tmp_path, monkeypatch):
    header = ["序号", "重点任务", "牵头单位", "完成时限"]
    rows = [["1", "推广绿色建筑，新建建筑全面执行绿色建筑标准", "市住房城乡建设局", "2025年底前"],
            ["2", "全面推行绿色施工", None, "持续推进"],
            ["3", "单位GDP能耗下降14.5%", "市发展改革局", ""]]
    path = pdfgen.ruled_table_pdf(tmp_path / "table.pdf", header, rows)
    tables, parsed = read_tables(path, monkeypatch)
    assert parsed == []  # no page went to pdfplumber's own (pdfminer) parse
    assert_same_tables(tables, pdfplumbers_tables(path))
    assert tables[0].rows[0] == tuple(header)
    assert tables[0].rows[2][2] is None  # merged with the cell above


def test_a_word_break_on_pdfplumbers_tolerance_is_left_to_pdfplumber_where_it_is_kept(tmp_path, monkeypatch):
    """A gap of exactly 3 pt: pdfminer's 64-bit sums decide it, which pdfium's 32-bit coordinates
    cannot tell. Between Latin letters the space stays in the cell (kg CO): pdfplumber is asked.
    Beside a Chinese character kb.layout drops it whichever way it falls: read from pdfium, the
    same once normalised. A clear gap is read from pdfium."""
    latin = pdfgen.gapped_table_pdf(tmp_path / "latin.pdf", gap=3.0, first="kg", second="CO")
    tables, parsed = read_tables(latin, monkeypatch)
    assert parsed == [1]
    assert_same_tables(tables, pdfplumbers_tables(latin))
    chinese = pdfgen.gapped_table_pdf(tmp_path / "chinese.pdf", gap=3.0)
    tables, parsed = read_tables(chinese, monkeypatch)
    assert parsed == []
    assert [normalised(t) for t in tables] == [normalised(t) for t in pdfplumbers_tables(chinese)]
    assert normalised(tables[0])[1] == ["基准年", "基准年"]
    clear = pdfgen.gapped_table_pdf(tmp_path / "clear.pdf", gap=6.0)
    tables, parsed = read_tables(clear, monkeypatch)
    assert parsed == []
    assert_same_tables(tables, pdfplumbers_tables(clear))
    assert tables[0].rows == (("项目", "说明"), ("基准年", "基准 年"))


def test_pdfiums_paths_and_characters_are_rebuilt_as_pdfplumber_sees_them(tmp_path):
    """Edge for edge and character for character, to pdfium's precision (its widths and descents
    are whole thousandths of an em, its coordinates 32-bit floats)."""
    import pdfplumber
    import pypdfium2 as pdfium

    from kb.read.tables import SURE, page_chars, page_edges

    path = pdfgen.shapes_pdf(tmp_path / "shapes.pdf")

    def assert_alike(found, expected, kinds, places):
        assert len(found) == len(expected)
        order = lambda o: tuple(o[k] for k in kinds) + tuple(round(o[p]) for p in places)  # noqa: E731
        for a, b in zip(sorted(found, key=order), sorted(expected, key=order)):
            assert all(a[k] == b[k] for k in kinds), (a, b)
            assert all(abs(a[p] - b[p]) < SURE for p in places), (a, b)

    with pdfplumber.open(path) as plumber:
        edges, chars = plumber.pages[0].edges, plumber.pages[0].chars
    document = pdfium.PdfDocument(path)
    page = document[0]
    textpage = page.get_textpage()
    try:
        assert_alike(page_edges(page), edges, ("object_type", "orientation"), ("x0", "x1", "top", "bottom", "width", "height"))
        read = page_chars(page, textpage)
        assert_alike(read.chars, chars, ("text", "upright"), ("x0", "x1", "top", "bottom"))
        assert read.blanks == [] and read.doubts == []
    finally:
        textpage.close()
        page.close()
        document.close()
