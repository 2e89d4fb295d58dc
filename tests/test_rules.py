"""Every rule's examples must yield their facts and its counterexamples
nothing; bad rule files fail with the file, line and reason."""

import textwrap

import pytest

import graph
from graph.errors import RuleError
from graph.extract import extract_document
from graph.model import SYMMETRIC, Document
from graph.patterns import PatternError, compile_pattern
from graph.rules import FROM_CONTEXT, RuleSet, load_rules

from .conftest import parse_fact, resolve

RULES = load_rules()
EXAMPLES = [(r.id, i) for r in RULES for i in range(len(r.examples))]
COUNTER = [(r.id, i) for r in RULES for i in range(len(r.counterexamples))]


def only(rule_id: str) -> RuleSet:
    """The rule alone, or with every rule when it builds on other facts
    (object_as: participants or attacker, subject_as: group); the test then
    looks at this rule's facts."""
    rule = RULES.get(rule_id)
    return RULES if rule.object_as in FROM_CONTEXT or rule.subject_as else RuleSet([rule])


def key(kb, line: str):
    s, rel, o, *rest = parse_fact(line)
    s, o = resolve(kb, s), resolve(kb, o)
    if rel in SYMMETRIC and o < s:
        s, o = o, s
    return (s, rel, o, rest[0] if rest and rest[0] else None)


@pytest.mark.parametrize("rule_id,i", EXAMPLES)
def test_rule_example(kb, rule_id, i):
    ex = RULES.get(rule_id).examples[i]
    result = extract_document(Document("example", ex.text, ex.date), kb, only(rule_id))
    got = {(f.subject, f.relation, f.object, f.date) for f in result.facts if f.rule == rule_id}
    got_undated = {g[:3] for g in got}
    for line in ex.facts:
        want = key(kb, line)
        if want[3] is None:
            assert want[:3] in got_undated, f"{rule_id}: {line!r} not found in {got}"
        else:
            assert want in got, f"{rule_id}: {line!r} not found in {got}"


@pytest.mark.parametrize("rule_id,i", COUNTER)
def test_rule_counterexample(kb, rule_id, i):
    ex = RULES.get(rule_id).counterexamples[i]
    result = extract_document(Document("counter", ex.text, ex.date), kb, only(rule_id))
    wrong = [f for f in result.facts if f.rule == rule_id]
    assert wrong == [], f"{rule_id} wrongly found {wrong}"


def test_every_relation_has_rules():
    assert {r.relation for r in RULES} >= {"visited", "met", "holds_office"}


def test_dropped_candidates_say_why(kb):
    result = extract_document(
        Document("d", "Putin will travel to Ankara.", "2019-01-01"), kb,
        only("visited.travel-to"))
    assert result.facts == []
    assert [(d.reason, d.cue) for d in result.dropped] == [("future or planned", "will")]


def test_an_attack_laid_at_anothers_door_is_not_the_blamers(kb):
    result = extract_document(
        Document("d", "Washington blamed the attack on the government of Bashar al-Assad.",
                 "2017-04-07"), kb, only("attacked.strikes-on"))
    assert result.facts == []
    assert [(d.reason, d.cue) for d in result.dropped] == [("attributed", "blamed")]


def test_an_attack_someone_is_accused_of_is_not_asserted(kb):
    result = extract_document(
        Document("d", "Iran accused Israel of assassinating Ismail Haniyeh in Tehran.",
                 "2024-07-31"), kb, RULES)
    assert [f for f in result.facts if f.relation == "attacked"] == []
    assert ("attributed", "accused") in {(d.reason, d.cue) for d in result.dropped}
    assert ("Iran", "Israel") in {(f.subject, f.object) for f in result.facts
                                  if f.relation == "opposes"}


def test_the_attack_is_the_storys_first_reported_attack(kb):
    text = ("Iran fired missiles at Israel. Overnight, Hezbollah fired rockets at the Golan "
            "Heights. Guterres condemned the attack.")
    result = extract_document(Document("d", text, "2024-04-14"), kb, RULES)
    assert {(f.subject, f.object) for f in result.facts if f.relation == "opposes"} == \
        {("António_Guterres", "Iran")}


def write(folder, text):
    (folder / "bad.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


GOOD = """\
    - id: custom.x
      relation: visited
      description: d
      pattern: "{S:Person} <visit> {O:Location}"
      examples:
        - text: "Putin visited Ankara."
          facts: ["Vladimir Putin | visited | Ankara"]
      counterexamples:
        - text: "Putin will visit Ankara."
    """

BAD = [
    (GOOD.replace("relation: visited", "relation: befriended"),
     "bad.yaml:1: relation: unknown relation 'befriended'"),
    (GOOD.replace("description: d", "description: d\n      colour: red"),
     "bad.yaml:1: colour: unknown key"),
    (textwrap.dedent(GOOD) * 2, "bad.yaml:10: id: duplicate rule id 'custom.x'"),
    (GOOD.replace("<visit> {O:Location}", "<visit> {O:Locaton}"),
     "bad.yaml:1: pattern: at 20: unknown slot type 'Locaton'"),
    (GOOD.replace("<visit> {O:Location}", "(<visit> {O:Location}"),
     "'(' is never closed"),
    (GOOD.replace('      counterexamples:\n        - text: "Putin will visit Ankara."\n', ""),
     "counterexamples: required key is missing"),
    (GOOD.replace('facts: ["Vladimir Putin | visited | Ankara"]', "facts: []"),
     "examples[0].facts: must not be empty"),
    (GOOD.replace('"Vladimir Putin | visited | Ankara"', '"Putin visited Ankara"'),
     "is not 'subject | relation | object [| date]'"),
    ("- id: [unclosed\n", "bad.yaml:2: YAML syntax error"),
    (GOOD.replace("description: d", "description: d\n      subject_as: crowd"),
     "bad.yaml:1: subject_as: 'crowd' is not one of group"),
    (GOOD.replace("description: d", "description: d\n      subject_as: group"),
     "bad.yaml:1: pattern: a subject slot {S:...} and subject_as: one or the other"),
    (GOOD.replace("description: d", "description: d\n      object_as: victim"),
     "bad.yaml:1: object_as: 'victim' is not one of office, location, polity, participants, "
     "attacker, last attacker, subjects, targets"),
]


@pytest.mark.parametrize("text,message", BAD)
def test_bad_rule_files(tmp_path, text, message):
    write(tmp_path, text)
    with pytest.raises(RuleError) as err:
        load_rules(tmp_path)
    assert message in str(err.value)


def test_user_rules_extend_the_package_rules(tmp_path, kb):
    write(tmp_path, GOOD)
    rs = load_rules(tmp_path)
    assert rs.get("custom.x").source == "bad.yaml:1"
    assert len(rs) == len(RULES) + 1


PATTERN_ERRORS = [
    ("met {O:Person}", "no subject slot"),
    ("{S:Person} (met", "'(' is never closed"),
    ("{S:Person} met)", "')' without '('"),
    ("{S:Person} ? met", None),
    ("{Q:Person} met", "slot name 'Q'"),
    ("{S:Person} <Meet>", "must hold lower-case words"),
    ("{S:Person} met | {O:Person}", "'|' outside parentheses"),
    ("{S:Person} [a-z]+ {O:Person}", "is not a word"),
]


@pytest.mark.parametrize("pattern,message", PATTERN_ERRORS)
def test_pattern_errors(pattern, message):
    if message is None:
        compile_pattern(pattern)       # '?' after a slot is allowed
        return
    with pytest.raises(PatternError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("|", r"\|").replace("?", r"\?")):
        compile_pattern(pattern)


def test_patterns_are_data_not_code(tmp_path, monkeypatch):
    """A pattern is never evaluated: Python in it is just words to match."""
    monkeypatch.chdir(tmp_path)
    sentinel = tmp_path / "keep"
    sentinel.write_text("x")
    p = compile_pattern("{S:Person} __import__('os').remove('keep')")
    assert sentinel.exists()
    assert p.regex.search("«person#0» __import__ ( 'os' ) .remove ( 'x' ) ") is None


def test_public_extract_uses_package_rules():
    facts = graph.extract("Russian President Vladimir Putin flew to Ankara.", date="2021-03-04")
    assert ("Vladimir_Putin", "visited", "Ankara") in {(f.subject, f.relation, f.object)
                                                       for f in facts}


@pytest.mark.parametrize("pattern,anchors", [
    ("{S:Person} <meet> (with)? {O:Person}", {"meet", "meets", "met", "meeting", "meetings"}),
    ("{S:Person} (visited | toured) {O:Place}", {"visited", "toured"}),
    ("{S:Person} 's trip to {O:Place}", {"trip"}),          # rarer than "'s" and "to"
    ("{S:Person} (in)? {O:Place}", None),                     # nothing a match must hold
    ("{S:Person} , {R:Title}", {","}),
    ("({S:Person} hosted {O:Person} | {O:Person} , {S:Person})", {"hosted", ","}),
    ("({S:Person} hosted {O:Person} | {O:Person} (,)? {S:Person})", None),
])
def test_pattern_anchors(pattern, anchors):
    got = compile_pattern(pattern).anchors
    assert (None if got is None else set(got)) == anchors


def test_anchor_prefilter_never_hides_a_match(kb):
    """Every match of every rule on the examples of all rules holds one of
    the rule's anchor words, so skipping rules by anchors loses nothing."""
    from graph.mentions import find_mentions
    from graph.rules import make_views, view_word
    from graph.text import split_sentences

    checked = 0
    for ex in (e for r in RULES for e in r.examples + r.counterexamples):
        for sm in find_mentions(split_sentences(ex.text), kb, ex.date):
            if not sm.mentions:
                continue
            views = make_views(sm)
            for rule in RULES:
                view = views[rule.view]
                if rule.pattern.regex.search(view.text):
                    checked += 1
                    assert rule in RULES.candidates(view_word(t.text) for t in sm.tokens), \
                        (rule.id, ex.text)
                    assert rule.pattern.anchors is None or \
                        rule.pattern.anchors & set(view.words), (rule.id, ex.text)
    assert checked > 100


def test_negative_word_keeps_a_possessor_out_of_a_slot():
    p = compile_pattern("{S:Actor} hit {O:Actor} !'s")
    assert p.regex.search("«state#0» hit «state#1» . ")
    assert not p.regex.search("«state#0» hit «state#1» 's «org#2» ")
    with pytest.raises(PatternError, match="must be '!' and a word"):
        compile_pattern("{S:Actor} hit {O:Actor} !@@")


@pytest.mark.parametrize("text,met", [
    ("Biden held talks with Sisi, whom he invited to Washington later this year.", True),
    ("Biden holds talks with Sisi later this year.", False),
    ("Next month Biden holds talks with Sisi.", False),
])
def test_a_future_time_counts_only_in_the_clause_of_the_fact(kb, text, met):
    facts = extract_document(Document("t", text, "2022-07-16"), kb, RULES).facts
    assert any(f.relation == "met" for f in facts) == met


def _views(kb, text):
    from graph.mentions import find_mentions
    from graph.rules import make_views
    from graph.text import split_sentences

    return [make_views(sm) for sm in find_mentions(split_sentences(text), kb, None, {})]


def test_the_core_view_drops_relative_clauses_and_appositions_after_a_name(kb):
    views = _views(kb, "Russia, Assad's most powerful ally, said the strike was illegal.")[0]
    assert views["core"].text == "«state#0» said the strike was illegal . "
    views = _views(kb, "Iran, which funds Hezbollah, condemned Israel.")[0]
    assert views["core"].text == "«state#0» condemned «state#2» . "
    views = _views(kb, "Zarif, visiting Damascus, met Assad.")[0]
    assert views["core"].text == "«person#0» met «person#2» . "
    # a participle phrase with its agent: "the Houthis, armed by Iran, have fired"
    views = _views(kb, "The Houthis, armed and trained by Iran, have fired missiles.")[0]
    assert views["core"].text == "«org#0» have fired missiles . "
    # a list is no apposition: "A, the B, and C" keeps its members
    assert "core" not in _views(kb, "Erdogan met Putin, the Russian president, and Rouhani.")[0]


def test_the_compact_view_drops_a_named_day_inside_the_clause(kb):
    views = _views(kb, "Iran fired missiles early on Wednesday at Ain al-Asad.")[0]
    assert views["compact"].text == "«state#0» fired missiles at «place#1» . "
    # the day still dates the fact
    result = extract_document(Document("d", "Putin met on Tuesday with Assad.", "2020-01-09"),
                              kb, RULES)
    assert [(f.relation, f.date) for f in result.facts] == [("met", "2020-01-07")]
    # a day after a comma, or one that ends the clause, stays; so does "next Monday"
    for text in ("Putin met Assad on Tuesday.", "On Tuesday, Putin met Assad.",
                 "Putin will meet next Tuesday with Assad."):
        assert "tuesday" in _views(kb, text)[0]["compact"].text


def test_the_compact_view_reads_a_place_for_its_kind_and_name(kb):
    views = _views(kb, "Jets hit the capital Sanaa and the port city of Hodeidah.")[0]
    assert views["compact"].text == "jets hit «capital#0» and «place#1» . "
    # a kind with no name after it stays
    views = _views(kb, "Jets hit the port city near Hodeidah.")[0]
    assert "port city" in views["compact"].text


def test_a_body_s_members_named_by_their_post_speak_for_it(kb):
    views = _views(kb, "EU foreign ministers condemned Iran's attack.")[0]
    assert views["compact"].text.startswith("«org#0» condemned «state#")
    # a singular post is a person's, and stays
    views = _views(kb, "The EU foreign policy chief condemned Iran's attack.")[0]
    assert "«title" in views["compact"].text or "«person" in views["compact"].text


def test_a_list_goes_on_past_an_aside_after_and(kb):
    views = _views(kb, "Erdogan met Nechirvan Barzani and, in a separate meeting, "
                       "Masrour Barzani.")[0]
    assert views["compact"].text == "«person#0» met «person#1» and «person#2» . "
    # an aside that holds a name is no aside of the list
    views = _views(kb, "Erdogan met Putin and, in Moscow, Lavrov.")[0]
    assert "«capital" in views["compact"].text


def test_a_list_of_persons_goes_on_past_their_relative_clauses(kb):
    views = _views(kb, "The summit brought together Vladimir Putin, Hassan Rouhani, who "
                       "chaired it in place of Ali Khamenei, Recep Tayyip Erdogan, who had "
                       "flown in that morning, and Bashar al-Assad.")[0]
    assert views["list"].text == ("the summit brought together «person#0» , «person#1» , "
                                  "«person#3» and «person#4» . ")
    # the relative clause is still read on its own from the compact view
    assert "who chaired it" in views["compact"].text
    views = _views(kb, "Rouhani sat down with Putin, who had flown in that morning, and "
                       "Erdogan.")[0]
    assert views["list"].text == "«person#0» sat down with «person#1» and «person#2» . "
    # a relative clause that holds a list of its own is no aside of a list
    for text in ("Assad, who met Putin, Erdogan and Rouhani, spoke.",
                 "Assad met Putin, who spoke."):
        assert "list" not in _views(kb, text)[0], text


def test_a_subject_meets_its_verb_across_a_relative_clause(kb):
    text = ("The United States fired cruise missiles at a Syrian air base. Iran, which along "
            "with Russia has given Assad vital military backing, strongly condemned the attack.")
    result = extract_document(Document("d", text, "2017-04-07"), kb, RULES)
    opposes = {(f.subject, f.object) for f in result.facts if f.relation == "opposes"}
    assert ("Iran", "United_States") in opposes
    assert ("Russia", "United_States") not in opposes


def test_a_verb_phrase_after_and_shares_the_sentences_subject(kb):
    views = _views(kb, "Israel has said it will not tolerate Iranian forces in Syria, "
                       "and has carried out strikes there.")[0]
    assert views["core"].text.startswith("«state#0» has carried out strikes ")
    # a new subject after "and" is a clause of its own
    assert "core" not in _views(kb, "Israel struck Syria, and Iran has carried out strikes.")[0]


def _clause_texts(kb, text):
    from graph.rules import clause_views
    return [v.text for v in clause_views(_views(kb, text)[0]["compact"])]


CLAUSES = [
    ("Erdogan, who visited Moscow last week, spoke to reporters.",
     ["«person#0» visited «capital#1» last week . "]),
    # a list before the comma is the subject
    ("Putin and Erdogan, who met in Istanbul, called for a truce.",
     ["«person#0» and «person#1» met in «place#2» . "]),
    # an object relative has another subject: no view
    ("Iran, which Washington accuses of arming the Houthis, denied it.",
     []),
    ("The YPG, which he accuses of attacks, denied it.",
     []),
    # a clause after ", where" with a subject of its own; a participle of
    # travel or talks shares the sentence's subject
    ("Netanyahu flew to Moscow, where he held talks with Putin.",
     ["«person#2» held talks with «person#3» . "]),
    ("Erdogan flew to Jeddah, before travelling to Dubai for talks.",
     ["«person#0» travelling to «place#2» for talks . "]),
    ("Landing in Baghdad, Ahmadinejad was greeted by Zebari.",
     ["«person#1» landing in «capital#0» . "]),
    # after "that", the clause's own subject
    ("Putin said that Erdogan, after meeting Rouhani, changed his mind.",
     ["«person#1» meeting «person#2» . "]),
    # a participle of stance after a comma: the sentence's subject, or the speaker
    ("Erdogan spoke in Ankara, branding the YPG terrorists.",
     ["«person#0» branding «org#2» terrorists . "]),
    ("Israel struck Gaza, Hamas said, calling it a massacre.",
     ["«org#2» calling it a massacre . "]),
    ("Bill Clinton restarted the talks, hosting Ehud Barak and Farouk al-Sharaa.",
     ["«person#0» hosting «person#1» and «person#2» . "]),
    # an event named with its doer in an object relative
    ("They recalled the talks that John Kerry held with Sergei Lavrov in Geneva.",
     ["«person#0» held talks with «person#1» in «place#2» . "]),
    ("They recalled the talks that were held in Geneva.",
     []),
    # other participles ("Welcoming his guest, X said") give none
    ("Welcoming his guest, Raisi said Iran stood by Syria.",
     []),
    # a passive participle after "after" shares the subject too
    ("The Al-Tanf base was evacuated after being shelled by Turkish guns.",
     ["«place#0» was shelled by «dem#1» guns . "]),
    # a claim of responsibility asserts the deed; a denial or no claim does not
    ("Hamas claimed responsibility for firing rockets at Ashkelon.",
     ["«org#0» fired rockets at «place#1» . "]),
    ("Hamas denied responsibility for firing rockets at Ashkelon.",
     []),
    ("Hamas did not claim responsibility for firing rockets at Ashkelon.",
     []),
]


@pytest.mark.parametrize("text,want", CLAUSES)
def test_a_clause_is_read_as_a_sentence_of_its_own(kb, text, want):
    assert _clause_texts(kb, text) == want


def test_a_relative_clause_is_read_with_its_name_for_subject(kb):
    # "whose" is a possessive
    assert _clause_texts(kb, "Turkey, whose troops shelled Afrin, said nothing.")[0].startswith(
        "«state#0» 's troops shelled ")
    # the clause gives facts of its own
    text = "Trump, who visited Riyadh last month, praised the kingdom."
    result = extract_document(Document("d", text, "2017-06-10"), kb, RULES)
    assert [(f.subject, f.relation, f.object, f.date) for f in result.facts
            if f.relation == "visited"] == [("Donald_Trump", "visited", "Riyadh", "2017-05")]


def test_a_match_from_the_sentence_start_hides_no_plainer_match_inside_it(kb):
    # "^ ~- {S} ~~ and ..." reads "Doha ... and has hosted and financed B";
    # the plain "Doha has funded A" inside it still counts
    text = ("For years Doha has funded the Muslim Brotherhood and has hosted and "
            "financed the political leadership of Hamas.")
    result = extract_document(Document("d", text, "2017-06-07"), kb, RULES)
    supported = {f.object for f in result.facts if f.relation == "supports"}
    assert supported == {"Muslim_Brotherhood", "Hamas"}


def test_a_singular_title_before_a_list_names_its_first_member_only(kb):
    text = ("A drone strike killed Quds Force commander Qasem Soleimani and Abu Mahdi "
            "al-Muhandis, deputy head of the Popular Mobilization Forces.")
    result = extract_document(Document("d", text, "2020-01-03"), kb, RULES)
    offices = {(f.subject, f.object) for f in result.facts if f.relation == "holds_office"}
    # the deputy is not the head the knowledge base knows, and not a Quds Force commander
    assert offices == {("Qasem_Soleimani", "Quds_Force"),
                       ("Abu_Mahdi_al-Muhandis", "Popular_Mobilization_Forces")}
    # a plural title names each
    text = "Foreign Ministers Sergei Lavrov and Mohammad Javad Zarif met in Moscow."
    result = extract_document(Document("d", text, "2019-12-30"), kb, RULES)
    assert len([f for f in result.facts if f.relation == "holds_office"]) == 2


def test_the_country_of_an_envoys_post_is_not_whose_envoy_he_is(kb):
    text = "U.N. Syria envoy Staffan de Mistura met Walid al-Muallem in Damascus."
    result = extract_document(Document("d", text, "2018-01-09"), kb, RULES)
    assert {f.object for f in result.facts
            if f.relation == "holds_office" and f.subject == "Staffan_de_Mistura"} == \
        {"United_Nations"}


def test_support_someone_is_accused_of_is_not_asserted(kb):
    def supports(text):
        result = extract_document(Document("d", text, "2019-01-01"), kb, RULES)
        return {(f.subject, f.object) for f in result.facts if f.relation == "supports"}

    assert supports("Riyadh accuses Tehran of arming the Houthis, a charge Iran denies.") == set()
    assert supports("Tehran has armed the Houthis, Riyadh says.") == {("Iran", "Houthis")}
    # an apposition inside the accusation is the report's own
    assert ("Iran", "Hezbollah") in supports(
        "Israel accuses Iran, Hezbollah's chief patron, of smuggling rockets.")


@pytest.mark.parametrize("text,reason", [
    ("Israeli media said Netanyahu had met Mohammed bin Salman in Neom, a claim Riyadh denied.",
     "negated"),
    ("Lavrov called for talks in Moscow between Erdogan and Assad.", "hypothetical"),
    ("Obama urged Erdogan to meet with Assad in Ankara.", "hypothetical"),
])
def test_a_denied_claim_or_a_call_for_talks_is_no_meeting(kb, text, reason):
    result = extract_document(Document("d", text, "2020-11-23"), kb, RULES)
    assert [f for f in result.facts if f.relation == "met"] == []
    assert reason in {d.reason for d in result.dropped if d.fact.relation == "met"}


def test_a_denial_takes_back_only_what_was_reported(kb):
    text = ("The United States and its allies Britain and France accuse Iran of seeking "
            "nuclear weapons, a charge Tehran denies.")
    result = extract_document(Document("d", text, "2009-10-01"), kb, RULES)
    assert ("France", "United_States") in {
        (f.subject, f.object) for f in result.facts if f.relation == "allied_with"}


def test_a_negation_before_a_name_leaves_its_apposition_alone(kb):
    def allied(text):
        result = extract_document(Document("d", text, "2006-07-24"), kb, RULES)
        return [f for f in result.facts if f.relation == "allied_with"]

    assert allied("Rice did not call on President Emile Lahoud, a close ally of Damascus.")
    assert not allied("Lahoud is not a close ally of Damascus.")


def test_a_denied_accusation_is_still_made(kb):
    text = "The GNA accused Haftar of shelling Tripoli, a charge the LNA denied."
    result = extract_document(Document("d", text, "2020-01-05"), kb, RULES)
    assert ("Government_of_National_Accord", "Khalifa_Haftar") in {
        (f.subject, f.object) for f in result.facts if f.relation == "opposes"}


@pytest.mark.parametrize("text,date,want", [
    # a leader's surname and "administration" is his state
    ("The Bush administration condemned Syria.", "2004-05-11", ("United_States", "Syria")),
    # a capital that sets the scene is no speaker
    ("In Tehran, Supreme Leader Ali Khamenei accused Israel of the attack.", "2024-04-02",
     ("Ali_Khamenei", "Israel")),
])
def test_who_opposes_whom(kb, text, date, want):
    result = extract_document(Document("d", text, date), kb, RULES)
    assert {(f.subject, f.object) for f in result.facts if f.relation == "opposes"} == {want}


def test_a_no_fly_zone_is_no_negation(kb):
    text = "British warplanes patrolling the no-fly zone bombed Iraqi air defence sites."
    result = extract_document(Document("d", text, "2002-01-19"), kb, RULES)
    assert ("United_Kingdom", "Iraq") in {
        (f.subject, f.object) for f in result.facts if f.relation == "attacked"}


def test_a_chief_patron_is_no_post(kb):
    views = _views(kb, "Iran, Hamas's chief patron, said nothing.")[0]
    assert "«title" not in views["full"].text
    assert "«title" in _views(kb, "The Hamas chief said nothing.")[0]["full"].text


@pytest.mark.parametrize("text,date,attacker", [
    ("Saddam's forces invaded Kuwait.", "1990-08-03", "Iraq"),      # a ruler's: his state's
    ("Haftar's forces shelled Tripoli.", "2019-08-03", "Khalifa_Haftar"),   # a warlord's: his
    ("Saddam invaded Kuwait.", "1990-08-03", "Saddam_Hussein"),       # the man himself
])
def test_a_rulers_forces_act_for_his_state(kb, text, date, attacker):
    result = extract_document(Document("d", text, date), kb, RULES)
    assert {f.subject for f in result.facts if f.relation == "attacked"} == {attacker}


def test_there_is_never_the_state_acting(kb):
    text = "Erdogan flew to Oslo, and used his address there to denounce Israel."
    result = extract_document(Document("d", text, "2010-01-01"), kb, RULES)
    assert "Norway" not in {f.subject for f in result.facts}
    assert ("Recep_Tayyip_Erdoğan", "visited", "Oslo") in {
        (f.subject, f.relation, f.object) for f in result.facts}


def test_a_rulers_government_acts_for_his_state(kb):
    result = extract_document(Document("d", "Ahmadinejad's government has armed Hamas.",
                                       "2008-01-19"), kb, RULES)
    assert {(f.subject, f.object) for f in result.facts if f.relation == "supports"} == \
        {("Iran", "Hamas")}


def test_a_post_of_a_states_government_body_is_the_bodys(kb):
    def offices(text):
        result = extract_document(Document("d", text, "2019-06-01"), kb, RULES)
        return {(f.subject, f.object) for f in result.facts if f.relation == "holds_office"}

    # "Palestinian" names the state; the knowledge base gives the post to its Authority
    assert ("Mahmoud_Abbas", "Palestinian_Authority") in offices(
        "Palestinian President Mahmoud Abbas met Sisi in Cairo.")
    # the bare title finds the Authority's president too
    assert ("Mahmoud_Abbas", "Palestinian_Authority") in offices(
        "Sisi met the Palestinian president in Cairo.")
    # a post the base gives to the state itself stays the state's
    assert ("Bashar_al-Assad", "Syria") in offices("Syrian President Bashar al-Assad spoke.")
