"""The same document twice (the PDF and the .docx of one plan, the same file downloaded again
under another name) is recognised by its text, reported at import, listed and counted once, and
both files stay its sources."""
from __future__ import annotations

import json
import shutil

import docx
import pdfgen

from kb.knowledge_base import KnowledgeBase

TITLE = "某市碳达峰实施方案"
PARAGRAPHS = [
    TITLE,
    "一、重点任务",
    "（一）能源绿色低碳转型行动。",
    "1.严格合理控制煤炭消费。到2025年，煤炭消费比重下降到20%以下，非化石能源消费比重达到26%。（市发展改革局牵头，市工业和信息化局配合）",
    "2.大力发展可再生能源。加快开发利用海上风电，大力提升光伏发电规模，坚持集中式与分布式开发并举。（市发展改革局牵头）",
    "3.推动交通运输工具装备低碳转型，积极推广新能源和清洁能源车辆，2025年底前完成公交车电动化。（责任单位：市交通运输局）",
]


def plan_pdf(path, paragraphs=PARAGRAPHS):
    return pdfgen.paged_text_pdf(path, paragraphs * 3, footer_style="- {n} -")


def plan_docx(path, paragraphs=PARAGRAPHS):
    document = docx.Document()
    for text in paragraphs * 3:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_the_pdf_and_the_docx_of_one_plan_are_one_document_with_two_sources(tmp_path):
    # the .docx says one thing more: not the same words, but the same title and nearly the same text
    pdf, word = plan_pdf(tmp_path / "方案.pdf"), plan_docx(tmp_path / "方案（印发稿）.docx", PARAGRAPHS + ["（此件公开发布）"])
    with KnowledgeBase(tmp_path / "kb") as kb:
        (first,) = kb.ingest([pdf]).results
        obligations, departments = len(kb.obligations()), kb.departments()
        (second,) = kb.ingest([word]).results
        assert second.status == "stored"
        assert f"与已有文件内容相同：方案.pdf（{TITLE}）" in second.warnings
        assert second.duplicate_of == first.doc_ids
        (doc,) = kb.documents()  # listed once
        assert kb.document_count() == 1 and kb.db.count("files") == 2
        assert [p.rsplit("/", 1)[-1] for p in doc.sources] == ["方案.pdf", "方案（印发稿）.docx"]
        assert len(kb.obligations()) == obligations and kb.departments() == departments  # counted once
        hits = kb.search('"严格合理控制煤炭消费"', limit=100)
        assert hits and {h.doc_id for h in hits} == {doc.id}
        assert kb.find_documents("印发稿")[0].id == doc.id  # the copy's file name finds the document
        assert kb.remove(TITLE) == [TITLE]  # removing the document removes both its files
        assert kb.db.count("files") == 0 and kb.is_empty()


def test_a_copy_under_another_name_is_kept_as_a_source_and_takes_over_when_the_first_goes(tmp_path):
    from kb.store import write

    pdf = plan_pdf(tmp_path / "plan.pdf")
    copy = tmp_path / "下载" / "plan(1).pdf"
    copy.parent.mkdir()
    shutil.copy(pdf, copy)
    with KnowledgeBase(tmp_path / "kb") as kb:
        kb.ingest([pdf])
        (again,) = kb.ingest([copy]).results
        assert again.status == "stored" and any(w.startswith("与已有文件内容相同：plan.pdf") for w in again.warnings)
        assert kb.document_count() == 1
        write.remove_file(kb.db, str(pdf.resolve()))  # the first file goes: the copy is the document now
        (doc,) = kb.documents()
        assert doc.file == "plan(1).pdf" and doc.duplicate_of is None
        assert kb.obligations() and all(o.file == "plan(1).pdf" for o in kb.obligations())


def test_another_plan_of_the_same_title_is_not_a_copy(tmp_path):
    other = [TITLE, "一、总体要求", "坚持系统观念，统筹发展和安全，以降碳为重点战略方向，推动减污降碳协同增效。" * 3,
             "二、主要目标", "到2030年，单位地区生产总值二氧化碳排放比2005年下降65%以上。" * 3]
    with KnowledgeBase(tmp_path / "kb") as kb:
        kb.ingest([plan_pdf(tmp_path / "a.pdf")])
        (result,) = kb.ingest([plan_pdf(tmp_path / "b.pdf", other)]).results
        assert not result.duplicate_of and not any("内容相同" in w for w in result.warnings)
        assert kb.document_count() == 2


def test_docs_json_names_every_source_and_ingest_json_the_copy(tmp_path):
    from kb.cli import main
    import contextlib
    import io

    kb_dir = str(tmp_path / "kb")
    pdf, word = plan_pdf(tmp_path / "方案.pdf"), plan_docx(tmp_path / "方案.docx")

    def run(*args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main([*args, "--kb", kb_dir]) == 0
        return [json.loads(line) for line in out.getvalue().splitlines()]

    run("ingest", str(pdf), "--json")
    (record,) = run("ingest", str(word), "--json")
    assert set(record) >= {"file", "status", "reason", "stage", "documents", "pages", "warnings", "duplicate_of"}
    assert len(record["duplicate_of"]) == 1
    (doc,) = run("docs", "--json")
    assert doc["sources"] == ["方案.pdf", "方案.docx"] and doc["file"] == "方案.pdf"
