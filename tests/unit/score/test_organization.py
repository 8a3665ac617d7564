"""Organization figures (what the overview and group pages show), on hand-computed examples.

The tiny framework (conftest.py): area `support` weighs 2 (`self_service` 2, `onboarding` 1),
`marketing` and `policies` weigh 1; default target 3, scale 1..5. Levels below are given in
framework order: (self_service, onboarding, product_promise, reviews, returns, privacy).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from conftest import TODAY, document, framework_from
from cxm.score.organization import Organization, at_target, overdue_actions, team_target
from cxm.score.scorecard import Scorecard, score_all
from cxm.validate.assessment import validate_assessment

PRACTICES = (
    ("support", "self_service"),
    ("support", "onboarding"),
    ("marketing", "product_promise"),
    ("marketing", "reviews"),
    ("policies", "returns"),
    ("policies", "privacy"),
)


def assessment(
    team: str,
    date: str,
    levels: tuple[int, ...] = (3, 3, 3, 3, 3, 3),
    *,
    group: str | None = None,
    targets: str = "",
    actions: str = "",
) -> str:
    lines = [f"team: {team}", f"date: {date}", "assessors: [Dana Lee]"]
    if group:
        lines.append(f"group: {group}")
    if targets:
        lines.append(f"targets: {targets}")
    lines.append("scores:")
    area = None
    for (area_id, practice), level in zip(PRACTICES, levels, strict=True):
        if area_id != area:
            lines.append(f"  {area_id}:")
            area = area_id
        lines.append(f"    {practice}: {{level: {level}, evidence: Seen in the workshop}}")
    if actions:
        lines.append("actions:")
        lines.extend(f"  - {action}" for action in actions.strip().splitlines())
    return "\n".join(lines) + "\n"


def histories(*texts: str) -> dict[str, list[Scorecard]]:
    fw = framework_from()
    loaded = []
    for i, text in enumerate(texts):
        item, diagnostics = validate_assessment(document(text, f"a{i}.yaml"), fw, TODAY)
        assert item is not None, diagnostics
        loaded.append(item)
    return score_all(loaded, fw)


def organization(*texts: str, stale_after_days: int | None = 365) -> Organization:
    return Organization(framework_from(), histories(*texts), TODAY, stale_after_days)


def teams(cards: list[Scorecard]) -> list[str]:
    return [c.assessment.team for c in cards]


# Three teams on one date:
#   Alpha (all 3):              areas 3, 3, 3      -> overall 3
#   beta  (1, 1, 2, 2, 3, 3):   areas 1, 2, 3      -> overall (2 + 2 + 3) / 4 = 7/4
#   Gamma (4, 4, 4, 4, 2, 2):   areas 4, 4, 2      -> overall (8 + 4 + 2) / 4 = 7/2
THREE = (
    assessment("Gamma", "2026-09-30", (4, 4, 4, 4, 2, 2), group="Retail"),
    assessment("Alpha", "2026-09-30", group="digital"),
    assessment("beta", "2026-09-30", (1, 1, 2, 2, 3, 3)),
)


def test_latest_lists_each_teams_newest_scorecard_by_name_ignoring_case():
    org = organization(*THREE, assessment("Alpha", "2026-06-30", (1, 1, 1, 1, 1, 1)))
    assert teams(org.latest) == ["Alpha", "beta", "Gamma"]
    assert [c.assessment.date for c in org.latest] == [dt.date(2026, 9, 30)] * 3


def test_groups_are_sorted_by_name_with_ungrouped_teams_last():
    groups = organization(*THREE).groups()
    assert [(g.name, g.slug, teams(g.cards)) for g in groups] == [
        ("digital", "digital", ["Alpha"]),
        ("Retail", "retail", ["Gamma"]),
        ("Ungrouped", "ungrouped", ["beta"]),
    ]


def test_group_names_that_give_one_slug_are_one_group_under_the_first_name():
    org = organization(
        assessment("Alpha", "2026-09-30", group="digital channels"),
        assessment("Beta", "2026-09-30", group="Digital Channels"),
        assessment("Gamma", "2026-09-30", group="Digital-Channels"),
    )
    [group] = org.groups()
    # "digital channels" and "Digital Channels" sort alike ignoring case; capitals go first.
    assert (group.name, group.slug) == ("Digital Channels", "digital-channels")
    assert teams(group.cards) == ["Alpha", "Beta", "Gamma"]


def test_area_gaps_are_means_over_teams_largest_gap_first_then_framework_order():
    gaps = organization(*THREE).area_gaps()
    # support:   scores 3, 1, 4 -> mean 8/3; gaps 0, 2, 0 -> 2/3; one team below
    # marketing: scores 3, 2, 4 -> mean 3;   gaps 0, 1, 0 -> 1/3
    # policies:  scores 3, 3, 2 -> mean 8/3; gaps 0, 0, 1 -> 1/3 (ties marketing: after it)
    assert [
        (g.area_id, g.name, g.mean_score, g.mean_gap, g.teams_below, g.teams) for g in gaps
    ] == [
        ("support", "Support", Fraction(8, 3), Fraction(2, 3), 1, 3),
        ("marketing", "Marketing", Fraction(3), Fraction(1, 3), 1, 3),
        ("policies", "Policies", Fraction(8, 3), Fraction(1, 3), 1, 3),
    ]


def test_median_stage_and_share_of_teams_at_target():
    org = organization(*THREE)
    # stages 3, 1, 3 -> 3; at target (3): Alpha (3) and Gamma (7/2), not beta (7/4)
    assert org.median_stage() == 3
    assert org.share_at_target() == Fraction(2, 3)


def test_median_stage_of_an_even_count_is_the_lower_middle_stage():
    org = organization(
        assessment("A", "2026-09-30", (1, 1, 1, 1, 1, 1)),
        assessment("B", "2026-09-30", (2, 2, 2, 2, 2, 2)),
        assessment("C", "2026-09-30", (4, 4, 4, 4, 4, 4)),
        assessment("D", "2026-09-30", (5, 5, 5, 5, 5, 5)),
    )
    assert org.median_stage() == 2


def test_team_target_is_the_weighted_mean_of_the_area_targets():
    [[card]] = histories(
        assessment("A", "2026-09-30", (4, 4, 3, 3, 3, 3), targets="{support: 5}")
    ).values()
    # targets support 5 (weight 2), marketing and policies 3: (10 + 3 + 3) / 4 = 4
    assert team_target(card) == Fraction(4)
    # overall (8 + 3 + 3) / 4 = 7/2, below 4
    assert card.overall == Fraction(7, 2)
    assert at_target(card) is False


def test_a_team_exactly_at_its_target_is_at_target():
    [[card]] = histories(assessment("A", "2026-09-30")).values()
    assert (card.overall, team_target(card)) == (Fraction(3), Fraction(3))
    assert at_target(card) is True


def test_most_improved_lists_rises_only_largest_first_then_by_name():
    org = organization(
        assessment("Payments", "2026-03-31", (2, 2, 2, 2, 2, 2)),
        assessment("Payments", "2026-09-30", (3, 3, 3, 3, 3, 3)),  # +1
        assessment("billing", "2026-03-31", (2, 2, 2, 2, 2, 2)),
        assessment("billing", "2026-09-30", (3, 3, 3, 3, 3, 3)),  # +1
        assessment("Care", "2026-03-31", (3, 3, 3, 3, 3, 3)),
        assessment("Care", "2026-09-30", (4, 4, 4, 4, 2, 2)),  # +1/2
        assessment("Down", "2026-03-31", (3, 3, 3, 3, 3, 3)),
        assessment("Down", "2026-09-30", (2, 2, 2, 2, 2, 2)),  # -1
        assessment("New", "2026-09-30", (5, 5, 5, 5, 5, 5)),  # no previous assessment
    )
    assert [(c.assessment.team, c.change) for c in org.most_improved()] == [
        ("billing", Fraction(1)),
        ("Payments", Fraction(1)),
        ("Care", Fraction(1, 2)),
    ]
    assert teams(org.most_improved(1)) == ["billing"]


def test_trend_is_the_median_of_each_teams_latest_overall_at_each_quarter_end():
    org = organization(
        assessment("X", "2026-03-31", (2, 2, 2, 2, 2, 2)),  # last day of Q1
        assessment("X", "2026-08-01", (4, 4, 4, 4, 4, 4)),
        assessment("Y", "2026-04-01", (3, 3, 3, 3, 3, 3)),  # first day of Q2
        assessment("Y", "2026-10-15", (5, 5, 5, 5, 5, 5)),
    )
    assert org.trend() == [
        ("2026-Q1", Fraction(2), 1),  # Y not assessed yet
        ("2026-Q2", Fraction(5, 2), 2),  # median of 2 and 3
        ("2026-Q3", Fraction(7, 2), 2),  # 4 and 3
        ("2026-Q4", Fraction(9, 2), 2),  # 4 and 5
    ]


def test_stale_lists_teams_assessed_more_than_the_limit_ago():
    texts = (
        assessment("Old", "2025-10-31"),  # 366 days before 2026-11-01
        assessment("Edge", "2025-11-01"),  # exactly 365 days: not stale yet
        assessment("Fresh", "2026-09-30"),
    )
    assert teams(organization(*texts).stale()) == ["Old"]
    assert organization(*texts, stale_after_days=None).stale() == []


def test_overdue_actions_are_open_ones_due_before_today():
    actions = """\
{title: Late plan, area: support, due: 2026-10-31, status: planned}
{title: Late work, area: support, due: 2026-10-31, status: in_progress}
{title: Late but done, area: support, due: 2026-10-31, status: done}
{title: Late but dropped, area: support, due: 2026-10-31, status: dropped}
{title: Due today, area: support, due: 2026-11-01}
{title: No date, area: support}
"""
    org = organization(assessment("Payments", "2026-09-30", actions=actions))
    [card] = org.latest
    assert [a.title for a in overdue_actions(card, TODAY)] == ["Late plan", "Late work"]
    assert [(c.assessment.team, a.title) for c, a in org.overdue()] == [
        ("Payments", "Late plan"),
        ("Payments", "Late work"),
    ]
    # A day earlier, none of them was overdue yet.
    assert overdue_actions(card, dt.date(2026, 10, 31)) == []


def test_area_spread_is_the_median_and_range_of_the_teams_latest_scores():
    # support: Alpha 3, beta 1, Gamma 4; marketing 3, 2, 4; policies 3, 3, 2.
    spread = organization(*THREE).area_spread()
    assert (spread["support"].median, spread["support"].low, spread["support"].high) == (3, 1, 4)
    assert (spread["policies"].median, spread["policies"].low) == (3, 2)
    assert spread["support"].teams == 3
    overall = organization(*THREE).overall_spread()
    assert (overall.median, overall.low, overall.high) == (3, Fraction(7, 4), Fraction(7, 2))


def test_an_area_no_team_assessed_has_no_spread():
    assert organization().area_spread() == {}
    assert organization().overall_spread() is None
