"""Checks the installed Python package's programme helpers against a real peerlinkd.

Run by the Swift integration suite (PythonPackageTests), which starts the daemon, installs tools/python into a
fresh venv with pip (protobuf from PyPI) and runs this file with the venv's python, from outside the source tree
so that the installed package is the one imported:
    VENV/bin/python tools/python/test_programmes.py --socket PATH --tcp HOST:PORT
Exits non-zero with the failing check on stderr.
"""
import argparse
import datetime
import os
import sys

# Python puts this file's folder first on the path, and the source package sits there: leave it out, so that
# the installed package is the one imported.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]

import peerlink  # noqa: E402
from peerlink import Client, PeerlinkError, reasons  # noqa: E402

assert not os.path.abspath(peerlink.__file__).startswith(HERE), f"imported the source tree, not the installed package: {peerlink.__file__}"


def school(urn, name, east, la=936, trust="", inspection=""):
    return dict(urn=urn, name=name, phase="primary", la_code=la, la_name="LA %d" % la, region="South East",
                easting=east, northing=150000, trust=trust, inspection=inspection, pupils=200,
                type="Community school", type_group="Local authority maintained schools")


def expect_refusal(code, call):
    try:
        call()
    except PeerlinkError as e:
        assert e.code == code, f"expected {code}, got {e}"
        return e
    raise AssertionError(f"expected a {code} refusal")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--tcp", required=True)
    args = ap.parse_args()
    host, port = args.tcp.rsplit(":", 1)

    with Client.unix(args.socket) as admin:
        for s in (school(160001, "Ash Primary", 500000, trust="Oak Trust"),
                  school(160002, "Birch Primary", 503000, la=850, inspection="good"),
                  school(160003, "Cedar Primary", 520000, la=850, inspection="outstanding")):
            admin.call("school_upsert", school=s)

        # Directory: search, areas, nominate, list, withdraw.
        assert [s.urn for s in admin.search_schools("birch")] == [160002]
        assert any(a.id == "mathematics" for a in admin.areas(kind="subject"))
        near = admin.nominate(160002, "Nia Near", "nia@birch.sch.uk", "Maths lead",
                              {"maths": "Mastery across KS2"}, capacity=1)
        far = admin.nominate(160003, "Fay Far", "fay@cedar.sch.uk", "Maths lead", ["mathematics"])
        assert [v.nomination.id for v in admin.nominations(160002)] == [near.id]

        # Links: match with reasons and a weight override, link from the match, list, close.
        m = admin.match_link(160001, "maths", mode="in-person", weights={"novelty": 0, "proximity": 10})
        assert [h.nomination_id for h in m.hits] == [near.id, far.id], m
        assert reasons(m, m.hits[0])[0] == "covers Mathematics", reasons(m, m.hits[0])
        assert m.weights.proximity == 10
        link = admin.link_create(near.id, urn=160001, area="maths", notes="fractions")
        assert link.nominee_name == "Nia Near" and link.requester_name == "Ash Primary", link
        assert len(admin.links(urn=160001, open_only=True).links) == 1
        admin.close_link(link.id, outcome="done")
        assert len(admin.links(urn=160001, open_only=True).links) == 0
        coverage = admin.coverage()
        assert coverage.areas, "coverage lists areas"
        maths = next(a for a in coverage.areas if a.area == "mathematics")
        assert set(maths.groups_with_none) <= set(coverage.all_groups), coverage

        # Peer support: a head, two supporters, a request, a match, the choice.
        head = admin.create_person("Ava Head", "ava@ash.sch.uk", 160001, "Headteacher",
                                   headship_start="2024-09-01", npqh="completed").person
        supporters = []
        for name, email, urn in (("Ben Birch", "ben@birch.sch.uk", 160002), ("Cat Cedar", "cat@cedar.sch.uk", 160003)):
            p = admin.create_person(name, email, urn, "Headteacher", headship_start="2010-09-01").person
            supporters.append(admin.create_supporter(
                p.id, "Experienced head", ["school-culture", "curriculum-and-assessment"], ["South East"],
                training_completed="2025-06-30", coaching_record="Coach since 2019").profile)
        request = admin.support_request(head.id, concerns=["school-culture"])
        match = admin.supporter_match(request.id, limit=5)
        offered = [h.profile.supporter_id for h in match.hits]
        assert sorted(offered) == sorted(s.id for s in supporters), match
        engagement = admin.choose_supporter(request.id, offered[0])
        assert engagement.engagement.supporter_id == offered[0], engagement
        # The cycle's rules answer through the helper: a first meeting of 90 minutes is refused (on a weekend or
        # holiday the date is refused first).
        today = datetime.date.today().isoformat()
        e = expect_refusal("bad_request", lambda: admin.record_meeting(engagement.engagement.id, today + "T10:00", 90))
        assert e.field in ("minutes", "date"), e
        assert len(admin.engagements()) == 1
        assert len(admin.calendar(head.id)) == 0, "no meeting recorded yet"
        expect_refusal("bad_request", lambda: admin.calendar())  # the admin socket acts for no person

        # Cohorts: create, apply, plan without storing.
        admin.create_cohort("Python cohort", "2026-09-01", cap=10)
        admin.cohort_apply("Python cohort", head.id)
        assert admin.cohort("Python cohort").cohort.name == "Python cohort"
        admin.form_groups("Python cohort", dry_run=True)

        # Operations.
        assert admin.stats().counts["schools"] == 3
        assert any(a.operation == "link_create" for a in admin.audit(limit=50))
        secret = admin.create_token("adviser", label="python package test").secret

    # A token's role bounds what the helpers can do: the daemon decides, the client only reports it.
    with Client.tcp(host, int(port), token=secret) as adviser:
        assert adviser.role == "adviser"
        assert adviser.match_link(160001, "maths").hits
        expect_refusal("forbidden", lambda: adviser.support_request(head.id))
    print("python package: programme helpers ok")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
