"""Demo manual items of the provincial bureau's 主动公开目录 in 2026, made and published through the services on
their own days (so the transparency log dates them right):

* 机构职能 published in January, changed on 1 September (new deputy director and telephone) and republished only on
  20 October — past the 20 working days of 第二十六条, so it shows as 逾期公开;
* the 档案查阅利用服务指南, published in March and changed on 26 October (new opening hours) but not yet
  republished: overdue from 24 November, so the staff list and ``fazhi openinfo overdue`` warn;
* the 2026 work plan, the 2025 statistics bulletin, the 政府信息公开指南 (第十二条), the 2026 budget, a civil-service
  recruitment notice; and a draft made on 2 November, due on 30 November. (The 政府信息公开工作年度报告 comes from
  fazhi/disclosure through the transparency log.)

Idempotent: nothing is done when the first item exists. Every text is invented."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, User
from fazhi.openinfo import services
from fazhi.openinfo.models import CatalogueItem

D = dt.date
ORGANIZATION = "黑龙江省档案局机构职能、内设机构及联系方式"

# category, title, number, summary, made_on, published_on
PUBLISHED = [
    ("organization", ORGANIZATION, "",
     "主要职责、内设机构、办公地址、办公时间、联系电话及局领导姓名。", D(2026, 1, 5), D(2026, 1, 9)),
    ("other", "黑龙江省档案局政府信息公开指南", "",
     "主动公开的方式、依申请公开的受理机构、申请方式和处理程序（《政府信息公开条例》第十二条）。", D(2026, 1, 20),
     D(2026, 1, 28)),
    ("finance", "黑龙江省档案局2026年部门预算", "",
     "2026年部门收支预算总表、一般公共预算支出表及“三公”经费预算情况说明。", D(2026, 2, 10), D(2026, 2, 13)),
    ("plans", "2026年全省档案工作要点", "黑档发〔2026〕3号",
     "全省档案工作2026年的主要任务和工作安排。", D(2026, 2, 27), D(2026, 3, 10)),
    ("services", "档案查阅利用服务指南", "",
     "查阅档案的范围、需提交的证件、办理流程、开放时间和咨询电话。", D(2026, 2, 25), D(2026, 3, 2)),
    ("statistics", "2025年度全省档案事业发展统计公报", "",
     "全省各级档案馆馆藏、接收、开放和利用情况统计。", D(2026, 4, 15), D(2026, 4, 28)),
    ("personnel", "黑龙江省档案局2026年度考试录用公务员拟录用人员公示", "",
     "拟录用人员名单、公示期限及受理举报的电话。", D(2026, 6, 19), D(2026, 6, 25)),
]


def load_openinfo_demo(agency: Agency, users: dict[str, User]) -> None:
    if CatalogueItem.objects.filter(agency=agency, title=ORGANIZATION).exists():
        return
    head, director = users["head"], users["director"]
    items = {}
    for category, title, number, summary, made_on, published_on in PUBLISHED:
        with sysclock.frozen_today(made_on):
            item = services.item_create(actor=head, category=category, title=title, document_number=number,
                                        summary=summary, made_on=made_on, body=summary)
        with sysclock.frozen_today(published_on):
            services.item_publish(actor=director, item_id=item.pk)
        items[category] = item
    # Changed on 1 September, republished on 20 October: due on 29 September (20 working days; 中秋节 on 25
    # September not counted, make-up Sunday 20 September counted), so 逾期公开.
    org = items["organization"]
    with sysclock.frozen_today(D(2026, 9, 1)):
        services.item_update(actor=head, item_id=org.pk, category=org.category, title=org.title,
                             made_on=org.made_on, summary=org.summary + "（2026年9月1日起副局长及办公电话调整）",
                             body=org.body, changed_on=D(2026, 9, 1))
    with sysclock.frozen_today(D(2026, 10, 20)):
        services.item_publish(actor=director, item_id=org.pk)
    # Changed on 26 October and not republished: overdue after 23 November.
    guide = items["services"]
    with sysclock.frozen_today(D(2026, 10, 26)):
        services.item_update(actor=head, item_id=guide.pk, category=guide.category, title=guide.title,
                             made_on=guide.made_on, summary="开放时间调整为周一至周五8:30—16:30（法定节假日除外）。",
                             body=guide.body, changed_on=D(2026, 10, 26))
    with sysclock.frozen_today(D(2026, 11, 2)):
        services.item_create(actor=head, category="plans", title="2027年全省档案工作要点（草稿）",
                             summary="2027年主要任务（草稿）。", made_on=D(2026, 11, 2))
