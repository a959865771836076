"""Demo legal adviser: the one the 2018 letter (黑档函〔2018〕15号) reports — a lawyer, a partner of a Harbin law firm
with more than twenty years' experience, engaged in 2017 and consulted whenever the bureau drew up a contract — under
an invented name, firm and licence number (the letter names a real person). A few consultations of 2017, mostly
contract reviews, one answered late. Idempotent."""

from __future__ import annotations

import datetime as dt

from fazhi.core.models import Agency, User

D = dt.date
NAME = "韩立新"
FIRM = "黑龙江衡正律师事务所"  # invented
LICENCE = "12301199610234567"  # invented, 17 digits like a lawyer's 执业证号


def load_advisers_demo(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.advisers.models import Adviser, Consultation
    from fazhi.advisers.services import adviser_save, consultation_answer, consultation_create

    if Adviser.objects.filter(agency=agency, name=NAME).exists():
        return
    legal = users["legal"]
    adviser = adviser_save(
        actor=legal, name=NAME, firm=FIRM, kind=Adviser.Kind.LAWYER, licence_number=LICENCE, phone="0451-80001234",
        term_from=D(2017, 1, 1), term_to=D(2017, 12, 31), response_workdays=5, contract_number="黑档法顾〔2017〕1号",
        note="律师事务所二级合伙人，从事法律顾问工作二十余年（示例数据，姓名、机构、证号均为虚构）。")
    rows = [
        # asked by, asked on, kind, subject, question, answered on, opinion
        ("handler", D(2017, 3, 6), Consultation.Kind.CONTRACT, "馆藏档案数字化外包服务合同",
         "请审查数字化外包服务合同文本，重点关注保密条款、数据归属和违约责任。", D(2017, 3, 10),
         "建议增加服务人员保密承诺和背景审查条款，明确数字化成果及元数据归档案馆所有，违约金按合同总价百分之二十约定。",
         "已全部采纳，合同第七条、第十二条据此修改。"),
        ("head", D(2017, 5, 15), Consultation.Kind.CONTRACT, "档案馆陈列展览设计制作合同",
         "请审查展览设计制作合同，涉及展品借展和知识产权。", D(2017, 5, 19),
         "建议明确设计方案著作权归属、借展档案的安全责任和保险，分期付款与验收节点挂钩。", "已采纳。"),
        ("head", D(2017, 8, 21), Consultation.Kind.CONTRACT, "档案库房改造工程施工合同",
         "请审查库房改造工程施工合同，关注工期、质量保证金和消防验收。", D(2017, 9, 5),
         "建议按《建设工程施工合同（示范文本）》调整通用条款，质量保证金不超过工程价款结算总额的百分之三，"
         "将消防验收合格作为竣工验收前提。", "已采纳；答复晚于约定时间（律师出差）。"),
        ("legal", D(2017, 10, 9), Consultation.Kind.NORMATIVE, "规范性文件清理中三件文件的废止意见",
         "请对2017年5月31日以前制发的三件规范性文件拟予废止的理由提出法律意见。", D(2017, 10, 13),
         "三件文件的制定依据已被修改或废止，内容与现行上位法不一致，同意废止。", "已采纳，随清理结果公布。"),
        ("legal", D(2017, 11, 20), Consultation.Kind.OPINION, "《行政许可“一法一例”》专题辅导讲稿审阅",
         "请审阅全局干部职工专题辅导讲稿中有关行政许可法、行政处罚法的表述。", D(2017, 11, 24),
         "讲稿表述准确，建议补充行政许可法第四十二条期限的计算和延长程序。", "已采纳。"),
    ]
    for who, asked, kind, subject, question, answered, opinion, adoption in rows:
        c = consultation_create(actor=users[who], adviser_id=adviser.pk, subject=subject, kind=kind,
                                question=question, asked_on=asked, today=asked)
        consultation_answer(actor=legal, consultation_id=c.pk, opinion=opinion, answered_on=answered,
                            adoption=adoption, today=answered)
