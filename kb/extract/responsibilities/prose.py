"""Prose subjects: a sentence whose clause opens with named bodies and a verb that gives them the
task, in passages no note or block line covers.

Forms read (the role each gives):
  市碳达峰碳中和工作领导小组办公室要加强统筹协调…                     responsible
  由市生态环境局负责… / 由市发展改革委牵头…                         responsible / lead
  市生态环境局会同市发展改革委等有关部门组织专家组对申报项目进行评审   lead, co 市发展改革委 (深圳 25)
Sentences about what was done are not tasks: "…制定了《重点海域综合治理攻坚战行动方案》".
"""
from __future__ import annotations

import re

from ...models import Document, Obligation, Role
from ..deadlines import document_year, find_deadlines
from ..departments import is_unit_name, registry, split_units
from .roles import BY_UNIT, PROSE_ROLE, SUBJECT_VERB, WITH_VERBS, _named_body

# A sentence about what was done, not a task: "…会同发展改革委…制定了《重点海域综合治理攻坚战行动方案》"
# (了 after a verb; 为了/除了/了解 are not past), "已经启动", "已建成" (but "在已有基础上" and "已建成的设施"
# can be part of a task), and the notice's own issuing ("现予印发", "现印发给你们").
# Documents that report rather than assign: "《中国应对气候变化的政策与行动》白皮书"
REPORT_TITLE = re.compile(r"白皮书|工作总结|情况报告|年度报告|综述")
SENTENCE_ENDS = ("。", "！", "？", "；", "：", ":", "）", ")")
# Closing words of a rule, not a task: "本办法由交通运输部、公安部、商务部负责解释"
BOILERPLATE = re.compile(r"本(?:办法|规定|细则|方案|通知|意见|指南|规程|条例|制度|公告|决定|指引|规则|标准|计划|导则|准则|守则|目录|要点)"
                         r"(?:由|自).{0,60}(?:负责解释|解释|施行|实施)")
# The tail or the whole of a responsibility note that was not read as one: "（各相关部门按职责分工负责）",
# "…中国铁路南宁局集团按职责分工负责）" (the bracket opened on the page before)
NOTE_TAIL = re.compile(r"(?:负责|牵头|参与|配合|落实)[）)]\s*[。；]?$|^[（(]")
# An article or item number opening a sentence: "第五条", "（三）"
ARTICLE = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+条|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、"
                     r"|\d{1,2}[.．、](?!\d))")
# A clause that only says when, before the subject's clause: "2025年底前，", "力争到2025年，"
TIME_CLAUSE = re.compile(r"(?:力争|争取)?(?:到|至|在|于)?20\d{2}年(?:\d{1,2}月)?(?:底|末)?(?:前|以前|之前)?[，,]")
# Where a subject's words go on past the body: "市工业和信息化主管部门通过门户网站对资助项目予以公示"
SUBJECT_GOES_ON = re.compile(r"通过|依托|按照|依照|依据|根据|结合|围绕")
# Words that open a phrase about circumstances, never the one who acts
PREPOSITIONS = ("根据", "按照", "依据", "依照", "为了", "为", "在", "对", "由于", "通过", "结合", "围绕", "以", "经", "将", "把", "向", "与", "和", "及")
# 会同 later in the subject's own sentence, opening a clause
LATER_WITH = re.compile(r"(?:^|[，,]|[，,]?并)(会同)")
# Verbs that open the task after the co units; no body's name holds them (深圳 312 p.10: "会同市地方金融
# 监管部门做好碳排放权交易场所金融风险监管和处置")
TASK_VERB = re.compile(r"做好|开展|加强|制定|落实|督促|研究制定|组织开展|共同")
# Units helping the lead of "由X牵头": "、林业部门配合", "，市财政局等参与"
CO_AFTER_LEAD = re.compile(r"^[、，,](?P<units>[^，,。；、]{2,40}?)(?:等)?(?:配合|参与|协助|协同)")
# A numbered heading run into its text: "3.4.3跟踪复核省级绿色制造管理部门应组织…" (505 p.7)
DOTTED_HEADING = re.compile(r"^\d+(?:\.\d+)+[\u4e00-\u9fff]{2,8}?(?=省级|市级|县级|区级|国家|各|省|市|县|区)")
# A subject alone in its clause, the verb opening the next: "符合申报条件的城市人民政府，应结合…"
LONE_SUBJECT = re.compile(r"^(?:.{0,20}的)?(?P<units>[^，；：的]{2,30})[，,]$")
# A clause that opens with a verb makes what it names an object, not a subject: "建立危险废物收集和
# 预处理的转运中心，对…进行…" (三亚 442 p.63) builds a facility; no 转运中心 is given a task
MAKES_OBJECT = re.compile(r"^(?:建立|建设|新建|设立|成立|组建|筹建|打造|培育|建成|布局|规划建设|依托|完善|健全|推动|推进|加快|鼓励|支持)")
# "毕节市林业碳票由市级林业主管部门负责制发" (毕节 162 p.1): the body after 由 acts, not the thing before
# it (自由贸易区 and 由于 are no 由 of an agent)
BY_INSIDE = re.compile(r"(?<!自)由(?!于)")
PAST_TENSE = re.compile(
    r"(?<![为除])了(?![解结])|已经|已(?:完成|建成|制定|印发|出台|发布|取得|形成|实现)(?!的)|现予印发|印发给你们")


def prose_obligations(doc: Document, covered: set[int]) -> list[Obligation]:
    """Obligations whose subject is a named body: "市碳达峰碳中和工作领导小组办公室要加强统筹协调…"."""
    jurisdiction = doc.meta.jurisdiction
    year = document_year(doc)
    out: list[Obligation] = []
    if REPORT_TITLE.search(doc.meta.title or ""):
        return out  # a white paper says what is done, it gives no one a task
    for first, text, pages in _sentences_runs(doc.passages, covered):
        for sentence in re.findall(r"[^。！？；;]+[。！？；;]?", text):
            if BOILERPLATE.search(sentence) or NOTE_TAIL.search(sentence.strip()):
                continue
            for task, role, units, co in _prose_subjects(sentence, jurisdiction):
                if PAST_TENSE.search(task):
                    continue
                out.append(_obligation(first, pages, sentence, task, role, units, co, year))
    return out


def _obligation(first, pages, sentence: str, task: str, role, units, co, year) -> Obligation:
    compact = re.sub(r"\s+", "", sentence)
    lead_in = compact[: compact.find(task)] if task else ""
    last_clause = re.search(r"[^，,；;：:]*[，,]$", lead_in)
    # "…加强油品监管执法，2025年底前，全省…加油站，应安装…": the time the clause before states
    when = last_clause.group(0) if last_clause and TIME_CLAUSE.fullmatch(last_clause.group(0)) else ""
    return Obligation(
        passage_seq=first.seq,
        text=task,
        pages=pages,
        clause_path=first.clause_path,
        lead=tuple(units) if role == Role.LEAD else (),
        co=tuple(co),
        responsible=tuple(units) if role == Role.RESPONSIBLE else (),
        deadlines=tuple(find_deadlines(when + task, year)),
        source="prose",
    )


def _sentences_runs(passages, covered: set[int]):
    """(first passage, text, pages) of the text passages no note covers, a passage that stops
    inside a sentence (a page break) joined with the next one of its clause."""
    run: list = []
    for p in passages:
        if p.kind != "text" or p.seq in covered:
            if run:
                yield _joined(run)
                run = []
            continue
        if run and (run[-1].clause_path != p.clause_path or re.sub(r"\s+", "", run[-1].text).endswith(SENTENCE_ENDS)):
            yield _joined(run)
            run = []
        run.append(p)
    if run:
        yield _joined(run)


def _joined(run: list):
    return run[0], "".join(p.text for p in run), tuple(dict.fromkeys(n for p in run for n in p.pages))


def _prose_subject(sentence: str, jurisdiction: str):
    """(task text, role, units, co units) for a sentence whose clause opens with named bodies.

    >>> _prose_subject("市生态环境局会同市发展改革委等有关部门组织专家组对申报项目进行评审。", "深圳市")[1:]
    (<Role.LEAD: 'lead'>, ['市生态环境局'], ['市发展改革委'])
    """
    return next(_prose_subjects(sentence, jurisdiction), None)


def _prose_subjects(sentence: str, jurisdiction: str):
    """(task text, role, units, co units) for each subject of a sentence: a later clause that opens
    with a body of its own starts another task ("市住房城乡建设部门负责开展二星级绿色建筑标识工作，
    各区住房城乡（市）建设部门负责开展一星级绿色建筑标识工作", 北京 515 p.4).

    >>> [(t, u) for t, _, u, _ in _prose_subjects("市住建部门负责二星级标识，各区住建部门负责一星级标识。", "北京市")]
    [('市住建部门负责二星级标识，', ['市住建部门']), ('各区住建部门负责一星级标识。', ['各区住建部门'])]
    """
    sentence = re.sub(r"\s+", "", sentence)
    sentence = sentence[ARTICLE.match(sentence).end():] if ARTICLE.match(sentence) else sentence
    sentence = DOTTED_HEADING.sub("", sentence)
    clauses = re.split(r"(?<=[，；：])", sentence)
    starts = [sum(map(len, clauses[:i])) for i in range(len(clauses) + 1)]
    found_at: list[tuple[int, tuple]] = []
    for i, clause in enumerate(clauses):
        following = "".join(clauses[i + 1:])
        found = _clause_subject(clause, jurisdiction, following)
        if found is None and not found_at and i + 1 < len(clauses):
            found = _lone_subject(clause, clauses[i + 1], jurisdiction)
        if found is not None and (not found_at or _opens_with_subject(clause, found[1])):
            found_at.append((i, found))
    for k, (i, (role, units, co)) in enumerate(found_at):
        end = starts[found_at[k + 1][0]] if k + 1 < len(found_at) else len(sentence)
        yield sentence[starts[i]:end], role, units, co


def _opens_with_subject(clause: str, units: list[str]) -> bool:
    """Whether a later clause opens with its own subject (not "由…负责" inside the first task)."""
    return clause.startswith(units[0][:2]) and not BY_UNIT.match(clause)


def _lone_subject(clause: str, following: str, jurisdiction: str):
    """A subject standing alone before the clause whose verb it takes: "符合申报条件的城市人民政府，
    应结合城市发展特点，编制…" → the 城市人民政府 must."""
    m = LONE_SUBJECT.match(clause)
    verb = SUBJECT_VERB.match(following)
    if m is None or verb is None or MAKES_OBJECT.match(clause):
        return None
    units = split_units(m.group("units"), jurisdiction)
    if not units or not all(_named_body(u, jurisdiction) for u in units):
        return None
    return _role_after(verb, following, units, jurisdiction)


def _clause_subject(clause: str, jurisdiction: str, following: str = ""):
    by = BY_UNIT.match(clause)
    if by:
        units = split_units(by.group("units"), jurisdiction)
        if units and all(is_unit_name(u) for u in units):
            helpers = CO_AFTER_LEAD.match(clause[by.end():]) if PROSE_ROLE[by.group("role")] == Role.LEAD else None
            co = split_units(helpers.group("units"), jurisdiction) if helpers else []
            # "由自然资源部门牵头、林业部门配合组织实施" (龙岩 166 p.2): the units after the lead help it
            return PROSE_ROLE[by.group("role")], units, co if co and all(is_unit_name(u) for u in co) else []
        return None
    for m in SUBJECT_VERB.finditer(clause):
        subject = clause[:m.start()]
        if not subject or len(subject) > 60 or subject.startswith(PREPOSITIONS) or "的" in subject:
            return None  # "根据三亚市政府对…": 三亚市政府 is not who acts; "受理举报的部门" describes, names none
        goes_on = SUBJECT_GOES_ON.search(subject, 2)
        if goes_on:
            subject = subject[:goes_on.start()]
        subject = BY_INSIDE.split(subject)[-1]
        units = split_units(subject, jurisdiction)
        if not units or not all(_named_body(u, jurisdiction) for u in units):
            continue
        return _role_after(m, clause + following, units, jurisdiction)
    return None


def _role_after(m: re.Match[str], clause: str, units: list[str], jurisdiction: str):
    """(role, units, co units) for the verb `m` after the subject: a modal before 会同 / 牵头 / 负责
    takes that verb's role ("省级交通运输主管部门应会同公安、商务主管部门…": lead, co)."""
    verb, rest = m.group(1), clause[m.end():]
    then = SUBJECT_VERB.match(rest)
    if PROSE_ROLE[verb] == Role.RESPONSIBLE and then is not None and then.group(1) in PROSE_ROLE \
            and (PROSE_ROLE[then.group(1)] == Role.LEAD or then.group(1) in WITH_VERBS):
        verb, rest = then.group(1), rest[then.end():]
    elif PROSE_ROLE[verb] == Role.RESPONSIBLE and LATER_WITH.search(rest):
        # "省发展改革委要加强工作统筹，会同有关部门…": the subject leads the work it does with others
        later = LATER_WITH.search(rest)
        verb, rest = later.group(1), rest[later.end():]
    co = _leading_units(rest, jurisdiction) if verb in WITH_VERBS else []
    return PROSE_ROLE[verb], units, co


def _leading_units(text: str, jurisdiction: str) -> list[str]:
    """The named bodies a text opens with: "市发展改革委等有关部门组织专家组…" → ["市发展改革委"].

    >>> _leading_units("市发展改革委等有关部门组织专家组对申报项目进行评审", "深圳市")
    ['市发展改革委']
    """
    head = re.split(r"[等，,。；;]", text, maxsplit=1)[0][:60]
    task = TASK_VERB.search(head, 2)
    head = head[:task.start()] if task else head  # "市地方金融监管部门做好碳排放权交易场所…": the 场所 is the task's
    best: list[str] = []
    for k in range(2, len(head) + 1):
        if not head[:k].endswith(registry()["suffixes"]):
            continue
        units = split_units(head[:k], jurisdiction)
        if units and all(is_unit_name(u) for u in units):
            best = units
    return best
