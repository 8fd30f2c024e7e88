"""Realistic urgent actions for benchmarks: numbers, AI indexes, countries, themes, people, titles
and summaries as the network writes them, from a seed (the same seed, the same corpus)."""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

COUNTRIES = [
    ("AZ", "Azerbaijan", "EUR 55"),
    ("BY", "Belarus", "EUR 49"),
    ("CN", "China", "ASA 17"),
    ("EG", "Egypt", "MDE 12"),
    ("IR", "Iran", "MDE 13"),
    ("MX", "Mexico", "AMR 41"),
    ("RU", "Russia", "EUR 46"),
    ("SA", "Saudi Arabia", "MDE 23"),
    ("TR", "Turkey", "EUR 44"),
    ("VN", "Viet Nam", "ASA 41"),
    ("CO", "Colombia", "AMR 23"),
    ("PH", "Philippines", "ASA 35"),
]
THEMES = ["torture", "death-penalty", "freedom-of-expression", "enforced-disappearance", "health", "fair-trial"]
FIRST_NAMES = ["Mehman", "Ales", "Maria", "Nasrin", "Ahmed", "Ilham", "Rosa", "Tran", "Omar", "Sofía", "Yulia", "Reza"]
LAST_NAMES = ["Huseynov", "Bialiatski", "Kalesnikava", "Sotoudeh", "Mansoor", "Tohti", "Ramírez", "Rahman", "Farouk"]
TITLES = [
    "Journalist jailed for reporting on {topic}",
    "Human rights defender at risk of torture",
    "Student disappeared after {topic}",
    "Young man at imminent risk of execution",
    "Lawyer detained for defending {topic} activists",
    "Prisoner denied medical care after torture",
    "Trade unionist sentenced after unfair trial",
    "Blogger charged over posts on {topic}",
]
TOPICS = ["protests", "corruption", "elections", "land rights", "women's rights", "the environment", "a strike"]
SENTENCES = [
    "{name} was arrested on {date} by security forces and has been held incommunicado since.",
    "The authorities accuse {name} of spreading false information, a charge used against critics.",
    "{name} is a prisoner of conscience, held solely for peacefully exercising the right to freedom of expression.",
    "Family members say {name} was beaten during interrogation and forced to sign a confession.",
    "A court sentenced {name} to {years} years in prison after a trial that fell far short of international standards.",
    "{name} needs urgent medical care that the prison administration refuses to provide.",
    "Lawyers have not been allowed to visit {name} since the arrest.",
]


@dataclass(frozen=True)
class Document:
    sequence: int
    issue_date: datetime.date
    ai_index: str
    title: str
    summary: str
    persons: str
    country_code: str
    themes: tuple[str, ...]
    appeal_deadline: datetime.date
    follow_up_of: int | None  # the index of its urgent action in the corpus, for a follow-up


def documents(count: int, *, seed: int = 168) -> Iterator[Document]:
    """`count` documents, about one in four a follow-up of an earlier urgent action, issued 1975-2026."""
    rng = random.Random(seed)
    per_year: dict[int, int] = {}
    actions: list[int] = []
    for number in range(count):
        if actions and rng.random() < 0.25:
            parent = rng.choice(actions[-500:])
            yield _follow_up(rng, number, parent)
            continue
        year = rng.randint(1975, 2026)
        per_year[year] = per_year.get(year, 0) + 1
        code, _country, region = rng.choice(COUNTRIES)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        issue_date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        actions.append(number)
        yield Document(
            sequence=per_year[year],
            issue_date=issue_date,
            ai_index=f"{region}/{rng.randint(100, 9999):03d}/{year}",
            title=rng.choice(TITLES).format(topic=rng.choice(TOPICS)),
            summary=_summary(rng, name, issue_date),
            persons=name,
            country_code=code,
            themes=tuple(rng.sample(THEMES, rng.randint(1, 2))),
            appeal_deadline=issue_date + datetime.timedelta(days=rng.randint(30, 60)),
            follow_up_of=None,
        )


def _summary(rng: random.Random, name: str, issue_date: datetime.date) -> str:
    sentences = rng.sample(SENTENCES, 3)
    return " ".join(
        sentence.format(name=name, date=f"{issue_date:%d %B %Y}", years=rng.randint(2, 15)) for sentence in sentences
    )


def _follow_up(rng: random.Random, number: int, parent: int) -> Document:
    # The follow-up's own facts are drawn afresh; the benchmark takes number, country and people
    # from its urgent action when it writes the page.
    issue_date = datetime.date(rng.randint(1975, 2026), rng.randint(1, 12), rng.randint(1, 28))
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return Document(
        sequence=0,
        issue_date=issue_date,
        ai_index="",
        title=rng.choice(
            [
                "Released",
                "Charges dropped",
                "Still detained",
                "Sentence upheld on appeal",
                "Moved to solitary confinement",
            ]
        ),
        summary=_summary(rng, name, issue_date),
        persons=name,
        country_code="",
        themes=(),
        appeal_deadline=issue_date + datetime.timedelta(days=rng.randint(30, 60)),
        follow_up_of=parent,
    )
