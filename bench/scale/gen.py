"""The rows of each chunk of the bulk phases, generated without the database (they can be made in a forked process
while the parent writes the previous chunk):

* **directory**: inspection targets (检查对象名录库) — units of every kind over the province's counties, with valid
  统一社会信用代码 (GB 32100-2015, check characters computed as ``fazhi.inspection.bench._uscc`` does, organization
  codes per GB 11714-1997), a pure function of their index (the inspections phase recomputes the units it draws);
* **cases**: licensing applications, disclosure requests, complaints, reports and petitions over five years, each
  replayed through its process definition (bench/scale/replay.py, bench/scale/kinds.py);
* **norms**: normative documents with Chinese text (fazhi/norms/textgen.py), registered and partly repealed, with
  their search entries (PostgreSQL: the tsvectors; SQLite: the FTS5 rows);
* **inspections**: tasks of the double-random draw with their drawn units and teams, one inspection case per unit
  with its findings.

Each chunk is deterministic given (phase, chunk index, seed) and the numbering counters it starts from, so a killed
run that resumes regenerates exactly the chunk it lost."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import math
import random
from dataclasses import dataclass, field
from operator import itemgetter

from bench.scale import kinds as K
from bench.scale import names, tables
from bench.scale.replay import OPEN_COUNTER, OPEN_ONLINE, Counters, Env, Ids, Sim
from bench.scale.world import World
from fazhi.core.demo.load import USCC_ALPHABET, make_uscc, resident_id_with_check
from fazhi.inspection.bench import INDEX as USCC_INDEX
from fazhi.inspection.bench import RISKS
from fazhi.inspection.bench import WEIGHTS as USCC_WEIGHTS
from fazhi.norms import search as norm_search
from fazhi.norms import textgen
from fazhi.norms.models import public_status


@dataclass(frozen=True)
class Scale:
    name: str
    cases: int
    entities: int
    norms: int
    inspections: int
    public: int
    chunks: dict  # phase -> number of chunks
    years: int = 5
    stall: float = 0.03  # share of the cases of the last year left waiting part-way (the overdue backlog)
    only_province: bool = False  # every case of the provincial bureau (the query-count tests)


SCALES = {
    "province": Scale("province", cases=1_000_000, entities=10_000_000, norms=100_000, inspections=200_000,
                      public=20_000, chunks={"directory": 100, "cases": 100, "norms": 50, "inspections": 50}),
    "city": Scale("city", cases=10_000, entities=100_000, norms=1_000, inspections=2_000, public=2_000,
                  chunks={"directory": 10, "cases": 10, "norms": 5, "inspections": 5}),
    "tiny": Scale("tiny", cases=1_000, entities=10_000, norms=100, inspections=200, public=200,
                  chunks={"directory": 4, "cases": 4, "norms": 2, "inspections": 2}),
}
PHASES = ("directory", "cases", "norms", "inspections")
# Rows reserved per item of a phase (ids are taken from per-chunk ranges; unused ids are gaps, as after rollbacks).
CAPACITY = {
    "directory": {"entity": 1},
    "cases": {"case": 1, "application": 1, "request": 1, "designated": 1, "complaint": 1, "petition": 1,
              "disclosure": 1, "clock": 12, "pause": 4, "extension": 3, "event": 16, "document": 8},
    "norms": {"case": 1, "event": 4, "clock": 2, "document": 1, "pause": 1, "extension": 1},
    "inspections": {"case": 1, "inspection": 1, "finding": 3, "clock": 6, "pause": 2, "extension": 2, "event": 10,
                    "document": 3, "task": 1, "task_items": 3},
}
KEYED_BY_CASE = ("norm", "search")  # primary key = the case's id


def phase_total(scale: Scale, phase: str) -> int:
    return {"directory": scale.entities, "cases": scale.cases, "norms": scale.norms,
            "inspections": scale.inspections}[phase]


def chunk_size(scale: Scale, phase: str) -> int:
    return math.ceil(phase_total(scale, phase) / scale.chunks[phase])


def chunk_bounds(scale: Scale, phase: str, chunk: int) -> tuple[int, int]:
    size = chunk_size(scale, phase)
    return chunk * size, min(phase_total(scale, phase), (chunk + 1) * size)


def make_plan(scale: Scale, bases: dict[str, int]) -> dict:
    """Where each phase's rows go: per (phase, table) the first id of its range; chunk k of the phase starts at
    that + k · chunk size · capacity."""
    offsets: dict[str, dict[str, int]] = {}
    running = dict(bases)
    for phase in PHASES:
        offsets[phase] = {}
        size = chunk_size(scale, phase)
        for key, cap in CAPACITY[phase].items():
            offsets[phase][key] = running[key]
            running[key] += scale.chunks[phase] * size * cap
    return {"scale": scale.name, "bases": bases, "offsets": offsets}


def chunk_ids(scale: Scale, plan: dict, phase: str, chunk: int) -> Ids:
    size = chunk_size(scale, phase)
    return Ids({key: (plan["offsets"][phase][key] + chunk * size * cap, size * cap)
                for key, cap in CAPACITY[phase].items()})


# ---- the directory: unit i is a pure function of i ------------------------------------------------------------
UNIT_AUTHORITY = {"organ": "11", "institution": "12", "association": "51", "social_service": "52", "foundation": "53",
                  "community": "59", "enterprise": "91", "individual_business": "92", "cooperative": "93"}
_KIND_TABLE = [k for k, w, _s in names.ENTITY_KINDS for _ in range(w)]
_SUFFIXES = {k: s for k, _w, s in names.ENTITY_KINDS}


@functools.cache
def _regions() -> list[tuple[str, str]]:
    """(region code, place name) of every county, each repeated by its weight (Harbin's districts more)."""
    out = []
    for city, cregion, _short, counties in names.CITIES:
        for n, county in enumerate(counties, start=2):
            place = county if not county.endswith("区") else city.removesuffix("市").removesuffix("地区") + county
            out.extend([(f"{cregion[:4]}{n:02d}", place)] * (3 if cregion == "230100" else 1))
    return out


_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997
_ORG_CHECK = {10: "X", 11: "0"}


@functools.cache
def _prefix_sum(authority_region: str) -> int:
    return sum(USCC_INDEX[c] * w for c, w in zip(authority_region, USCC_WEIGHTS[:8], strict=True))


def uscc_for(authority: str, region: str, i: int) -> str:
    """The 统一社会信用代码 of unit ``i``: registration authority and kind, region, the organization code
    "L"/"M"… + 7 digits with its GB 11714-1997 check character, and the GB 32100-2015 check character (weights
    3^(k-1) mod 31, check = (31 − Σ mod 31) mod 31) — ``fazhi.inspection.bench._uscc`` arithmetic, unrolled."""
    lead = "LMNPQ"[i // 10_000_000]
    digits = f"{i % 10_000_000:07d}"
    vals = [ord(c) - 48 for c in digits]
    s = (ord(lead) - 55) * 3 + sum(v * w for v, w in zip(vals, _ORG_WEIGHTS[1:]))  # noqa: B905
    check = 11 - s % 11
    org = f"{lead}{digits}{_ORG_CHECK.get(check, str(check))}"
    total = _prefix_sum(authority + region) + sum(
        USCC_INDEX[c] * w for c, w in zip(org, USCC_WEIGHTS[8:]))  # noqa: B905
    return authority + region + org + USCC_ALPHABET[(31 - total % 31) % 31]


def unit(i: int) -> tuple[str, str, str, str, str, str]:
    """(uscc, name, kind, region, risk, address) of directory unit number ``i`` (0-based)."""
    regions = _regions()
    region, place = regions[(i * 2654435761) % len(regions)]
    kind = _KIND_TABLE[(i * 40503) % len(_KIND_TABLE)]
    # "L" + the index keeps these apart from the other benches' units (fazhi bench draw numbers its own with digits).
    uscc = uscc_for(UNIT_AUTHORITY[kind], region, i)
    g = names.GIVEN
    word = names.COMPANY_WORDS[(i * 7919) % len(names.COMPANY_WORDS)]
    suffixes = _SUFFIXES[kind]
    if kind in ("enterprise", "individual_business", "cooperative"):
        name = f"{_short_place(place)}{word}{g[i % len(g)]}{g[(i // 7) % len(g)]}{suffixes[(i // 3) % len(suffixes)]}"
    elif kind == "community":
        name = f"{place}{word}{suffixes[i % len(suffixes)]}"
    else:
        name = f"{place}{suffixes[(i // 3) % len(suffixes)]}" + ("（" + word + "分部）" if i % 5 == 0 else "")
    address = f"{place}{names.STREETS[(i * 31) % len(names.STREETS)]}{i % 300 + 1}号"
    return uscc, name[:200], kind, region, RISKS[i % len(RISKS)], address


@functools.cache
def _short_place(place: str) -> str:
    return place.removesuffix("县").removesuffix("市")


# ---- the generating context --------------------------------------------------------------------------------
@dataclass
class Context:
    scale: Scale
    plan: dict
    world: World
    vendor: str
    today: dt.date
    now: dt.datetime
    secret: bytes
    deadline: object
    labels: dict
    tabs: dict = field(default_factory=dict)
    getters: dict = field(default_factory=dict)
    defaults: dict = field(default_factory=dict)
    specs: dict = field(default_factory=dict)
    agency_cum: list = field(default_factory=list)

    def setup(self, defaults: dict) -> None:
        self.tabs = tables.tables(self.vendor)
        self.getters = {k: itemgetter(*t.attnames) for k, t in self.tabs.items()}
        self.defaults = defaults
        self.specs = K.specs()
        total = 0.0
        for a in self.world.agencies:
            total += a.weight
            self.agency_cum.append(total)

    @functools.cached_property
    def start(self) -> dt.date:
        return self.today - dt.timedelta(days=365 * self.scale.years)

    def agency(self, rng: random.Random):
        if self.scale.only_province:
            return self.world.province
        return rng.choices(self.world.agencies, cum_weights=self.agency_cum)[0]


def _rows() -> dict[str, list]:
    return {k: [] for k in (*tables.SPECS, *tables.FTS)}


def generate(ctx: Context, phase: str, chunk: int, counters: Counters) -> tuple[dict[str, object], int]:
    """The packed rows of one chunk, and how many rows they are."""
    rng = random.Random(f"{ctx.scale.name}:{phase}:{chunk}")
    ids = chunk_ids(ctx.scale, ctx.plan, phase, chunk)
    rows = _rows()
    env = Env(ids=ids, counters=counters, rows=rows, today=ctx.today, deadline=ctx.deadline, labels=ctx.labels,
              secret=ctx.secret)
    lo, hi = chunk_bounds(ctx.scale, phase, chunk)
    {"directory": _directory, "cases": _cases, "norms": _norms, "inspections": _inspections}[phase](
        ctx, env, rng, lo, hi)
    out: dict[str, list] = {}
    n = 0
    for key, data in rows.items():
        if not data:
            continue
        if key in tables.FTS:
            out[key] = data
        else:
            getter, defaults = ctx.getters[key], ctx.defaults.get(key)
            if defaults and not set(ctx.tabs[key].attnames) <= data[0].keys():
                out[key] = [getter({**defaults, **r}) for r in data]
            else:
                out[key] = [getter(r) for r in data]
        n += len(data)
    return tables.pack(ctx.vendor, ctx.tabs, out), n


def _directory(ctx: Context, env: Env, rng: random.Random, lo: int, hi: int) -> None:
    base = ctx.plan["offsets"]["directory"]["entity"]
    first = unit_offset(ctx)
    now = ctx.now
    rows = env.rows["entity"]
    for i in range(lo, hi):
        uscc, name, kind, region, risk, address = unit(first + i)
        rows.append({"id": base + i, "uscc": uscc, "name": name, "kind": kind, "region_code": region,
                     "risk_class": risk, "address": address, "contact": "", "phone": f"0451-{5000000 + i % 4000000}",
                     "active": i % 50 != 7, "created_at": now, "updated_at": now})


def unit_offset(ctx: Context) -> int:
    """Unit numbers continue after the rows already in the table (a seed grown on top of another)."""
    return ctx.plan["bases"]["entity"] - 1


def _party(ctx: Context, rng: random.Random, applicant) -> dict:
    if applicant is not None:
        _id, kind, name, idn, phone = applicant
        return {"kind": "person" if kind == "person" else "legal_person", "name": name, "id_number": idn,
                "phone": phone, "address": ""}
    s = names
    if rng.random() < 0.7:
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
        return {"kind": "person", "name": rng.choice(s.SURNAMES) + rng.choice(s.GIVEN) + rng.choice(s.GIVEN),
                "id_number": resident_id_with_check(f"2301{rng.randint(2, 99):02d}{birth:%Y%m%d}{rng.randrange(1000):03d}"),
                "phone": f"139{rng.randrange(10**8):08d}",
                "address": f"{rng.choice(s.CITIES)[0]}{rng.choice(s.STREETS)}{rng.randint(1, 300)}号"}
    return {"kind": "legal_person", "name": rng.choice(("哈尔滨", "大庆", "牡丹江", "佳木斯")) + rng.choice(s.COMPANY_WORDS)
            + rng.choice(s.COMPANY_KINDS),
            "id_number": make_uscc("91", "230100", f"Q{rng.randrange(10**7):07d}"),
            "phone": f"0451-{rng.randrange(10**7):07d}", "address": f"哈尔滨市{rng.choice(s.STREETS)}{rng.randint(1, 300)}号"}


def _verification(ctx: Context, number: str, case_id: int) -> str:
    # fazhi.process.services.verification_hash with the code B<case id> (the bench shows no code to anyone)
    return hmac.new(ctx.secret, f"{number}:B{case_id}".encode(), hashlib.sha256).hexdigest()


def _received(ctx: Context, rng: random.Random) -> dt.date:
    days = (ctx.today - ctx.start).days
    return ctx.start + dt.timedelta(days=int((rng.random() ** 0.85) * days))  # more work in later years


def _field_value(f: dict, received: dt.date, rng: random.Random):
    kind = f.get("kind", "text")
    if kind == "date":
        return (received + dt.timedelta(days=60)).isoformat()
    if kind == "int":
        return rng.randint(1, 50_000)
    return "示例内容：" + rng.choice(("民国时期账簿复制件", "抗战时期报刊档案", "家族谱牒手稿", "老照片底片", "土改时期地契"))


@functools.cache
def _cum(items: tuple) -> tuple[list, list]:
    """(values, cumulative weights) of ((value, weight), ...), for ``rng.choices(..., cum_weights=)``."""
    values, cum, total = [], [], 0.0
    for v, w in items:
        total += w
        values.append(v)
        cum.append(total)
    return values, cum


def _pick(rng: random.Random, weights: dict):
    values, cum = _cum(tuple(weights.items()))
    return rng.choices(values, cum_weights=cum)[0]


def _cases(ctx: Context, env: Env, rng: random.Random, lo: int, hi: int) -> None:
    for _n in range(lo, hi):
        kind = _pick(rng, K.KIND_WEIGHTS)
        agency = ctx.agency(rng)
        received = _received(ctx, rng)
        channel = _pick(rng, K.CHANNELS[kind])
        online = channel == "online"
        anonymous = kind == "report" and online and rng.random() < 0.3
        applicant = rng.choice(ctx.world.public) if online and not anonymous else None
        party = _party(ctx, rng, applicant) if not anonymous else {
            "kind": "person", "name": "匿名", "id_number": "", "phone": "", "address": ""}
        case_id = env.ids.take("case")
        year = received.year
        slow = rng.random() < 0.06
        stall = rng.randint(0, 3) if (ctx.today - received).days < 365 and rng.random() < ctx.scale.stall else None
        opener = None if online else "clerk"
        if kind == "licensing":
            spec = ctx.specs["licensing"]
            item_id, item_code, form_fields = rng.choice(agency.items)
            serial = env.counters.take(agency.id, "#XK", year)
            number = f"{agency.code.upper()}-XK{year}-{serial:06d}"
            data = {"item": item_code, "fields": {f["name"]: _field_value(f, received, rng) for f in form_fields}}
            kind_row = {"id": env.ids.take("application"), "case_id": case_id, "item_id": item_id, "decision": "",
                        "licence_scope": "", "certificate_number": ""}
            open_actor = applicant[0] if applicant else agency.staff["clerk"]
            open_label = OPEN_ONLINE if applicant else OPEN_COUNTER
            final = _pick(rng, K.LICENSING_FINALS)
            forced: tuple[str, ...] = ()
            request_row = None
        else:
            rk = K.request_kind(kind)
            spec = ctx.specs[rk.process_code]
            serial = env.counters.take(agency.id, f"#{rk.number_code}", year)
            number = f"{agency.code.upper()}-{rk.number_code}{year}-{serial:06d}"
            data = {"kind": kind}
            fields = {f.name: K._text(f.name, rng) for f in rk.fields if f.required and f.kind in ("text", "textarea")}
            for f in rk.fields:
                if f.required and f.kind == "choice":
                    fields[f.name] = rng.choice(f.choices)[0]
            if kind == "petition":
                fields["persons"] = 1 if rng.random() < 0.85 else rng.randint(2, 12)
            request_row = {"id": env.ids.take("request"), "case_id": case_id, "kind": kind, "fields": fields,
                           "anonymous": anonymous, "confidential": rk.confidential, "duplicate_of_id": None,
                           "transferred_to": ""}
            hide = rk.confidential and online
            open_actor = None if hide else (applicant[0] if applicant else agency.staff["clerk"])
            open_label = ("匿名" if anonymous else "举报人") if hide else (OPEN_ONLINE if online else OPEN_COUNTER)
            if kind in ("complaint", "report"):
                kind_row = {"id": env.ids.take("complaint"), "case_id": case_id, "request_id": request_row["id"],
                            "subject": fields.get("subject", "某单位"), "possible_duplicates": [], "refusal_ground": "",
                            "result": "", "findings": "", "handled_on": None, "penalty_case_id": None, "reply": "",
                            "replied_on": None}
                table = "complaint"
            elif kind == "petition":
                kind_row = {"id": env.ids.take("petition"), "case_id": case_id, "request_id": request_row["id"],
                            "matter": fields.get("matter", "")[:200], "category": "", "persons": fields["persons"],
                            "representatives": []}
                table = "petition"
            else:
                person = party["kind"] == "person"
                kind_row = {"id": env.ids.take("disclosure"), "case_id": case_id,
                            "requester_type": "person" if person else rng.choice(
                                ("business", "business", "research", "legal_service", "other")),
                            "corrected_description": "", "corrected_on": None, "result": "", "ground": "",
                            "replied_on": None, "reply": {}, "fee": None}
                table = "disclosure"
            final = _pick(rng, spec.finals)
            forced = (("confirm_receipt",) if online else ("register_receipt",)) if kind == "disclosure" else ()
        sim = Sim(env, spec, case_id=case_id, number=number, agency=agency, kind_row=kind_row, channel=channel,
                  received=received, applicant=applicant, party=party, data=data, rng=rng, opener=opener,
                  open_actor=open_actor, open_label=open_label, slow=slow)
        sim.request_kind, sim.request_row = (kind, request_row) if kind != "licensing" else (None, None)
        sim.case["verification_hash"] = _verification(ctx, number, case_id)
        sim.run(final, stall_after=stall, forced=forced)
        sim.finish()
        if kind == "licensing":
            env.rows["application"].append(kind_row)
        else:
            env.rows["request"].append(request_row)
            env.rows[table].append(kind_row)
            for user_id in sim.extra_rows.get("designated", ()):
                env.rows["designated"].append({"id": env.ids.take("designated"), "publicrequest_id": request_row["id"],
                                               "user_id": user_id})


def _norms(ctx: Context, env: Env, rng: random.Random, lo: int, hi: int) -> None:
    spec = ctx.specs["norm"]
    for _n in range(lo, hi):
        agency = ctx.world.province if rng.random() < 0.4 else ctx.agency(rng)
        d = textgen.document(rng)
        published = min(dt.date(min(d["year"], ctx.today.year), rng.randint(1, 12), rng.randint(1, 28)),
                        ctx.today - dt.timedelta(days=1))
        registered = min(max(published, ctx.start) + dt.timedelta(days=rng.randint(0, 20)), ctx.today)
        series = rng.choice(textgen.SERIES)
        serial = env.counters.take(agency.id, f"#规{series}", published.year)
        number = f"{agency.short}{series}〔{published.year}〕{serial}号"
        title = d["title"].replace(d["issuer"], agency.name)
        text = d["text"].replace(d["issuer"], agency.name)
        case_id = env.ids.take("case")
        case_serial = env.counters.take(agency.id, "#GF", registered.year)
        case_number = f"{agency.code.upper()}-GF{registered.year}-{case_serial:06d}"
        norm = {"case_id": case_id, "agency_id": agency.id, "state": "valid", "title": title[:300], "number": number,
                "issuer": agency.name, "drafting_division": "政策法规处", "explanation": "", "other_bases": "",
                "text": text, "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
                "drafted_on": published - dt.timedelta(days=rng.randint(10, 90)), "reviewed_on": None, "meeting": "",
                "signed_on": None, "signer_id": None, "published_on": published, "channel": f"{agency.name}门户网站",
                "effective_on": published + dt.timedelta(days=rng.choice((0, 0, 30))), "valid_until": None,
                "filed_on": None, "filing_bodies": "", "receipt_number": "", "receipt_on": None, "repealed_on": None,
                "expired_on": None, "end_reason": "", "replaces_id": None, "to_amend": False, "registered": True,
                "created_by_id": agency.staff["legal"], "created_at": ctx.now}
        party = {"kind": "legal_person", "name": f"{agency.name}政策法规处"[:100], "id_number": "", "phone": "",
                 "address": ""}
        sim = Sim(env, spec, case_id=case_id, number=case_number, agency=agency, kind_row=norm, channel="ex_officio",
                  received=registered, applicant=None, party=party, data={"title": title[:300]}, rng=rng,
                  opener="legal", open_actor=agency.staff["legal"], open_label=OPEN_COUNTER)
        sim.case["verification_hash"] = _verification(ctx, case_number, case_id)
        sim.run(_pick(rng, spec.finals))
        sim.finish()
        norm["state"] = sim.case["state"]
        env.rows["norm"].append(norm)
        status = public_status(norm["state"])
        key = norm_search.entry_key(published, case_id)
        t_n, b_n = norm_search.padded(f"{norm['title']} {number}"), norm_search.padded(text)
        entry = {"document_id": case_id, "key": key, "agency_id": agency.id, "status": status,
                 "published_on": published}
        if ctx.vendor == "postgresql":
            tl = norm_search.lexemes(t_n)
            entry.update(title_n=t_n, body_n=b_n, ttsv=_tsv(tl), tsv=_tsv(sorted(set(tl) | set(norm_search.lexemes(b_n)))))
        else:
            entry.update(title_n="", body_n="")
            env.rows["fts"].append((key, t_n, b_n))
            env.rows["fts_title"].append((key, t_n))
        env.rows["search"].append(entry)


def _tsv(lexemes: list[str]) -> str:
    return " ".join("'" + x.replace("\\", "\\\\").replace("'", "''") + "'" for x in lexemes)


def _inspections(ctx: Context, env: Env, rng: random.Random, lo: int, hi: int) -> None:
    spec = ctx.specs["inspection"]
    n_units = ctx.scale.entities
    entity_base = ctx.plan["offsets"]["directory"]["entity"]
    remaining = hi - lo
    while remaining > 0:
        size = min(remaining, rng.randint(30, 150), n_units)
        remaining -= size
        agency = ctx.world.province if rng.random() < 0.25 else ctx.agency(rng)
        started = _received(ctx, rng)
        year = started.year
        serial = env.counters.take(agency.id, "#CC", year)
        number = f"{agency.code.upper()}-CC{year}-{serial:03d}"
        task_id = env.ids.take("task")
        published = (ctx.today - started).days > 60
        targets = sorted(rng.sample(range(n_units), size))
        units = [unit(unit_offset(ctx) + i) for i in targets]
        certs = [c for c, _u in agency.officers]
        teams = [sorted(rng.sample(certs, 2)) for _ in targets]
        item_ids = agency.inspection_items[: rng.randint(1, len(agency.inspection_items))]
        digest = hashlib.sha256(number.encode()).hexdigest()
        head = agency.staff["head"]
        at = dt.datetime.combine(started - dt.timedelta(days=3), dt.time(1, 30), dt.UTC)
        env.rows["task"].append({
            "id": task_id, "agency_id": agency.id, "number": number, "mode": "random",
            "title": f"{year}年度{agency.name}档案行政执法“双随机、一公开”抽查（第{serial}批）", "year": year,
            "scope_regions": [agency.region[:4] if agency.level != "province" else "23"], "scope_kinds": [],
            "scope_risk_classes": [], "strata": "risk_class",
            "quota_spec": {s: {"ratio": "0.01"} for s in "ABCD"}, "exclude_recent_months": 12, "team_size": 2,
            "max_load": None, "beacon_source": "中国福利彩票双色球开奖号码（抽取日当晚）", "parent_id": None,
            "only_targets": [], "extra_exclusions": [], "basis": "", "state": "published" if published else "inspecting",
            "started_on": started, "created_by_id": head, "created_at": at - dt.timedelta(days=2),
            "draw_date": started - dt.timedelta(days=3), "candidates_file": "", "candidates_digest": digest,
            "candidate_count": size * 100, "strata_counts": {}, "pool": certs, "exclusions": [],
            "recent_exclusions": [], "quotas": {}, "ratios": None, "max_load_effective": None, "secret": None,
            "commitment": digest, "task_digest": digest, "committed_at": at - dt.timedelta(days=1),
            "beacon_value": "03 08 11 19 24 31 + 07", "drawn_at": at, "seed": digest,
            "selected": [{"id": u[0], "stratum": u[4], "ticket": hashlib.sha256(u[0].encode()).hexdigest()}
                         for u in units],
            "assignments": [{"target": u[0], "inspectors": t} for u, t in zip(units, teams, strict=True)],
            "unstaffed": [], "results_due": started + dt.timedelta(days=80) if published else None,
            "published_at": dt.datetime.combine(started + dt.timedelta(days=60), dt.time(2, 0), dt.UTC)
            if published else None, "cancelled_at": None, "cancel_reason": ""})
        for item_id in item_ids:
            env.rows["task_items"].append({"id": env.ids.take("task_items"), "task_id": task_id,
                                           "inspectionitem_id": item_id})
        for n, (i, u, team) in enumerate(zip(targets, units, teams, strict=True), start=1):
            uscc, name, _kind, _region, _risk, address = u
            case_id = env.ids.take("case")
            ins = {"id": env.ids.take("inspection"), "case_id": case_id, "task_id": task_id, "entity_id": entity_base + i,
                   "team": team, "officers_present": [], "substitution_reason": "", "inspected_on": None, "outcome": "",
                   "rectification_due": None, "followed_up_on": None}
            party = {"kind": "legal_person", "name": name[:100], "id_number": uscc, "phone": "", "address": address}
            opened = min(started + dt.timedelta(days=rng.randint(0, 5)), ctx.today)
            case_number = f"{number}-{n:03d}"
            sim = Sim(env, spec, case_id=case_id, number=case_number, agency=agency, kind_row=ins,
                      channel="ex_officio", received=opened, applicant=None, party=party, data={"task": number},
                      rng=rng, opener="head", open_actor=head, open_label=OPEN_COUNTER)
            users = dict(agency.officers)
            sim.officer_key = next((f"officer{k + 1}" for k, (c, _u) in enumerate(agency.officers[:2]) if c in team),
                                   None)
            if sim.officer_key is None and not any(users.get(c) for c in team):
                sim.officer_key = "head"
            sim.case["verification_hash"] = _verification(ctx, case_number, case_id)
            sim.run(_pick(rng, spec.finals))
            sim.finish()
            env.rows["inspection"].append(ins)
            if ins["inspected_on"] is not None:
                failed = ins["outcome"] in ("rectify", "rectified", "referral")
                for k, item_id in enumerate(item_ids):
                    env.rows["finding"].append({
                        "id": env.ids.take("finding"), "inspection_id": ins["id"], "item_id": item_id,
                        "result": "fail" if failed and k == 0 else "pass",
                        "description": "档案库房防火、防潮设施不完善，要求限期整改。" if failed and k == 0 else "符合要求。"})
