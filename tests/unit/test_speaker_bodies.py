""""the agency", "the department", "the ministry" as a quote's speaker (corpus_cli/extract/speaker_bodies.py)."""

from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.speaker_bodies import last_body, named_body
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

GAZ = Gazetteer(load_gazetteer_file())


def _speakers(text: str) -> dict[str, str | None]:
    return {q.text: q.speaker for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"}


def test_a_body_named_by_its_kind_is_the_body_named_before_not_the_person():
    text = ('Dana Whitfield ran the county office for a decade. The Labor Department reviewed her records in May.\n\n'
            '"The records were complete and in order," the department said.')
    assert _speakers(text) == {"The records were complete and in order,": "Labor Department"}
    # The same after "said": its relative clause is no part of whom the mention names.
    text = ('Dana Whitfield ran the county office for a decade. The Labor Department reviewed her records in May.\n\n'
            '"The records were complete," said the department, which closed the review.')
    assert _speakers(text) == {"The records were complete,": "Labor Department"}
    # An owner's body: "the ministry" after "Russia's defence ministry" is Russia's.
    text = ('Gordon Fisk visited the base. Russia\'s defence ministry denied the report on Monday.\n\n'
            '"No such strike took place near the town," the ministry said.')
    assert _speakers(text) == {"No such strike took place near the town,": "Russia"}
    # Named in the speaker's own sentence ("... at the Justice Department, while the department ...").
    text = 'Gordon Fisk works at the Justice Department, while the department said it "would not comment on it".'
    assert named_body(text, 0, "department", GAZ) is None
    assert named_body(text, text.index("the department"), "department", GAZ) == "Justice Department"


def test_an_agency_may_be_an_office_or_an_acronym_and_no_one_else():
    text = 'Dana Whitfield read the report of the Government Accountability Office. Later the FBI wrote to her.'
    assert named_body(text, len(text), "agency", GAZ) == "FBI"
    assert named_body(text, text.index("Later"), "agency", GAZ) == "Government Accountability Office"
    assert named_body("Dana Whitfield spoke. EB-5 visas were sold.", 40, "agency", GAZ) is None
    assert named_body("Dana Whitfield told the BBC so.", 30, "ministry", GAZ) is None  # no ministry's acronym
    # No body named: the last body that spoke, else no speaker (never Dana Whitfield).
    assert last_body("Congressional Budget Office", [(0, "Dana Whitfield")], 10, GAZ) == "Congressional Budget Office"
    assert last_body("Dana Whitfield", [(0, "Dana Whitfield")], 10, GAZ) is None
    text = 'Dana Whitfield spoke first.\n\n"We have no record of that," the agency said.'
    assert _speakers(text) == {"We have no record of that,": None}
