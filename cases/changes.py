"""What changed since the previous document of a case ("What changed since UA 168/12"), computed from
the case data: the persons' situations, the case's outcome, the targets and the deadline.

`compare` is the rule, a pure function of two DocumentStates; `changes_since` loads those states
for a document in a few queries."""

import datetime
import uuid
from dataclasses import dataclass, field

from cases.models import CaseDocumentPage, NewestOutcome, Outcome


@dataclass(frozen=True)
class OutcomeFact:
    """An outcome as the change summary reads it: its persons by translation key (none: everyone)."""

    kind: str
    date: datetime.date
    person_keys: frozenset[uuid.UUID] = frozenset()
    detail_label: str = ""

    @property
    def label(self) -> str:
        return str(Outcome(self.kind).label)

    @property
    def is_positive(self) -> bool:
        return self.kind in Outcome.positive()


@dataclass(frozen=True)
class DocumentState:
    """What a document says of its case: its outcomes, the case's newest outcome as of it, the
    targets to write to (translation key -> name) and its deadline."""

    outcomes: tuple[OutcomeFact, ...] = ()
    newest: NewestOutcome | None = None
    targets: dict[uuid.UUID, str] = field(default_factory=dict)
    deadline: datetime.date | None = None


@dataclass(frozen=True)
class PersonSituation:
    name: str
    outcomes: tuple[OutcomeFact, ...]  # the outcomes on the document that concern this person


@dataclass(frozen=True)
class DocumentChanges:
    previous_number: str
    persons: tuple[PersonSituation, ...]
    outcome_before: NewestOutcome | None
    outcome_now: NewestOutcome | None
    targets_added: tuple[str, ...]
    targets_dropped: tuple[str, ...]
    deadline_before: datetime.date | None
    deadline_now: datetime.date | None

    @property
    def outcome_changed(self) -> bool:
        return self.outcome_before != self.outcome_now


def compare(
    *, previous: DocumentState, current: DocumentState, persons: list[tuple[uuid.UUID, str]], previous_number: str
) -> DocumentChanges:
    """The changes from `previous` to `current` for the case's `persons` ((translation key, name)):
    each person's outcomes on the current document (an outcome naming no one concerns everyone),
    the newest outcome before and now, the targets added and dropped (by translation key, so a
    target's translation is the same target), and the deadline."""
    situations = tuple(
        PersonSituation(
            name=name,
            outcomes=tuple(o for o in current.outcomes if not o.person_keys or key in o.person_keys),
        )
        for key, name in persons
    )
    return DocumentChanges(
        previous_number=previous_number,
        persons=situations,
        outcome_before=previous.newest,
        outcome_now=current.newest,
        targets_added=tuple(name for key, name in current.targets.items() if key not in previous.targets),
        targets_dropped=tuple(name for key, name in previous.targets.items() if key not in current.targets),
        deadline_before=previous.deadline,
        deadline_now=current.deadline,
    )


def _targets(document: CaseDocumentPage) -> dict[uuid.UUID, str]:
    """The targets of a document (translation key -> name), as it holds them (a preview: unsaved)."""
    return {row.target.translation_key: row.target.name for row in document.targets.select_related("target")}


def changes_since(document: CaseDocumentPage) -> DocumentChanges | None:
    """What changed from the previous live document of the case to `document` (none for the urgent
    action itself)."""
    previous = document.previous_document()
    if previous is None:
        return None
    case = document.urgent_action
    documents = case.documents()
    position = next((i for i, d in enumerate(documents) if d.pk == document.pk), len(documents))
    previous_position = next((i for i, d in enumerate(documents) if d.pk == previous.pk), 0)
    outcomes = tuple(
        OutcomeFact(
            kind=outcome.kind,
            date=outcome.date,
            person_keys=frozenset(person.translation_key for person in outcome.persons.all()),
            detail_label=outcome.get_detail_display() if outcome.detail else "",
        )
        for outcome in sorted(document.listed_outcomes(), key=lambda outcome: outcome.date)
    )
    current_targets, previous_targets = _targets(document), _targets(previous)
    current_state = DocumentState(
        outcomes=outcomes,
        newest=document.newest_outcome_of({d.pk for d in [*documents[:position], document]}),
        targets=current_targets,
        deadline=document.appeal_deadline,
    )
    previous_state = DocumentState(
        newest=document.newest_outcome_of({d.pk for d in documents[: previous_position + 1]}),
        targets=previous_targets,
        deadline=previous.appeal_deadline,
    )
    persons = [(person.translation_key, person.name) for person in case.persons.all()]
    return compare(
        previous=previous_state, current=current_state, persons=persons, previous_number=previous.display_number
    )
