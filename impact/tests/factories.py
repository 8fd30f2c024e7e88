"""A small network whose figures are counted by hand in the tests (impact/tests/test_figures.py).

Cases (issue date, country, deadline; outcomes reported):
  A  UA 1/18  2018-03-01 AZ  closed 2018-04-01   released (positive)
  B  UA 2/18  2018-05-01 AZ  closed 2018-06-01   no change
  C  UA 3/19  2019-02-01 BY  closed 2019-03-01;  follow-up C-1 2019-03-01, closed 2019-04-01:
                                                  further harm 2019-03-10, then charges dropped 2019-03-20
  D  UA 4/19  2019-06-01 BY  open (deadline a year from today)   located (positive, but open)
  E  UA 5/19  2019-09-01 AZ  archive (no deadline)                 nothing
Letter reports (first reported; last reported):
  m1 3 letters on A   2018-03-10; updated 2019-03-06
  m2 2 letters on A   2018-03-11
  m1 4 letters on C-1 2019-03-05
  m3 1 letter  on C-1 2019-03-07
"""

import datetime
from dataclasses import dataclass

from cases.actions import DocumentText, add_follow_up
from cases.models import CaseOutcome, Outcome, UrgentActionPage, today
from members.models import User
from tests.builders import build_report


@dataclass
class Network:
    cases: dict[str, UrgentActionPage]
    follow_up: object
    members: dict[str, User]


def _outcome(document, kind: str, day: datetime.date) -> None:
    CaseOutcome.objects.create(page=document, kind=kind, date=day, locale_id=document.locale_id)


def build_network(site_tree, make_member, theme=None) -> Network:
    add = site_tree.add_case
    themes = [theme] if theme else []
    a = add(
        sequence=1,
        issue_date=datetime.date(2018, 3, 1),
        appeal_deadline=datetime.date(2018, 4, 1),
        country="AZ",
        themes=themes,
    )
    b = add(
        sequence=2,
        issue_date=datetime.date(2018, 5, 1),
        appeal_deadline=datetime.date(2018, 6, 1),
        country="AZ",
        themes=themes,
    )
    c = add(sequence=3, issue_date=datetime.date(2019, 2, 1), appeal_deadline=datetime.date(2019, 3, 1), country="BY")
    d = add(
        sequence=4,
        issue_date=datetime.date(2019, 6, 1),
        appeal_deadline=today() + datetime.timedelta(days=365),
        country="BY",
    )
    e = add(sequence=5, issue_date=datetime.date(2019, 9, 1), country="AZ")
    c1 = add_follow_up(
        urgent_action=c,
        sequence=1,
        issue_date=datetime.date(2019, 3, 1),
        appeal_deadline=datetime.date(2019, 4, 1),
        text=DocumentText(title="Case 3: news", summary="Further information."),
    )
    _outcome(a, Outcome.RELEASED, datetime.date(2018, 3, 20))
    _outcome(b, Outcome.NO_CHANGE, datetime.date(2018, 5, 20))
    _outcome(c1, Outcome.FURTHER_HARM, datetime.date(2019, 3, 10))
    _outcome(c1, Outcome.CHARGES_DROPPED, datetime.date(2019, 3, 20))
    _outcome(d, Outcome.LOCATED, datetime.date(2019, 7, 1))
    members = {name: make_member(f"{name}@example.org") for name in ("m1", "m2", "m3")}
    build_report(members["m1"], a, letters=3, on=datetime.date(2018, 3, 10), updated=datetime.date(2019, 3, 6))
    build_report(members["m2"], a, letters=2, on=datetime.date(2018, 3, 11))
    build_report(members["m1"], c1, letters=4, on=datetime.date(2019, 3, 5))
    build_report(members["m3"], c1, letters=1, on=datetime.date(2019, 3, 7))
    return Network(cases={"A": a, "B": b, "C": c, "D": d, "E": e}, follow_up=c1, members=members)
