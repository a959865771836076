"""The kinds of cases the province's agencies handle, as replay specifications (bench/scale/replay.py): licensing,
disclosure requests, complaints and reports, petitions, inspections of drawn units and normative documents. For
each: the outcomes and how often they occur, the weights of the optional steps, the data each step records and
what the real hooks (fazhi/<app>/services.py) would have changed on the case and on the kind's own row.

The weights are plausible, not measured: about nine in ten licences are granted, most disclosure requests get the
information, a petition rarely goes to review, one inspection in five ends in a rectification order."""

from __future__ import annotations

import datetime as dt
import random

from bench.seed import COMMENTS as LICENSING_COMMENTS
from bench.seed import _path as licensing_path
from fazhi.disclosure import results as disclosure_results
from fazhi.process.definition import get_definition
from fazhi.requests.kinds import get_kind

from .replay import KindSpec

# Share of the 1,000,000 "licensing and request cases" per kind, and the channels of each (weights).
KIND_WEIGHTS = {"licensing": 52, "disclosure": 20, "complaint": 7, "report": 5, "petition": 16}
CHANNELS = {
    "licensing": {"online": 60, "counter": 30, "post": 10},
    "disclosure": {"online": 45, "post": 25, "counter": 15, "email": 10, "fax": 5},
    "complaint": {"online": 40, "phone": 20, "visit": 15, "post": 15, "email": 10},
    "report": {"online": 45, "phone": 20, "post": 20, "visit": 10, "email": 5},
    "petition": {"visit": 30, "post": 30, "online": 20, "phone": 10, "email": 5, "fax": 5},
}
LICENSING_FINALS = {"certified": 62, "denied": 6, "refused": 10, "withdrawn": 12}

TEXTS = {
    "description": ("本单位1998年至2005年形成的基建档案目录", "某街道2010年旧城改造征收补偿方案及批复文件",
                    "本人父亲1976年在某厂工作期间的招工审批材料", "某档案馆2022年档案开放审核工作情况"),
    "facts": ("某档案服务公司在承接数字化外包业务时将档案带出工作场所，存在泄密风险。",
              "某单位拒绝出具本人工作期间的档案证明材料，多次联系未果。",
              "某村委会擅自销毁到期会计档案，未履行鉴定和销毁审批程序。"),
    "demand": ("请求依法查处并责令整改。", "请求协助查询并出具证明。"),
    "subject": ("某档案服务有限公司", "某街道办事处", "某中学", "某建筑工程有限公司", "某村民委员会"),
    "matter": ("要求查询本人档案", "反映原单位档案丢失", "要求出具工龄证明", "反映拆迁档案公开问题"),
    "request": ("请求查找并出具相关档案证明材料。", "请求依法处理原单位档案管理不当问题。"),
    "findings": ("经调取相关档案并约谈当事单位，反映情况基本属实，已督促整改。", "经核查，未发现所反映的问题。"),
    "reply": ("经核查，您反映的问题已责令相关单位限期整改，整改情况将继续跟踪。", "经核查，所反映问题不属实，特此答复。"),
    "opinion": ("经调查核实，您的请求符合有关规定，予以支持。", "您的请求缺乏事实根据，不予支持，并作解释说明。"),
    "basis": ("《中华人民共和国档案法》第二十八条", "《信访工作条例》第三十三条"),
    "content": ("《关于某项目建设档案的批复》（某档发〔2015〕12号）一份", "相关文件目录一份、文件三份"),
    "how": ("以电子邮件方式提供", "邮寄纸质复制件", "申请人到本机关档案查阅室领取"),
    "reason": ("该信息涉及第三方商业秘密，公开会对其合法权益造成损害。", "经检索，本机关未制作或获取该政府信息。"),
    "withheld": ("涉及个人隐私的部分",),
    "to_agency": ("黑龙江省人力资源和社会保障厅", "哈尔滨市住房和城乡建设局", "某区人民政府"),
    "channel": ("请依法向人民法院提起诉讼。", "请依法向上一级行政机关申请行政复议。"),
    "corrected_description": ("补正后：请提供2012年某小区规划许可及附图。",),
    "review_opinion": ("维持原处理意见。",), "second_opinion": ("维持复查意见。",),
    "referred_to": ("某市市场监督管理局",), "licence_scope": ("准予按申请内容办理，有效期一年。",),
}
LIST_ITEMS = ("申请书（签字页）", "身份证明复印件", "所需信息的具体名称或文号", "授权委托书", "相关证明材料")
INTS = {"period_days": 10, "rectify_days": 30, "persons": 1}


def _text(name: str, rng: random.Random) -> str:
    options = TEXTS.get(name)
    return rng.choice(options) if options else "经研究，同意。"


def generic_data(sim, t, day: dt.date, rng: random.Random) -> dict:
    """A value for every required field of the step (and some of the optional ones), as the form would send."""
    out: dict = {}
    for f in t.fields:
        if not f.required and rng.random() < 0.6:
            continue
        if f.kind == "choice":
            out[f.name] = rng.choice(f.choices)[0]
        elif f.kind == "date":
            out[f.name] = day.isoformat()
        elif f.kind == "int":
            out[f.name] = INTS.get(f.name, rng.randint(1, 5))
        elif f.kind == "list":
            out[f.name] = rng.sample(LIST_ITEMS, rng.randint(1, 3))
        else:
            out[f.name] = _text(f.name, rng)
    return out


# ---- licensing (fazhi/licensing/process.py; the paths and data of bench/seed.py) ------------------------------
def _licensing_path(sim, final, rng):
    path, sim.opinion = licensing_path(final, rng)
    if "propose" in path and rng.random() < 0.08:  # an expert review or a hearing suspended the decision period
        i = path.index("propose")
        path[i:i] = ["suspend", "resume"]
    return path


def _licensing_data(sim, t, day, rng):
    name = t.name
    data: dict = {}
    if name == "request_correction":
        data["missing_materials"] = rng.sample(["申请书（签字页）", "身份证明复印件", "档案目录电子版", "所有权证明"],
                                               rng.randint(1, 3))
    elif name in ("refuse_intake", "deny"):
        data = {"reasons": "申请事项不符合法定条件。", "legal_basis": "《中华人民共和国档案法》第二十五条"}
    elif name == "propose":
        data["opinion"] = sim.opinion
    elif name == "suspend":
        data["pause_reason"] = rng.choice(("专家评审", "鉴定", "检测", "听证"))
    elif name == "grant":
        data["licence_scope"] = "准予按申请内容办理，有效期一年。"
    elif name == "issue_certificate":
        data["certificate_number"] = f"{sim.agency.short}许证〔{day.year}〕{sim.case['id']}号"
    comment = LICENSING_COMMENTS.get(name, "").format(opinion="拟准予许可" if sim.opinion == "grant" else "拟不予许可")
    if comment:
        data["_comment"] = comment
    return data


def _licensing_hook(sim, t, day, data, extra, actor):
    case, app, name = sim.case, sim.kind_row, t.name
    if name == "accept":
        case["accepted_on"] = day
    elif name == "deemed_accept":
        case["accepted_on"] = case["submitted_on"]
        extra.update({"deemed": True, "accepted_on": case["submitted_on"].isoformat()})
    elif name == "resubmit":
        case["submitted_on"] = day
    elif name == "propose":
        case["data"] = {**case["data"], "handler_opinion": sim.opinion}
    elif name in ("grant", "deny"):
        app["decision"] = name
        if name == "grant":
            app["licence_scope"] = data["licence_scope"]
        case["decided_on"] = case["published_on"] = day
        case["outcome"] = {"grant": "granted", "deny": "denied"}[name]
    elif name == "refuse_intake":
        case["outcome"] = "refused"
    elif name == "withdraw":
        case["outcome"] = "withdrawn"
    elif name == "issue_certificate":
        app["certificate_number"] = data["certificate_number"]


# ---- disclosure (fazhi/disclosure/process.py, services.py) -----------------------------------------------------
def _disclosure_data(sim, t, day, rng):
    data = generic_data(sim, t, day, rng)
    if t.name == "request_correction":
        data["period_days"] = 10
    if "ground" in data and data["ground"] == "unclear" and not sim.case["data"].get("corrected_on"):
        data["ground"] = next(c[0] for c in t.fields[[f.name for f in t.fields].index("ground")].choices
                              if c[0] != "unclear")
    if t.name == "resubmit":
        data.pop("corrected_on", None)
    if t.name == "extend":
        data["_comment"] = "需要调取、检索的档案较多，经政府信息公开工作机构负责人同意，延长答复期限。"
    data.pop("fee", None)
    return data


def _disclosure_hook(sim, t, day, data, extra, actor):
    from fazhi.disclosure.services import RECEIPT_RULES

    case, d, name = sim.case, sim.kind_row, t.name
    if name == "confirm_receipt":
        case["data"] = {**case["data"], "submitted_online_on": case["received_on"].isoformat(),
                        "receipt_rule": RECEIPT_RULES["online"]}
        case["received_on"] = case["submitted_on"] = day
        data["confirmed_on"] = day.isoformat()
        extra["received_on"] = day.isoformat()
    elif name == "register_receipt":
        rule = RECEIPT_RULES.get(case["channel"], "《中华人民共和国政府信息公开条例》第三十一条")
        case["data"] = {**case["data"], "receipt_rule": rule}
        extra.update({"received_on": case["received_on"].isoformat(), "receipt_rule": rule})
    elif name == "request_correction":
        case["data"] = {**case["data"], "correction_notified_on": day.isoformat()}
    elif name == "resubmit":
        case["submitted_on"] = day
        d["corrected_description"], d["corrected_on"] = data["corrected_description"], day
        case["data"] = {**case["data"], "corrected_on": day.isoformat()}
        extra["corrected_on"] = day.isoformat()
    elif name == "deemed_abandoned":
        d.update(result=disclosure_results.OTHER, ground="no_correction", reply={})
        case["outcome"] = "abandoned"
    elif name == "withdraw":
        d.update(result=disclosure_results.OTHER, ground="withdrawn", reply={})
        case["outcome"] = "withdrawn"
    elif name.startswith("reply_"):
        result = {"reply_disclose": disclosure_results.OPEN, "reply_partial": disclosure_results.PARTIAL,
                  "reply_withhold": disclosure_results.WITHHELD, "reply_unavailable": disclosure_results.UNAVAILABLE,
                  "reply_not_processed": disclosure_results.NOT_PROCESSED}[name]
        d.update(result=result, ground=data["ground"], replied_on=day, reply=dict(data))
        case["outcome"] = result
        case["decided_on"] = day


# ---- complaints and reports (fazhi/complaints) -----------------------------------------------------------------
def _complaint_data(sim, t, day, rng):
    data = generic_data(sim, t, day, rng)
    if t.name == "accept":
        data["handlers"] = [sim.agency.usernames["handler"]]
    elif t.name == "mark_duplicate":
        data["earlier"] = f"{sim.agency.code.upper()}-{'TS' if sim.request_kind == 'complaint' else 'JB'}" \
                          f"{day.year}-{rng.randint(1, 50):06d}"
    elif t.name == "transfer":
        data["_comment"] = "不属于本机关职责范围，转送有权处理的机关。"
    elif t.name == "refuse":
        data["_comment"] = "经审查，不符合受理条件。"
    elif t.name == "extend_handling":
        data["_comment"] = "案情复杂，需进一步调查核实，经负责人批准延长办理期限。"
    elif t.name == "return_findings":
        data["_comment"] = "请补充核查被投诉举报对象的整改情况。"
    return data


def _complaint_hook(sim, t, day, data, extra, actor):
    case, c, name = sim.case, sim.kind_row, t.name
    if name == "accept":
        case["accepted_on"] = day
        sim.extra_rows.setdefault("designated", []).append(sim.agency.staff["handler"])
    elif name == "refuse":
        case["outcome"], case["decided_on"] = "not_accepted", day
        c["refusal_ground"] = data["ground"]
    elif name == "transfer":
        case["outcome"], case["decided_on"] = "transferred", day
        sim.request_row["transferred_to"] = data["to_agency"]
    elif name == "mark_duplicate":
        case["outcome"], case["decided_on"] = "duplicate", day
    elif name == "record_findings":
        c.update(result=data["result"], findings=data["findings"], handled_on=day)
    elif name == "reply":
        c.update(reply=data["reply"], replied_on=day)
        case["outcome"], case["decided_on"] = c["result"] or "replied", day


# ---- petitions (fazhi/petitions) -------------------------------------------------------------------------------
def _petition_data(sim, t, day, rng):
    data = generic_data(sim, t, day, rng)
    if t.name == "serve_opinion":
        data["served_on"] = day.isoformat()
    if t.name in ("not_accept", "withdraw", "extend_handling"):
        data["_comment"] = {"not_accept": "依法应当通过其他法定途径解决，不予受理。", "withdraw": "信访人书面撤回信访事项。",
                            "extend_handling": "情况复杂，经本机关负责人批准延长办理期限30日。"}[t.name]
    return data


def _petition_hook(sim, t, day, data, extra, actor):
    case, p, name = sim.case, sim.kind_row, t.name
    if name == "accept":
        case["accepted_on"] = day
        p["category"] = data["category"]
    elif name == "not_accept":
        case["decided_on"], case["outcome"] = day, "refused"
        case["data"] = {**case["data"], "refusal": {"ground": data["ground"], "channel": data["channel"]}}
    elif name == "transfer":
        case["decided_on"], case["outcome"] = day, "transferred"
        case["data"] = {**case["data"], "transfer": {"to_agency": data["to_agency"], "reason": data["reason"]}}
    elif name == "issue_opinion":
        case["decided_on"], case["outcome"] = day, data["result"]
        case["data"] = {**case["data"], "opinion": {"result": data["result"], "review_body": "上一级档案主管部门"}}
    elif name == "serve_opinion":
        case["data"] = {**case["data"], "served_on": data["served_on"], "service_method": data["method"]}
    elif name == "review_requested":
        case["data"] = {**case["data"], "review_requested_on": data["requested_on"],
                        "review_body": data["review_body"]}
    elif name == "review_decided":
        case["data"] = {**case["data"], "review_served_on": data["review_served_on"],
                        "review": {"result": data["review_result"]}}
    elif name == "second_requested":
        case["data"] = {**case["data"], "second_requested_on": data["requested_on"],
                        "second_body": data["second_body"]}
    elif name == "second_decided":
        case["data"] = {**case["data"], "second": {"result": data["second_result"]}}
    elif name == "withdraw":
        case["outcome"] = "withdrawn"


# ---- inspections (fazhi/inspection/process.py) -----------------------------------------------------------------
INSPECTION_OUTCOMES = {"conclude_ok": "ok", "order_rectification": "rectify", "refer": "referral",
                       "follow_up_pass": "rectified"}


def _inspection_actor(sim, t):
    if "enforcement_officer" in t.roles and sim.officer_key:
        return sim.officer_key
    return None


def _inspection_data(sim, t, day, rng):
    data = generic_data(sim, t, day, rng)
    if t.name == "order_rectification":
        data["rectify_days"] = rng.choice((15, 30, 30, 60))
    if t.name == "refer":
        data["_comment"] = "发现涉嫌违反其他法律法规的问题，移送有关机关处理。"
    return data


def _inspection_hook(sim, t, day, data, extra, actor):
    ins, name = sim.kind_row, t.name
    if name in ("conclude_ok", "order_rectification", "refer") and ins["inspected_on"] is None:
        ins["inspected_on"] = day
        ins["officers_present"] = list(ins["team"])
    if name in INSPECTION_OUTCOMES:
        ins["outcome"] = INSPECTION_OUTCOMES[name]
        sim.case["outcome"] = INSPECTION_OUTCOMES[name]
    if name == "order_rectification":
        ins["rectification_due"] = day + dt.timedelta(days=int(data["rectify_days"]))
    if name == "follow_up_pass":
        ins["followed_up_on"] = day


# ---- normative documents (fazhi/norms): registered after the fact, some repealed since ------------------------
def _norm_path(sim, final, rng):
    return ["register_existing"] if final == "valid" else ["register_existing", "repeal"]


def _norm_actor(sim, t):
    return "legal" if t.name == "register_existing" else "director"


def _norm_data(sim, t, day, rng):
    n = sim.kind_row
    if t.name == "register_existing":
        return {"number": n["number"], "published_on": n["published_on"].isoformat(),
                "effective_on": n["effective_on"].isoformat(), "valid_until": "", "signed_on": "", "filed_on": "",
                "filing_bodies": "", "receipt_number": "", "_comment": "补录本平台启用前已公布的规范性文件。"}
    return {"repealed_on": day.isoformat(), "_comment": "经清理，该文件已不适应当前工作需要，予以废止。"}


def _norm_hook(sim, t, day, data, extra, actor):
    n, case = sim.kind_row, sim.case
    if t.name == "register_existing":
        case["published_on"] = n["published_on"]
        case["data"] = {**case["data"], "published_on": n["published_on"].isoformat(), "registered": True}
    elif t.name == "repeal":
        n["repealed_on"] = day
        n["end_reason"] = data["_comment"] if "_comment" in data else "经清理予以废止。"


def specs() -> dict[str, KindSpec]:
    out = {
        "licensing": KindSpec(
            code="licensing", definition=get_definition("licensing"), finals=LICENSING_FINALS,
            gaps={"resubmit": (2, 15), "resume": (5, 25)}, data=_licensing_data, hook=_licensing_hook,
            path=_licensing_path),
        "disclosure": KindSpec(
            code="disclosure", definition=get_definition("disclosure"),
            finals={"replied": 85, "abandoned": 4, "withdrawn": 11},
            weights={"confirm_receipt": 0, "register_receipt": 0, "reply_disclose": 5, "reply_partial": 1.5,
                     "reply_withhold": 0.8, "reply_unavailable": 1.5, "reply_not_processed": 1, "extend": 0.3,
                     "request_correction": 0.5, "begin_handling": 2, "correction_window_closed": 0.5,
                     "withdraw": 0.1, "deemed_abandoned": 0.3},
            exclude=frozenset({"consult_third_party", "third_party_replied", "third_party_no_reply"}),
            once=frozenset({"request_correction"}), timer_on_due=frozenset({"correction_window_closed"}),
            gaps={"confirm_receipt": (0, 3), "register_receipt": (0, 0), "resubmit": (2, 12), "reply_disclose": (3, 18),
                  "reply_partial": (5, 18), "reply_withhold": (5, 18), "reply_unavailable": (3, 15),
                  "reply_not_processed": (2, 10)},
            document_titles={"correction": "政府信息公开申请补正告知书", "reply": "政府信息公开申请答复书",
                             "extension": "延长政府信息公开答复期限告知书"},
            data=_disclosure_data, hook=_disclosure_hook),
        "complaint_report": KindSpec(
            code="complaint_report", definition=get_definition("complaint_report"),
            finals={"closed": 72, "not_accepted": 12, "transferred": 10, "duplicate": 6},
            weights={"accept": 3, "return_findings": 0.15, "extend_handling": 0.2},
            exclude=frozenset({"designate", "open_penalty"}),
            gaps={"record_findings": (5, 40), "reply": (1, 8)},
            data=_complaint_data, hook=_complaint_hook),
        "petition": KindSpec(
            code="petition", definition=get_definition("petition"),
            finals={"closed": 62, "final": 3, "not_accepted": 14, "transferred": 13, "withdrawn": 8},
            weights={"review_requested": 0.08, "second_requested": 0.3, "extend_handling": 0.15, "withdraw": 0.1,
                     "second_hearing_start": 0.2, "accept": 2},
            exclude=frozenset({"record_visit"}),
            gaps={"issue_opinion": (10, 50), "serve_opinion": (1, 5), "review_decided": (10, 28),
                  "second_decided": (10, 28)},
            document_titles={"acceptance_notice": "信访事项受理告知书", "refusal_notice": "信访事项不予受理告知书",
                             "transfer_notice": "信访事项转送告知书", "extension_notice": "信访事项延期办理告知书",
                             "opinion": "信访事项处理意见书"},
            data=_petition_data, hook=_petition_hook),
        "inspection": KindSpec(
            code="inspection", definition=get_definition("inspection"), finals={"closed": 92, "referred": 8},
            weights={"conclude_ok": 14, "order_rectification": 4, "refer": 1, "follow_up_pass": 3},
            exclude=frozenset({"open_penalty", "follow_up_fail"}),
            gaps={"conclude_ok": (3, 40), "order_rectification": (3, 40), "refer": (3, 40), "follow_up_pass": (10, 40)},
            document_titles={"rectification": "责令整改通知书"},
            data=_inspection_data, hook=_inspection_hook, actor=_inspection_actor),
        "norm": KindSpec(
            code="norm", definition=get_definition("norm"), finals={"valid": 90, "repealed": 10},
            gaps={"register_existing": (0, 0), "repeal": (30, 900)},
            data=_norm_data, hook=_norm_hook, actor=_norm_actor, path=_norm_path),
    }
    return out


def request_kind(code: str):
    return get_kind(code)
