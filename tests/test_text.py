import pytest

from graph.text import split_sentences, tokenize

SPLITS = [
    ("Assad arrived. He met Khamenei.", ["Assad arrived.", "He met Khamenei."]),
    ("Gen. Soleimani was there. Dr. Zarif too.", ["Gen. Soleimani was there.", "Dr. Zarif too."]),
    ("The U.S. said so. Iran denied it.", ["The U.S. said so.", "Iran denied it."]),
    ("Headline without stop\nBody sentence.", ["Headline without stop", "Body sentence."]),
    ("“We are proud,” he said. Then he left.", ["“We are proud,” he said.", "Then he left."]),
    ("Was it a coincidence? Nobody knows!", ["Was it a coincidence?", "Nobody knows!"]),
    ("The U.S. said no. Iran agreed.", ["The U.S. said no.", "Iran agreed."]),
    ("He lives at No. 10 Downing Street.", ["He lives at No. 10 Downing Street."]),
    ("Sisi received H.E. President Abbas.", ["Sisi received H.E. President Abbas."]),
    ("", []),
    ("   \n\n  ", []),
]


@pytest.mark.parametrize("text,expected", SPLITS)
def test_split_sentences(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_tokens_keep_offsets():
    text = "Iran’s U.S.-backed rivals didn't go."
    for t in tokenize(text):
        assert text[t.start:t.end] == t.text
