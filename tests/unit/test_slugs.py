"""Team slugs: ASCII, safe in paths, never the teams index."""

from __future__ import annotations


def test_team_slugs_are_ascii_and_never_the_teams_index():
    from cxm.slugs import team_slug

    assert team_slug("Payments Platform") == "payments-platform"
    assert team_slug("Équipe Zürich") == "equipe-zurich"
    assert team_slug("Index") == "index-team"
    assert team_slug("🙂🙂").startswith("team-")
    assert team_slug("../../etc/passwd") == "etc-passwd"
