import textwrap

import pytest

from graph.errors import KnowledgeError
from graph.knowledge import load_knowledge


def test_package_knowledge_loads(kb):
    assert kb.get("Syria").iso3 == "SYR"
    assert kb.get("Tehran").type == "Place" and kb.get("Tehran").state == "Iran"
    assert len([e for e in kb.entities.values() if e.type == "State"]) >= 195


HOLDERS = [
    ("president", "Iran", "2019-02-25", ["Hassan_Rouhani"]),
    ("president", "Iran", "2022-05-08", ["Ebrahim_Raisi"]),
    ("supreme leader", "Iran", "2019", ["Ali_Khamenei"]),
    ("president", "Syria", "2019-02", ["Bashar_al-Assad"]),
]


@pytest.mark.parametrize("role,of,date,expected", HOLDERS)
def test_office_holders_by_date(kb, role, of, date, expected):
    assert kb.holders(role, of, date) == expected


def write(folder, name, text):
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")


BAD = [
    ("persons.yaml", """\
        - name: Jane Roe
          gender: female
          state: Syria
          colour: blue
        """, "persons.yaml:1: colour: unknown key"),
    ("persons.yaml", """\
        - name: Jane Roe
          gender: female
          state: Syria
        - name: Jane Roe
          gender: female
          state: Syria
        """, "persons.yaml:4: id: duplicate id 'Jane_Roe'"),
    ("persons.yaml", """\
        - name: Jane Roe
          gender: female
          state: Syria
          offices:
            - role: president
              of: Syria
              start: "2010"
              end: "2009"
        """, "persons.yaml:5: offices[0].end: end 2009 is before start 2010"),
    ("persons.yaml", """\
        - name: Jane Roe
          gender: female
          state: Syria
          offices:
            - role: grand vizier
              of: Syria
        """, "offices[0].role: unknown role 'grand vizier'"),
    ("persons.yaml", """\
        - name: Jane Roe
          gender: female
          state: Atlantis
        """, "persons.yaml:1: state: unknown state 'Atlantis'"),
    ("persons.yaml", """\
        - name: Jane Roe
          gender: female
          state: [Syria
        """, "persons.yaml:4: YAML syntax error"),
    ("persons.yaml", """\
        - name: Jane Roe
          state: Syria
        """, "persons.yaml:1: gender: required key is missing"),
    ("places.yaml", """\
        - name: Tehran Bazaar
          aliases: [Syria]
          kind: site
          state: Iran
        """, "phrase claimed by several entities"),
    ("places.yaml", """\
        - name: Nowhere
          kind: planet
          state: Iran
        """, "places.yaml:1: kind: unknown kind 'planet'"),
    ("states.yaml", """\
        - name: Freedonia
          iso3: FRE
          nouns: [duchy]
        """, "states.yaml:1: nouns: 'duchy' is not one of"),
]


@pytest.mark.parametrize("name,text,message", BAD)
def test_bad_knowledge_files(tmp_path, name, text, message):
    write(tmp_path, name, text)
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(tmp_path)
    assert message in str(err.value)
    assert str(tmp_path) in str(err.value)


def test_every_problem_is_reported_at_once(tmp_path):
    write(tmp_path, "persons.yaml", """\
        - name: A B
          gender: other
          state: Syria
        - name: C D
          gender: male
          state: Nowhere
        """)
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(tmp_path)
    assert "2 problems" in str(err.value)


def test_extra_knowledge_adds_an_actor(tmp_path):
    write(tmp_path, "persons-extra.yaml", """\
        - name: Jane Roe
          gender: female
          state: Syria
        """)
    kb = load_knowledge(tmp_path)
    assert kb.lookup("Jane Roe") == "Jane_Roe"
