"""Page breaks never cut a passage, and page furniture never becomes one, on PDFs laid out the
way real ones are (re-typeset books, converted files, scans): see bench/page_breaks.py for the
same counts over ../shared/corpus-dev."""
from __future__ import annotations

import re

import pdfgen
from kb.ingest import parse_file

SENTENCES = [
    "到2025年，单位地区生产总值能源消耗比2020年下降14.5%，单位地区生产总值二氧化碳排放完成省下达目标。",
    "加快构建清洁低碳安全高效的能源体系，大力发展海上风电和分布式光伏，积极推进光伏建筑一体化建设。",
    "严格控制高耗能高排放项目盲目发展，对在建项目实施清单管理、分类处置、动态监控，坚决遏制两高项目。",
]
LONG = "".join(SENTENCES * 3)  # a paragraph of about nine lines
PARAGRAPHS = [f"（{n}）" + LONG for n in "一二三四五六"]


def passages(pdf):
    (doc,) = parse_file(pdf)
    return [p for p in doc.passages if p.kind in ("text", "heading")]


def assert_whole(found, paragraphs=PARAGRAPHS):
    """Every paragraph comes back as one passage, in order, and nothing else does."""
    assert [p.text for p in found] == paragraphs
    assert any(len(p.pages) > 1 for p in found)  # some of them run over a page break


def test_page_numbers_above_the_footer_band_are_not_text(tmp_path):
    for footer in ("——{n}——", "- {n} -", "{n}"):
        pdf = pdfgen.retypeset_pdf(tmp_path / "high.pdf", PARAGRAPHS, footer=footer, footer_y=110)
        found = passages(pdf)
        assert not [p.text for p in found if re.fullmatch(r"[—\-\s\d]+", p.text)], footer
        assert_whole(found)


def test_mirrored_margins_do_not_split_paragraphs_at_page_breaks(tmp_path):
    pdf = pdfgen.retypeset_pdf(tmp_path / "mirrored.pdf", PARAGRAPHS, even_shift=24)
    assert_whole(passages(pdf))


def test_a_paragraph_wrapped_wider_than_its_page_is_one_passage(tmp_path):
    # every full line leaves its last two characters on a short line of their own
    pdf = pdfgen.retypeset_pdf(tmp_path / "tails.pdf", PARAGRAPHS, tail_wrap=True)
    assert_whole(passages(pdf))


def test_a_footnote_waits_until_the_paragraph_it_interrupts_has_ended(tmp_path):
    note = "蓝碳：即海洋碳汇，是利用海洋活动及海洋生物吸收大气中的二氧化碳并将其固定在海洋中的过程。"
    pdf = pdfgen.retypeset_pdf(tmp_path / "note.pdf", PARAGRAPHS[:2], footnote=note, lines_per_page=14)
    found = passages(pdf)
    assert found[0].text == PARAGRAPHS[0] and found[0].pages == (1, 2)  # runs on over the footnote
    assert "".join(p.text for p in found[1:]).startswith("[1]" + note[:20])
    assert found[-1].text == PARAGRAPHS[1]


def test_a_raised_exponent_stays_in_its_line(tmp_path):
    text = "藻密度为4.53×10细胞/升，存在水华爆发风险。" + LONG
    pdf = pdfgen.retypeset_pdf(tmp_path / "sup.pdf", [text], superscript="4.53×10")
    (found,) = passages(pdf)
    assert found.text.startswith("藻密度为4.53×10⁷细胞/升")


def test_a_footnote_mark_after_a_word_does_not_split_it_from_its_sentence(tmp_path):
    # 07_广东省应对气候变化“十四五”专项规划.pdf p14: "全省森林覆盖率¹达到58.9%", the ¹ a footnote's mark
    text = "全省森林覆盖率达到58.9%，森林蓄积量达到6.2亿立方米。" + LONG
    pdf = pdfgen.retypeset_pdf(tmp_path / "mark.pdf", [text], superscript="全省森林覆盖率")
    (found,) = passages(pdf)
    assert found.text.startswith("全省森林覆盖率达到58.9%")
