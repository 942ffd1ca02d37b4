"""§ 12 computed: the hand-checked example of docs/positions.md and properties of the rule."""

from hypothesis import given
from hypothesis import strategies as st

from kommunalkompass.positions.content import grade_rules
from kommunalkompass.positions.grading import Process, grade_hint, grade_index

IT = grade_rules("tvoed-vka-it")
ADMIN = grade_rules("tvoed-vka-admin")


def _example(first: int = 40, third: int = 35) -> list[Process]:
    return [
        Process("Sicherheitskonzept fortschreiben", first, frozenset({"special-difficulty"})),
        Process("Sicherheitsvorfälle bearbeiten", 25, frozenset({"special-performance"})),
        Process("Beschäftigte schulen", third, frozenset({"university-level"})),
    ]


def test_hand_checked_example_of_the_docs():
    """docs/positions.md, "A worked example": 40 % + 25 % + 35 % → EG 11."""
    hint = grade_hint(IT, _example())
    assert hint.grade == "11"
    assert hint.label == "Entgeltgruppe 11 TVöD"
    groups = {
        group.grade: ([p.label for p in group.processes], group.share) for group in hint.groups
    }
    assert groups == {
        "12": (["Sicherheitskonzept fortschreiben"], 40),
        "11": (["Sicherheitsvorfälle bearbeiten"], 25),
        "10": (["Beschäftigte schulen"], 35),
    }
    eleven = hint.result.met_case.requirements[0]
    assert (eleven.carried_share, eleven.share_percent) == (65, "50 %")
    twelve = hint.next_check
    assert twelve.grade == "12" and not twelve.met
    assert twelve.cases[0].requirements[0].carried_share == 40


def test_a_larger_share_of_the_hardest_process_reaches_12_with_its_personal_requirement():
    hint = grade_hint(IT, _example(first=50, third=25))
    assert hint.grade == "12"
    assert "three years" in grade_hint(IT, _example(50, 25), "en").personal


def test_a_third_is_enough_where_the_feature_names_a_third():
    processes = [
        Process("Selbständig", 34, frozenset({"independent-work"})),
        Process("Vielseitig", 66, frozenset({"thorough-varied-knowledge"})),
    ]
    assert grade_hint(ADMIN, processes).grade == "8"
    processes[0] = Process("Selbständig", 33, frozenset({"independent-work"}))
    processes[1] = Process("Vielseitig", 67, frozenset({"thorough-varied-knowledge"}))
    assert grade_hint(ADMIN, processes).grade == "6"


def test_no_feature_gives_no_grade():
    hint = grade_hint(IT, [Process("Ablage", 100)])
    assert hint.grade is None and hint.label == ""


FEATURES = [feature.key for feature in IT.features]
processes_strategy = st.lists(
    st.tuples(st.integers(1, 40), st.frozensets(st.sampled_from(FEATURES), max_size=3)),
    min_size=1,
    max_size=6,
).map(
    lambda items: [Process(f"AV {n}", share, features) for n, (share, features) in enumerate(items)]
)


@given(processes_strategy, st.randoms())
def test_the_order_of_the_arbeitsvorgaenge_does_not_matter(processes, random):
    shuffled = list(processes)
    random.shuffle(shuffled)
    assert grade_hint(IT, processes).grade == grade_hint(IT, shuffled).grade


@given(processes_strategy, st.data())
def test_moving_time_to_a_process_meeting_more_never_lowers_the_grade(processes, data):
    """Share moved from one AV to another that meets all it meets and more: never lower."""
    donor = data.draw(st.integers(0, len(processes) - 1))
    extra = data.draw(st.frozensets(st.sampled_from(FEATURES), max_size=2))
    amount = data.draw(st.integers(0, processes[donor].share))
    receiver = Process("AV höher", 0, processes[donor].features | extra)
    before = [*processes, receiver]
    after = list(processes)
    after[donor] = Process(
        processes[donor].label, processes[donor].share - amount, processes[donor].features
    )
    after.append(Process("AV höher", amount, receiver.features))
    assert grade_index(IT, grade_hint(IT, after).grade) >= grade_index(
        IT, grade_hint(IT, before).grade
    )


@given(processes_strategy)
def test_the_groups_account_for_every_process_once(processes):
    hint = grade_hint(IT, processes)
    assert sum(group.share for group in hint.groups) == sum(p.share for p in processes)
    assert sorted(p.label for g in hint.groups for p in g.processes) == sorted(
        p.label for p in processes
    )
