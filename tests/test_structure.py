"""Structure: tables as rows of cells, clause paths, document metadata, compilations, txt/docx."""
from __future__ import annotations

import pdfgen
import pytest
from conftest import SEEDS, absent, corpus_pdf

from kb.ingest import parse_file


@pytest.fixture(scope="module")
def zhuhai():
    (doc,) = parse_file(corpus_pdf("002"))
    return doc


def test_task_table_over_five_pages_is_one_table_of_30_rows_of_4_cells(zhuhai):
    (table,) = zhuhai.tables
    assert len(table.pages) == 5
    assert len(table.rows) == 30
    assert {len(row) for row in table.rows} == {4}
    assert [row[0] for row in table.rows] == [str(i) for i in range(1, 31)]
    # "same as above" cells stay empty in their own column; the task text is never shifted into it
    assert table.rows[2][:2] == ("3", "")
    assert table.rows[2][2].startswith("按省统一部署推动能耗“双控”")
    assert table.rows[0][3] == "市发展改革局、工业和信息化局、住房城乡建设局、交通运输局、珠海供电局，各区人民政府（管委会）"
    assert table.title == "重点任务分工表"


def test_passages_carry_their_clause_path_and_pages(zhuhai):
    task = next(p for p in zhuhai.passages if p.text.startswith("1.严格合理控制煤炭消费"))
    assert task.clause == "二、重点任务 › （一）能源绿色低碳转型行动 › 1.严格合理控制煤炭消费"
    assert task.kind == "text"
    heading = next(p for p in zhuhai.passages if p.text == "二、重点任务")
    assert heading.kind == "heading"
    assert 1 < heading.page < task.page


def test_document_metadata_comes_from_the_text(zhuhai):
    meta = zhuhai.meta
    assert meta.title == "珠海市碳达峰实施方案"
    assert meta.doc_number == "珠府〔2023〕39号"
    assert meta.issuers == ("珠海市人民政府",)
    assert meta.issue_date == "2023-05-19"
    assert meta.jurisdiction == "珠海市"


def test_a_compilation_yields_one_document_per_notice_with_its_own_pages():
    docs = parse_file(corpus_pdf("004"))
    assert [d.meta.title for d in docs] == [
        "重点海域综合治理攻坚战行动方案",
        "上海市推进污水资源化利用实施方案",
        "上海市公共机构绿色低碳循环发展行动方案",
    ]
    assert [d.meta.doc_number for d in docs[:2]] == ["环海洋〔2022〕11号", "沪发改环资〔2022〕6号"]
    assert [d.meta.jurisdiction for d in docs] == ["国家", "上海市", "上海市"]
    assert docs[0].first_page == 1
    for a, b in zip(docs, docs[1:]):
        assert a.last_page < b.first_page or a.last_page == b.first_page  # a notice may start mid-page
    assert all(p.page >= d.first_page and p.page <= d.last_page for d in docs for p in d.passages)


# Title lines as real notices print them (file and page of each), and the title a user should see
TITLES = [
    # 117、繁昌区节能降碳若干支持措施.pdf p1: the 文号 on a line of its own, then "现将《…》印发给你们"
    (["繁政办〔2022〕3号", "各镇人民政府，繁昌经济开发区管委会，区有关单位：",
      "现将《繁昌区节能降碳若干支持措施》印发给你们，请结合实际认真贯彻执行。", "2022年3月9日",
      "为推动全区节能降碳工作，制定以下措施。"], "繁昌区节能降碳若干支持措施"),
    # 8、关于深化生态保护补偿制度改革的意见.pdf p1: who issued it, then the document issued
    (["中共中央办公厅、国务院办公厅印发《关于深化生态保护补偿制度改革的意见》",
      "生态保护补偿制度作为生态文明制度的重要组成部分，是落实生态保护权责的重要手段。"], "关于深化生态保护补偿制度改革的意见"),
    # 129、上海市2021年节能减排和应对气候变化重点工作安排.pdf p1: the 文号 in ASCII brackets
    (["上海市发展和改革委员会关于印发上海市2021年节能减排和应对气候变化重点工作安排的通知(沪发改环资〔2021〕77号)",
      "各区人民政府，市政府各委、办、局：请结合实际认真贯彻执行。"], "上海市2021年节能减排和应对气候变化重点工作安排"),
    # 171、“十四五”建筑节能与绿色建筑发展规划.pdf p1: quotation marks that are part of the title
    (["“十四五”建筑节能与绿色建筑发展规划", "建筑节能与绿色建筑发展是推进城乡建设绿色发展的重要内容。"],
     "“十四五”建筑节能与绿色建筑发展规划"),
]


@pytest.mark.parametrize("paragraphs, title", TITLES, ids=[t for _, t in TITLES])
def test_the_title_is_the_plan_a_notice_issues_as_printed(tmp_path, paragraphs, title):
    (doc,) = parse_file(pdfgen.paged_text_pdf(tmp_path / "notice.pdf", paragraphs))
    assert doc.meta.title == title


def test_a_cover_letter_keeps_its_doc_number(tmp_path):
    (doc,) = parse_file(pdfgen.paged_text_pdf(tmp_path / "letter.pdf", TITLES[0][0]))
    assert doc.meta.doc_number == "繁政办〔2022〕3号"


def test_table_continued_over_pages_without_repeated_header_is_one_table(tmp_path):
    header = ["序号", "重点任务", "牵头单位"]
    rows = [[str(i), f"第{i}项任务，推进绿色低碳发展", "市发展改革局"] for i in range(1, 13)]
    for repeat in (True, False):
        pdf = pdfgen.ruled_table_pdf(tmp_path / f"t{repeat}.pdf", header, rows, repeat_header=repeat, rows_per_page=4)
        (doc,) = parse_file(pdf)
        (table,) = doc.tables
        assert table.header == tuple(header)
        assert [r[0] for r in table.rows] == [str(i) for i in range(1, 13)], repeat
        assert table.pages == (1, 2, 3)


def test_merged_cells_leave_an_empty_cell_in_place(tmp_path):
    header = ["序号", "重点任务", "责任单位"]
    rows = [["1", "推广绿色建筑", "市住房城乡建设局"], ["2", "全面推行绿色施工", None], ["3", "优化建筑用能结构", "市发展改革局"]]
    (doc,) = parse_file(pdfgen.ruled_table_pdf(tmp_path / "m.pdf", header, rows))
    (table,) = doc.tables
    assert [list(r) for r in table.rows] == [
        ["1", "推广绿色建筑", "市住房城乡建设局"],
        ["2", "全面推行绿色施工", ""],
        ["3", "优化建筑用能结构", "市发展改革局"],
    ]


def test_txt_goes_through_the_same_structure_step():
    if not SEEDS.is_dir():
        pytest.skip(absent(SEEDS))
    (doc,) = parse_file(next(SEEDS.glob("002_*.txt")))
    assert doc.meta.title == "珠海市碳达峰实施方案"
    (table,) = doc.tables
    assert len(table.rows) == 30 and {len(r) for r in table.rows} == {4}
    task = next(p for p in doc.passages if p.text.startswith("1.严格合理控制煤炭消费"))
    assert task.clause == "二、重点任务 › （一）能源绿色低碳转型行动 › 1.严格合理控制煤炭消费"
    # hard-wrapped text (seed 001) is joined into paragraphs, numbers normalised
    (synergy,) = parse_file(next(SEEDS.glob("001_*.txt")))
    goal = next(p for p in synergy.passages if p.text.startswith("到2025年，初步构建减污降碳协同制度体系"))
    assert "建设50个减污降碳协同控制标杆项目，形成一批可复制、可推广的典型经验" in goal.text


def test_docx_goes_through_the_same_structure_step(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("某市碳达峰实施方案")
    document.add_paragraph("一、重点任务")
    document.add_paragraph("（一）能源绿色低碳转型行动。")
    document.add_paragraph("1.严格合理控制煤炭消费。到 2025 年，煤炭消费比重下降到 20% 以下。")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "重点任务", "牵头单位"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "严格合理控制煤炭消费", "市发展改革局"]):
        cell.text = text
    path = tmp_path / "plan.docx"
    document.save(path)
    (doc,) = parse_file(path)
    task = next(p for p in doc.passages if p.text.startswith("1.严格"))
    assert task.text == "1.严格合理控制煤炭消费。到2025年，煤炭消费比重下降到20%以下。"
    assert task.clause == "一、重点任务 › （一）能源绿色低碳转型行动 › 1.严格合理控制煤炭消费"
    assert doc.tables[0].rows == (("1", "严格合理控制煤炭消费", "市发展改革局"),)


def test_scanned_pages_are_reported_and_scrambled_text_is_flagged(tmp_path):
    (scan,) = parse_file(pdfgen.image_only_pdf(tmp_path / "scan.pdf", pages=3), ocr=False)
    assert {n: w.message for n, w in scan.page_warnings.items()} == {1: "无文字层，需要OCR", 2: "无文字层，需要OCR", 3: "无文字层，需要OCR"}
    (scrambled,) = parse_file(corpus_pdf("000"))
    assert len(scrambled.page_warnings) > scrambled.page_count / 2
    assert all("文字顺序错乱" in w.message for w in scrambled.page_warnings.values())
    (clean,) = parse_file(corpus_pdf("001"))
    assert clean.page_warnings == {}
