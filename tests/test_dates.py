import pytest

from graph.dates import find_dates

CASES = [
    ("He arrived on February 25th.", "2019-02", ["2019-02-25"]),
    ("He arrived on May 3.", "2022-05-09", ["2022-05-03"]),
    ("He arrived in March.", "2022-05-08", ["2022-03"]),
    ("He arrived in December.", "2022-05-08", ["2021-12"]),   # month after the document's
    ("They met in February 2019.", None, ["2019-02"]),
    ("They met on 9 March 2019.", None, ["2019-03-09"]),
    ("They met in the 90s.", None, ["199"]),
    ("He left on Sunday morning.", "2022-05-08", ["2022-05-08"]),   # the document's own day
    ("He left on Monday.", "2022-05-08", ["2022-05-02"]),
    ("Earlier this month, he warned them.", "2019-02-25", ["2019-02"]),
    ("He went there last year.", "2020-01", ["2019"]),
    ("He landed this morning.", "2023-08-14", ["2023-08-14"]),
    ("They met yesterday.", "2023-08-14", ["2023-08-13"]),
    ("He went to Russia in 2015 and 2017.", None, ["2015", "2017"]),
    ("It may rain.", "2019-02-25", []),                      # the verb, not the month
    ("He left on Monday.", None, []),                        # nothing fixes the week
    ("He flew to Mar-a-Lago on Friday.", "2024-07-27", ["2024-07-26"]),   # a name, not March
    # a week as its month, when it lies in one month
    ("Last week's talks in Sochi did little.", "2019-05-22", ["2019-05"]),
    ("They met earlier this week.", "2023-10-05", ["2023-10"]),
    ("They met last week.", "2023-10-03", []),              # 25 Sept - 1 Oct
]


@pytest.mark.parametrize("text,doc_date,expected", CASES)
def test_find_dates(text, doc_date, expected):
    assert [d.value for d in find_dates(text, doc_date)] == expected


@pytest.mark.parametrize("text", [
    "ANKARA, Sept 16 (Reuters) - Erdogan hosted Putin on Monday.",
    "March 9, 2019 (Tony Cartalucci – NEO) – Assad has travelled to Iran.",
])
def test_a_dateline_date_is_no_event_date(text):
    assert [d.bound for d in find_dates(text, "2019-09-16")][0] is True


def test_since_is_a_bound_not_an_event_date():
    (d,) = find_dates("For the first time since 2011, he travelled.", None)
    assert d.bound


def _dates_of(kb, text, doc_date, relation):
    import graph
    from graph.extract import extract_document
    from graph.model import Document

    result = extract_document(Document("d", text, doc_date), kb, graph.load_rules())
    return sorted((f.subject, f.object, f.date) for f in result.facts if f.relation == relation)


def test_a_meeting_in_the_first_sentence_takes_the_date_of_the_trip_told_after_it(kb):
    text = "Erdogan hosts Putin for Syria summit\n\nPutin flew to Ankara on Monday for the talks."
    assert _dates_of(kb, text, "2019-09-17", "met") == [
        ("Recep_Tayyip_Erdoğan", "Vladimir_Putin", "2019-09-16")]


def test_a_later_meeting_takes_no_date_from_a_trip_told_after_it(kb):
    text = ("The summit opened quietly. Erdogan received Putin at the palace. "
            "Putin flew to Ankara on Monday.")
    assert _dates_of(kb, text, "2019-09-17", "met") == [
        ("Recep_Tayyip_Erdoğan", "Vladimir_Putin", None)]


def test_an_undated_meeting_keeps_the_time_the_sentence_before_set(kb):
    text = ("The leaders of Iran, Russia and Turkey met at a summit in Tehran on Friday.\n\n"
            "Hosting the meeting, Rouhani sat down with Putin for talks.")
    assert _dates_of(kb, text, "2018-09-08", "met") == [
        ("Hassan_Rouhani", "Vladimir_Putin", "2018-09-07")]


def test_the_time_set_three_sentences_back_does_not_carry(kb):
    text = ("Turkey shelled Afrin on Friday. The army advanced. Ankara said little. "
            "Rouhani sat down with Putin for talks.")
    assert _dates_of(kb, text, "2018-09-08", "met") == [
        ("Hassan_Rouhani", "Vladimir_Putin", None)]


def test_every_undated_fact_of_a_sentence_keeps_the_time_set_before(kb):
    text = ("The foreign ministers met in Beijing on Thursday.\n\n"
            "Putin and Erdogan, who both travelled to Beijing for the talks, shook hands.")
    facts = _dates_of(kb, text, "2023-04-07", "visited")
    assert [d for _, _, d in facts] == ["2023-04-06", "2023-04-06"]


def test_a_relative_clauses_date_is_its_own(kb):
    text = ("Erdogan was received by Sisi in Cairo on Wednesday. Foreign Minister Hakan Fidan, "
            "who prepared the visit in talks with Sameh Shoukry last week, joined the meeting.")
    from graph.extract import extract_document
    from graph.model import Document
    from graph.rules import load_rules
    result = extract_document(Document("d", text, "2024-02-15"), kb, load_rules())
    dated = {f.date for f in result.facts if f.relation == "met" and
             {f.subject, f.object} == {"Hakan_Fidan", "Recep_Tayyip_Erdoğan"}}
    assert dated == {"2024-02-14"}
