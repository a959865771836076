"""Verification of the per-case event chains (``fazhi audit verify``)."""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.process.models import Case, CaseEvent


@dataclass
class ChainProblem:
    case: str
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"事件 #{self.seq}" if self.seq is not None else "事件链末尾"
        return f"{self.case} {where}：{self.problem}"


def verify_case(case: Case) -> list[ChainProblem]:
    problems: list[ChainProblem] = []
    prev = ""
    expected_seq = 1
    for ev in CaseEvent.objects.filter(case=case).select_related("case").order_by("seq"):
        if ev.seq != expected_seq:
            problems.append(ChainProblem(case.number, ev.seq, f"序号不连续：应为 #{expected_seq}（有事件被删除或插入）"))
        if ev.prev_hash != prev:
            problems.append(ChainProblem(case.number, ev.seq, "前一事件哈希不符（有事件被删除、插入或改动）"))
        if ev.compute_hash() != ev.hash:
            problems.append(ChainProblem(case.number, ev.seq, "内容与哈希不符（事件被改动）"))
        prev = ev.hash
        expected_seq = ev.seq + 1
    if expected_seq - 1 != case.event_count or prev != case.last_event_hash:
        problems.append(ChainProblem(case.number, None, "链头与办件记录不符（末尾事件被删除或追加）"))
    return problems


def verify_all(batch: int = 500):
    """Yield (cases checked so far, problems) per batch, so a command can show progress."""
    checked = 0
    qs = Case.objects.order_by("pk")
    last = 0
    while True:
        cases = list(qs.filter(pk__gt=last)[:batch])
        if not cases:
            return
        problems: list[ChainProblem] = []
        for case in cases:
            problems.extend(verify_case(case))
        checked += len(cases)
        last = cases[-1].pk
        yield checked, problems
