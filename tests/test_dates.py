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
    ("He went to Russia in 2015 and 2017.", None, ["2015", "2017"]),
    ("It may rain.", "2019-02-25", []),                      # the verb, not the month
    ("He left on Monday.", None, []),                        # nothing fixes the week
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
