"""Reading PDFs: reading order by position, fake bold, page furniture, wraps and page breaks."""
from __future__ import annotations

import pdfgen
from kb.ingest import parse_file

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
