import datetime as dt

import pytest

from fazhi.core import clock as sysclock
from fazhi.inspection.models import Entity, Officer
from tests import factories as f


def _valid_uscc():
    from fazhi.core.demo.load import make_uscc

    return make_uscc("91", "230102", "MA1BCDEF")


@pytest.fixture
def pw(world):
    """A penalty world: the home agency's officers (two valid, one expired), a unit in the directory."""
    sysclock.set_today(dt.date(2026, 11, 2))
    agency = world.agency
    officer2_user = f.staff("officer2", agency, "enforcement_officer")
    world.users["officer2"] = officer2_user
    o1 = Officer.objects.create(agency=agency, user=world.users["officer1"], name="赵执法", certificate_number="黑档执-0001",
                                issuing_authority="黑龙江省人民政府", valid_from=dt.date(2024, 1, 1),
                                valid_until=dt.date(2028, 12, 31))
    o2 = Officer.objects.create(agency=agency, user=officer2_user, name="钱执法", certificate_number="黑档执-0002",
                                issuing_authority="黑龙江省人民政府", valid_from=dt.date(2024, 1, 1),
                                valid_until=dt.date(2028, 12, 31))
    o3 = Officer.objects.create(agency=agency, name="孙过期", certificate_number="黑档执-0003",
                                issuing_authority="黑龙江省人民政府", valid_from=dt.date(2020, 1, 1),
                                valid_until=dt.date(2026, 5, 1))
    uscc = _valid_uscc()
    entity = Entity.objects.create(uscc=uscc, name="示例档案服务有限公司", kind="enterprise", region_code="230102",
                                   address="哈尔滨市南岗区示例路1号")
    world.officers = [o1, o2, o3]
    world.entity = entity
    world.party = {"name": entity.name, "id_number": uscc, "address": entity.address, "phone": "0451-12345678"}
    return world
