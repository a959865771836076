"""Demo power and responsibility list of the provincial archives bureau: two published versions (2023年版, replaced;
2026年版, in force), every power the bureau holds — the three licensing items of the demo, the penalties under
《中华人民共和国档案法》第四十八条、第四十九条 (run by the penalty process), supervision and inspection (run by the
inspection process), the award, and two other powers — each with its risk points and controls. Idempotent.

The legal bases cite the articles as the author understands the 2020 revision of the Archives Law; they must be
checked by a lawyer before the list is used for real (docs/powers.md)."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, User

LAWS = [
    # code, title, kind, issuer (codes shared with the law registry's seed)
    ("archives-law", "中华人民共和国档案法", "law", "全国人民代表大会常务委员会"),
    ("archives-law-regulation", "中华人民共和国档案法实施条例", "admin_regulation", "国务院"),
    ("licensing-law", "中华人民共和国行政许可法", "law", "全国人民代表大会常务委员会"),
    ("penalty-law", "中华人民共和国行政处罚法", "law", "全国人民代表大会常务委员会"),
    ("reconsideration-law", "中华人民共和国行政复议法", "law", "全国人民代表大会常务委员会"),
]

REGULATION = "《中华人民共和国档案法实施条例》（国务院令第772号）"

REMEDIES = ("对本机关作出的行政行为不服的，可以自知道该行政行为之日起六十日内依法申请行政复议（《中华人民共和国行政复议法》"
            "第二十条），或者自知道或者应当知道作出行政行为之日起六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》"
            "第四十六条）。")

# ---- 行政许可 --------------------------------------------------------------------------------------------------
LICENSING_POSTS = ["受理岗", "承办岗", "科室审核岗", "审批决定岗"]
LICENSING_RESPONSIBILITIES = [
    "受理责任：公示依法应当提交的材料；申请材料不齐全或者不符合法定形式的，五个工作日内一次性告知需要补正的全部内容；"
    "依法受理或者不予受理，不予受理的书面说明理由。",
    "审查责任：对申请材料进行审查，提出审查意见；需要核实申请材料实质内容的，指派两名以上工作人员核查。",
    "决定责任：在法定期限内作出准予或者不予行政许可的书面决定；不予许可的说明理由，并告知申请人享有的救济权利。",
    "送达责任：准予行政许可的，自作出决定之日起十个工作日内颁发、送达批准文件。",
    "公示责任：行政许可决定自作出之日起公示，接受社会监督。",
    "事后监管责任：对被许可人从事行政许可事项的活动依法进行监督检查。",
    "其他法律法规规章规定应履行的责任。",
]
LICENSING_ACCOUNTABILITY = [
    "对符合法定条件的申请不予受理、不予许可或者不在法定期限内作出决定的；",
    "对不符合法定条件的申请人准予许可或者超越法定职权作出准予许可决定的；",
    "不一次告知申请人必须补正的全部内容的；",
    "不依法说明不受理申请或者不予许可理由的；",
    "在受理、审查、决定过程中索取或者收受他人财物、谋取其他利益的；",
    "泄露申请人的商业秘密、个人隐私或者所涉及的国家秘密的；",
    "其他违反法律法规规章规定的玩忽职守、滥用职权、徇私舞弊行为。",
]
LICENSING_ACCOUNTABILITY_BASIS = ("《中华人民共和国行政许可法》第七十二条至第七十七条；《中华人民共和国公职人员政务处分法》；"
                                  "《行政机关公务员处分条例》")
LICENSING_CHANNELS = ("网上办理：登录本平台在线申请，全程网办，可随时查询办理进度；\n窗口办理：到本机关政务服务窗口递交纸质材料；\n"
                      "邮寄办理：将申请材料邮寄至本机关政务服务窗口。")
LICENSING_RIGHTS = ("权利：依法提出申请；查询办理进度和结果；要求对公示内容予以说明、解释；对行政机关的决定陈述、申辩；"
                    "行政许可直接涉及申请人与他人之间重大利益关系的，依法要求听证；依法申请行政复议或者提起行政诉讼。\n"
                    "义务：如实提交有关材料和反映真实情况，对申请材料实质内容的真实性负责（《中华人民共和国行政许可法》"
                    "第三十一条）；按照批准的范围和条件从事许可事项，接受监督检查。")


def _licensing_risks(extra: list[dict] | None = None) -> list[dict]:
    return [
        {"post": "受理岗", "level": "medium",
         "description": "不一次性告知需补正的全部材料，或者对符合条件的申请不予受理、拖延受理、刁难申请人。",
         "controls": ["系统按办事指南逐项核对申请材料，生成一次性补正告知书，告知内容全部留痕；",
                      "五个工作日的受理审查期限由系统按工作日历计时，逾期未告知的自动视为受理；",
                      "不予受理须填写理由和依据，出具书面决定并告知救济途径。"]},
        {"post": "承办岗", "level": "high",
         "description": "审查不严或者降低标准，对不符合法定条件的申请提出准予意见；与申请人有利害关系而不回避。",
         "controls": ["审查意见须写明事实和依据，经科室审核、局长决定，分级把关；",
                      "承办人与申请人有利害关系的应当主动回避；",
                      "申请材料、审查意见和每一个办理环节在系统中全程留痕、不可篡改，可追溯。"]},
        {"post": "审批决定岗", "level": "high",
         "description": "超越职权或者违反法定条件作出准予许可决定；无正当理由拖延作出决定。",
         "controls": ["二十个工作日的审查决定期限由系统计时并预警，延长须经局长批准、说明理由并书面告知申请人；",
                      "准予许可决定自作出之日起在门户公示，接受社会监督；",
                      "法制审核人员每季度抽查许可案卷，结果在局务会上通报。"]},
        *(extra or []),
    ]


LICENSING_BASIS_CITATIONS = {
    "dag-xk-001": [{"law": "archives-law", "articles": [22, 23]}],
    "dag-xk-002": [{"law": "archives-law", "articles": [25]}],
    "dag-xk-003": [{"law": "archives-law", "articles": [22]}],
}
LICENSING_EXTRA_RISKS = {
    "dag-xk-002": [{"post": "科室审核岗", "level": "high",
                    "description": "对出境档案是否涉及国家秘密、是否属于禁止出境的档案把关不严。",
                    "controls": ["出境档案目录逐件审核，涉及国家秘密的一律不予许可；",
                                 "对拟出境档案的密级和开放状态征求档案馆意见，意见附卷。"]}],
    "dag-xk-003": [{"post": "科室审核岗", "level": "medium",
                    "description": "未告知国家档案馆依法享有的优先收购权，或者对属于国家所有的档案的转让予以放行。",
                    "controls": ["审核时核对档案所有权证明，属于国家所有的档案一律不予许可；",
                                 "审核意见中写明国家档案馆是否行使优先收购权。"]}],
}

# ---- 行政处罚 --------------------------------------------------------------------------------------------------
PENALTY_POSTS = ["执法岗", "科室审核岗", "法制审核岗", "处罚决定岗"]
PENALTY_RESPONSIBILITIES = [
    "立案责任：对投诉举报、监督检查发现、上级交办和有关部门移送的案件线索及时登记，经负责人批准立案，不予立案的说明理由。",
    "调查责任：由两名以上持有有效行政执法证件的执法人员调查取证，主动出示执法证件；与案件有直接利害关系的回避；"
    "全过程记录。",
    "审查责任：调查终结后对违法事实、证据、依据和裁量基准的适用进行审查，提出处理意见；重大执法决定作出前进行法制审核。",
    "告知责任：作出处罚决定前告知拟作出的处罚内容及事实、理由、依据，以及陈述、申辩和要求听证的权利；依法组织听证。",
    "决定责任：自立案之日起九十日内作出决定；情节复杂或者重大违法行为给予行政处罚的，由负责人集体讨论决定。",
    "送达责任：依照民事诉讼法的有关规定送达行政处罚决定书。",
    "执行责任：督促当事人履行处罚决定；逾期不履行的依法加处罚款或者申请人民法院强制执行。",
    "公示责任：具有一定社会影响的行政处罚决定依法公开；决定被撤销或者变更的，及时撤回原公开信息。",
    "其他法律法规规章规定应履行的责任。",
]
PENALTY_ACCOUNTABILITY = [
    "没有法定的行政处罚依据，或者擅自改变行政处罚种类、幅度的；",
    "违反法定的行政处罚程序，或者违反关于委托处罚规定的；",
    "执法人员少于两人、未出示执法证件或者应当回避而未回避的；",
    "滥用自由裁量权，处罚显失公正的；",
    "对应当予以制止和处罚的违法行为不予制止、处罚，或者包庇、纵容违法行为的；",
    "截留、私分或者变相私分罚款、没收的违法所得的；",
    "利用职务上的便利索取或者收受他人财物的；",
    "泄露在执法过程中知悉的国家秘密、商业秘密或者个人隐私的。",
]
PENALTY_ACCOUNTABILITY_BASIS = ("《中华人民共和国行政处罚法》第七十六条至第八十三条；《中华人民共和国公职人员政务处分法》；"
                                "《行政机关公务员处分条例》")
PENALTY_CHANNELS = ("案件来源：投诉举报（电话、信件、本平台网上举报）；监督检查中发现；上级机关交办；有关部门移送。\n"
                    "当事人可以到本机关、通过电话或者书面方式陈述、申辩和要求听证。")
PENALTY_RIGHTS = ("权利：知悉拟作出的行政处罚内容及事实、理由、依据；陈述、申辩；符合《中华人民共和国行政处罚法》第六十三条规定的，"
                  "要求听证；认为执法人员与案件有直接利害关系的，申请回避；依法申请行政复议或者提起行政诉讼。\n"
                  "义务：如实回答询问，协助调查或者检查，不得拒绝或者阻挠（第五十五条）；在规定期限内履行行政处罚决定。")
PENALTY_REMEDIES = REMEDIES + "行政复议或者行政诉讼期间，行政处罚不停止执行，法律另有规定的除外（《中华人民共和国行政处罚法》第七十三条）。"
PENALTY_RISKS = [
    {"post": "执法岗", "level": "high",
     "description": "对案件线索不登记、不立案，选择性执法、人情执法。",
     "controls": ["案件线索一律在系统中登记，立案或者不予立案由负责人决定并留痕，不予立案须写明理由；",
                  "投诉举报的办理情况每季度统计通报。"]},
    {"post": "执法岗", "level": "medium",
     "description": "调查取证不足两人、未出示执法证件或者取证程序违法。",
     "controls": ["系统校验调查人员执法证件在有效期内且不少于两人，不符合的不能立案、不能记录证据；",
                  "笔录和证据即时录入，计算摘要并写入不可篡改的事件链，全过程记录。"]},
    {"post": "处罚决定岗", "level": "high",
     "description": "滥用自由裁量权，处罚畸轻畸重，同案不同罚。",
     "controls": ["拟处罚内容由系统与公开的裁量基准自动比对，超出基准的须书面说明理由；",
                  "超出裁量基准、较大数额罚款等重大执法决定须经法制审核；情节复杂或者重大的须负责人集体讨论。"]},
    {"post": "法制审核岗", "level": "medium",
     "description": "法制审核流于形式，对证据不足、适用依据错误的案件予以通过。",
     "controls": ["法制审核须写明审核意见，未经审核通过的重大执法决定系统不允许作出；",
                  "法制审核人员不参与案件调查。"]},
]
PENALTY_STEPS_NOTE = "《档案行政处罚程序规定》（国家档案局令第20号）"

# ---- 行政检查 --------------------------------------------------------------------------------------------------
INSPECTION_POSTS = ["抽查实施岗", "检查组执法岗", "科室负责人岗"]
INSPECTION_RISKS = [
    {"post": "抽查实施岗", "level": "high",
     "description": "人为干预检查对象和检查人员的抽取，或者事先泄露抽查名单。",
     "controls": ["抽取由系统按公开、可验证的算法完成，随机种子和结果公开，任何人可以复验；",
                  "检查人员申报利害关系，系统自动回避；抽取结果生成后不可修改。"]},
    {"post": "检查组执法岗", "level": "medium",
     "description": "检查走过场，发现问题不记录、不处理。",
     "controls": ["检查日期、检查人员和各事项检查结论逐项录入，未录入不能办结；",
                  "责令整改通知书由系统生成，整改期限计时，到期自动进入复查；检查结果在门户公开。"]},
    {"post": "科室负责人岗", "level": "high",
     "description": "对应当移送或者立案查处的问题不移送、不立案，以整改代替处罚。",
     "controls": ["转立案查处在系统中与处罚案件双向关联；",
                  "法制审核人员定期抽查检查记录和处置结果。"]},
]

# ---- the list ------------------------------------------------------------------------------------------------
def _powers(items: dict) -> list[dict]:
    out: list[dict] = []
    for n, code in enumerate(("dag-xk-001", "dag-xk-002", "dag-xk-003"), start=1):
        item = items.get(code)
        if item is None:
            continue
        out.append({
            "code": f"黑档-XK-{n:03d}", "name": item.name, "category": "licensing",
            "legal_basis": item.legal_basis,
            "citations": [*LICENSING_BASIS_CITATIONS[code], {"law": "archives-law-regulation", "articles": []}],
            "division": "政策法规处（行政审批办公室）", "posts": LICENSING_POSTS,
            "responsibilities": LICENSING_RESPONSIBILITIES, "accountability": LICENSING_ACCOUNTABILITY,
            "accountability_basis": LICENSING_ACCOUNTABILITY_BASIS, "channels": LICENSING_CHANNELS,
            "rights_obligations": LICENSING_RIGHTS, "remedies": REMEDIES, "item_code": code, "order": n,
            "risk_points": _licensing_risks(LICENSING_EXTRA_RISKS.get(code)),
        })
    penalty = {
        "category": "penalty", "division": "监督检查处", "posts": PENALTY_POSTS,
        "responsibilities": PENALTY_RESPONSIBILITIES, "accountability": PENALTY_ACCOUNTABILITY,
        "accountability_basis": PENALTY_ACCOUNTABILITY_BASIS, "channels": PENALTY_CHANNELS,
        "rights_obligations": PENALTY_RIGHTS, "remedies": PENALTY_REMEDIES, "process_code": "penalty",
        "risk_points": PENALTY_RISKS,
    }
    out += [
        {**penalty, "code": "黑档-CF-001", "order": 11,
         "name": "对利用档案馆的档案，丢失、擅自提供、抄录、复制、公布属于国家所有的档案，或者篡改、损毁、伪造档案、"
                 "擅自销毁档案的行政处罚",
         "legal_basis": "《中华人民共和国档案法》（2020年修订）第四十八条第一项、第二项、第四项，第四十九条第一款；"
                        f"{REGULATION}；{PENALTY_STEPS_NOTE}",
         "citations": [{"law": "archives-law", "articles": [48, 49], "note": "第四十八条第一项、第二项、第四项，第四十九条第一款"},
                       {"law": "archives-law-regulation", "articles": []},
                       {"law": "penalty-law", "articles": [22], "note": "管辖"}]},
        {**penalty, "code": "黑档-CF-002", "order": 12,
         "name": "对档案服务企业在服务过程中丢失、擅自提供、抄录、复制、公布属于国家所有的档案，或者篡改、损毁、伪造档案、"
                 "擅自销毁档案的行政处罚",
         "legal_basis": "《中华人民共和国档案法》（2020年修订）第二十四条、第四十八条第一项、第二项、第四项，第四十九条第二款；"
                        f"{REGULATION}；{PENALTY_STEPS_NOTE}",
         "citations": [{"law": "archives-law", "articles": [24, 48, 49], "note": "第四十八条第一项、第二项、第四项，第四十九条第二款"},
                       {"law": "archives-law-regulation", "articles": []},
                       {"law": "penalty-law", "articles": [22], "note": "管辖"}]},
        {**penalty, "code": "黑档-CF-003", "order": 13,
         "name": "对买卖或者非法转让属于国家所有的档案，将档案出卖、赠送给外国人或者外国组织的行政处罚",
         "legal_basis": "《中华人民共和国档案法》（2020年修订）第二十二条第二款、第二十三条、第四十八条第三项、第五项，"
                        f"第四十九条第三款；{REGULATION}；{PENALTY_STEPS_NOTE}",
         "citations": [{"law": "archives-law", "articles": [22, 23, 48, 49], "note": "第四十八条第三项、第五项，第四十九条第三款"},
                       {"law": "archives-law-regulation", "articles": []},
                       {"law": "penalty-law", "articles": [22], "note": "管辖"}]},
        {"code": "黑档-JC-001", "order": 21, "category": "inspection",
         "name": "对档案馆和机关、团体、企业事业单位以及其他组织档案工作的监督检查（含“双随机、一公开”抽查）",
         "legal_basis": "《中华人民共和国档案法》（2020年修订）第八条、第四十二条、第四十三条、第四十五条；"
                        f"{REGULATION}；《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）",
         "citations": [{"law": "archives-law", "articles": [8, 42, 43, 45]},
                       {"law": "archives-law-regulation", "articles": []}],
         "division": "监督检查处", "posts": INSPECTION_POSTS,
         "responsibilities": [
             "检查计划责任：制定年度检查计划和随机抽查事项清单，按照“双随机、一公开”要求抽取检查对象和检查人员。",
             "检查实施责任：由两名以上执法人员实施检查，出示执法证件，逐项记录检查情况；不得妨碍被检查单位正常工作。",
             "处置责任：发现档案安全隐患的，责令限期整改；发现违法行为的，依法立案查处或者移送有关机关。",
             "复查责任：整改期限届满后及时复查。",
             "公开责任：检查结果依法向社会公开。",
             "其他法律法规规章规定应履行的责任。"],
         "accountability": [
             "未按规定随机抽取检查对象和检查人员，或者事先泄露抽查名单的；",
             "应当检查而未检查，或者检查中发现问题不记录、不处理的；",
             "对应当立案查处或者移送的违法行为不立案、不移送的；",
             "检查中索取、收受财物或者谋取其他利益的；",
             "泄露检查中知悉的国家秘密、商业秘密或者个人隐私的；",
             "未按规定公开检查结果的。"],
         "accountability_basis": "《中华人民共和国档案法》第四十七条；《中华人民共和国公职人员政务处分法》；《行政机关公务员处分条例》",
         "channels": "检查对象由系统从检查对象名录库中随机抽取，或者列入年度检查计划；检查结果在本平台“双随机、一公开”栏目公开。",
         "rights_obligations": "权利：要求执法人员出示执法证件；认为检查人员与本单位有利害关系的，申请回避；对检查结论陈述意见。\n"
                               "义务：配合检查，如实提供有关材料（《中华人民共和国档案法》第四十三条）；按期整改并报告整改情况。",
         "remedies": REMEDIES, "process_code": "inspection", "risk_points": INSPECTION_RISKS},
        {"code": "黑档-JL-001", "order": 31, "category": "reward",
         "name": "对在档案收集、整理、保护、利用等方面做出突出贡献的单位和个人给予表彰、奖励",
         "legal_basis": "《中华人民共和国档案法》（2020年修订）第七条；" + REGULATION,
         "citations": [{"law": "archives-law", "articles": [7]}, {"law": "archives-law-regulation", "articles": []}],
         "division": "办公室", "posts": ["承办岗", "评审岗", "决定岗"],
         "responsibilities": ["组织责任：按照国家和省有关表彰奖励规定，发布评选通知，公布评选条件、名额和程序。",
                              "评审责任：对推荐对象进行资格审查和集体评审。",
                              "公示责任：拟表彰奖励名单向社会公示，受理异议并核查。",
                              "决定责任：经局长办公会集体研究决定，按程序报批后表彰奖励。",
                              "其他法律法规规章规定应履行的责任。"],
         "accountability": ["不按规定的条件和程序评选，弄虚作假、优亲厚友的；",
                            "未经公示或者未经集体研究作出表彰奖励决定的；",
                            "对公示期间的异议不核查的。"],
         "accountability_basis": "《中华人民共和国公职人员政务处分法》；《行政机关公务员处分条例》",
         "channels": "所在单位或者市（地）档案主管部门推荐；按评选通知的要求报送材料。",
         "rights_obligations": "权利：按评选通知申报或者被推荐；对公示名单提出异议。\n义务：如实提供申报材料。",
         "remedies": "对评选结果有异议的，可以在公示期内向本机关提出；" + REMEDIES,
         "time_limit_text": "按国家和省有关表彰奖励规定的评选周期办理；拟表彰奖励名单公示不少于五个工作日。",
         "steps": ["发布评选通知", "推荐申报", "资格审查", "集体评审", "公示（不少于五个工作日）", "局长办公会集体研究决定",
                   "表彰奖励"],
         "risk_points": [
             {"post": "评审岗", "level": "medium", "description": "评审标准不统一，优亲厚友、暗箱操作。",
              "controls": ["评选条件和程序事先公布；", "集体评审，评审专家记名打分，评审记录存档。"]},
             {"post": "决定岗", "level": "medium", "description": "未经公示或者未经集体研究即作出表彰奖励决定。",
              "controls": ["拟表彰奖励名单公示期满无异议或者异议已核查处理后，方可提交局长办公会；",
                           "集体研究决定形成会议纪要。"]}]},
        {"code": "黑档-QT-001", "order": 41, "category": "other",
         "name": "对保管条件不符合要求或者存在其他原因可能导致严重损毁和不安全的非国有档案采取代为保管等措施，"
                 "必要时予以收购或者征购",
         "legal_basis": "《中华人民共和国档案法》（2020年修订）第二十二条第一款；" + REGULATION,
         "citations": [{"law": "archives-law", "articles": [22], "note": "第一款"},
                       {"law": "archives-law-regulation", "articles": []}],
         "division": "监督检查处", "posts": ["承办岗", "科室审核岗", "决定岗"],
         "responsibilities": ["核查责任：接到报告或者发现非国有档案存在严重损毁、不安全风险的，及时实地核查。",
                              "协商责任：与档案所有者协商，给予帮助或者采取指定档案馆代为保管等措施。",
                              "决定责任：必要时经集体研究决定收购或者征购，委托评估，依法给予合理补偿。",
                              "其他法律法规规章规定应履行的责任。"],
         "accountability": ["对存在严重损毁风险的档案不及时核查、处置，造成档案损毁、灭失的；",
                            "违背所有者意愿或者不按规定程序征购，或者补偿不公的；",
                            "在处置中谋取私利的。"],
         "accountability_basis": "《中华人民共和国公职人员政务处分法》；《行政机关公务员处分条例》",
         "channels": "档案所有者或者知情人可以到本机关、来信或者在本平台报告档案的保管情况。",
         "rights_obligations": "权利：档案所有者可以选择向国家档案馆寄存或者转让；对征购决定和补偿陈述意见。\n"
                               "义务：妥善保管档案，不得出卖、赠送给外国人或者外国组织。",
         "remedies": REMEDIES,
         "time_limit_text": "法律未规定办理时限；本机关规定接到报告后五个工作日内实地核查，存在紧急损毁风险的立即处置。",
         "steps": ["接到报告或者发现", "实地核查", "与档案所有者协商（帮助、代为保管）", "必要时集体研究决定收购或者征购",
                   "委托评估、签订协议或者作出书面决定", "档案移交、归档"],
         "risk_points": [
             {"post": "承办岗", "level": "medium", "description": "对存在严重损毁风险的档案不及时核查、处置。",
              "controls": ["报告一律登记，五个工作日内核查，核查记录附照片存档；", "超期未核查的由科室负责人督办。"]},
             {"post": "决定岗", "level": "high", "description": "征购价格评估不公，或者违背所有者意愿采取措施。",
              "controls": ["委托独立评估机构评估；", "收购、征购须经局长办公会集体研究，签订书面协议。"]}]},
        {"code": "黑档-QT-002", "order": 42, "category": "other",
         "name": "档案违法行为举报的受理和处理",
         "legal_basis": "《中华人民共和国档案法》（2020年修订）第四十六条；" + REGULATION,
         "citations": [{"law": "archives-law", "articles": [46]}, {"law": "archives-law-regulation", "articles": []}],
         "division": "政策法规处", "posts": ["受理岗", "承办岗", "科室审核岗"],
         "responsibilities": ["受理责任：接收电话、信件和网上举报，逐件登记。",
                              "处理责任：及时核实，依法立案查处、移送有关机关或者不予处理。",
                              "告知责任：将处理结果告知实名举报人。",
                              "保密责任：为举报人保密。"],
         "accountability": ["对举报不登记、不处理或者拖延处理的；", "泄露举报人信息的；", "对举报人打击报复的。"],
         "accountability_basis": "《中华人民共和国公职人员政务处分法》；《行政机关公务员处分条例》",
         "channels": "电话举报；来信举报；本平台网上举报。",
         "rights_obligations": "权利：举报档案违法行为；实名举报的，获知处理结果；个人信息受保护。\n义务：如实举报，不得捏造、歪曲事实。",
         "remedies": "对处理结果不服的，可以向本机关或者上级机关反映；涉及本人合法权益的，" + REMEDIES,
         "time_limit_text": "自收到举报之日起十五个工作日内决定是否立案查处或者移送，并告知实名举报人（本机关规定）。",
         "steps": ["接收举报并登记", "初步核实", "决定立案查处、移送或者不予处理", "告知实名举报人", "归档"],
         "risk_points": [
             {"post": "受理岗", "level": "high", "description": "泄露举报人姓名、联系方式等信息。",
              "controls": ["举报人信息仅承办人员可见，访问留痕；", "对外公开的信息隐去举报人身份。"]},
             {"post": "承办岗", "level": "medium", "description": "压案不查、拖延处理。",
              "controls": ["举报一律登记编号，超过十五个工作日未处理的由科室负责人督办；",
                           "立案查处的转入行政处罚流程，与举报登记关联。"]}]},
    ]
    return out


# Changes of the 2026 edition against the 2023 one: the regulation of 2024 (in force 2024-03-01) added to the
# bases, and the complaint handling (黑档-QT-002) added.
V1_LEAVE_OUT = {"黑档-QT-002"}


def _v1(spec: dict) -> dict:
    out = {**spec, "legal_basis": spec["legal_basis"].replace("；" + REGULATION, "").replace(REGULATION + "；", ""),
           "citations": [c for c in spec["citations"] if c["law"] != "archives-law-regulation"]}
    return out


def _laws() -> None:
    from fazhi.laws.models import Law

    for code, title, kind, issuer in LAWS:
        Law.objects.get_or_create(code=code, defaults={"title": title, "kind": kind, "issuer": issuer})


def _save(version, spec: dict, actor: User) -> None:
    from fazhi.powers.services import power_save

    data = {k: v for k, v in spec.items() if k != "risk_points"}
    power_save(actor=actor, version=version, power=version.powers.filter(code=spec["code"]).first(), data=data,
               risk_points=spec["risk_points"])


def load_powers_demo(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.licensing.models import Item
    from fazhi.powers.models import PowerListVersion
    from fazhi.powers.services import version_draft_create, version_publish

    _laws()
    if PowerListVersion.objects.filter(agency=agency).exists():
        return
    items = {i.code: i for i in Item.objects.filter(agency=agency)}
    specs = _powers(items)
    head, legal, director = users["head"], users["legal"], users["director"]

    with sysclock.frozen_today(dt.date(2023, 3, 1)):
        v1 = version_draft_create(actor=head, label="2023年版", effective_on=dt.date(2023, 4, 1),
                                  note="依据《中华人民共和国档案法》（2020年修订）编制。")
        for spec in specs:
            if spec["code"] not in V1_LEAVE_OUT:
                _save(v1, _v1(spec), head)
    with sysclock.frozen_today(dt.date(2023, 3, 15)):
        version_publish(actor=director, version=v1)

    with sysclock.frozen_today(dt.date(2026, 2, 2)):
        v2 = version_draft_create(
            actor=legal, label="2026年版", effective_on=dt.date(2026, 3, 1),
            note="根据《中华人民共和国档案法实施条例》（2024年3月1日起施行）补充设定依据；新增“档案违法行为举报的受理和处理”；"
                 "完善岗位风险点防控措施。")
        for spec in specs:
            _save(v2, spec, legal)
    with sysclock.frozen_today(dt.date(2026, 2, 26)):
        version_publish(actor=director, version=v2)
