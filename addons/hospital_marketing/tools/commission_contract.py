"""The typed contract of the commission engine (``hospital.commission.engine``).

A source addon hands the engine its billable cases as :class:`CommissionCandidate` values,
each naming the :class:`CommissionPayee` who may earn on it. Both are frozen: an addon that adds
to a candidate (a payee, a line value) returns a new one with ``dataclasses.replace``.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class CommissionPayee:
    """Who may earn on a case, in which role (the line's ``role``), paid under the rules of
    which kind (``payee_kind``): a staff member (``employee_id``) or an external payee
    (``partner_id``). ``share`` is the percentage of the rule's amount it earns; ``parts``
    names the parts of a rule it holds when an addon splits a rule between several payees
    (e.g. ``("contact", "lecturer")``)."""

    role: str
    payee_kind: str
    employee_id: int = 0
    partner_id: int = 0
    share: float = 100.0
    parts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommissionCandidate:
    """A case that may earn commissions: its source record, the company, the discharge date
    (the month it counts in), its fees (``total``, ``drugs``), what rules are scoped by (the
    department, inpatient or outpatient care, the partner and its kind, the promoter), its
    payees, and ``extra`` values the source addon writes on the lines (its own link).
    ``void`` says the case no longer earns anything (rejected, not counted, ...)."""

    res_model: str
    res_id: int
    company_id: int
    date: datetime.date | None
    source_name: str | None = None
    total: float = 0.0
    drugs: float = 0.0
    department_id: int = 0
    department_kind: str | None = None
    care_kind: str | None = None
    partner_id: int = 0
    partner_kind: str | None = None
    promoter_id: int = 0
    team_id: int = 0
    void: bool = False
    payees: tuple[CommissionPayee, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
