"""Checks the Python client's link matching and linking against a real peerlinkd.

Run by the Swift integration suite (LinksTests), which starts the daemon and passes its socket:
    /usr/bin/python3 tools/python/test_links.py --socket PATH
Exits non-zero with the failing check on stderr.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerlink import Client, PeerlinkError, reasons  # noqa: E402


def school(urn, name, east, trust=""):
    return dict(urn=urn, name=name, phase="primary", la_code=936, la_name="Surrey", region="South East",
                easting=east, northing=150000, trust=trust)


def nominate(c, urn, name, capacity=1):
    return c.call("nomination_create", urn=urn, name=name, email=name.split()[0].lower() + "@school.sch.uk",
                  role="Maths lead", consent=True, capacity=capacity,
                  areas=[dict(area="mathematics", strength="Mastery across KS2")]).nomination.id


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    args = ap.parse_args()

    with Client.unix(args.socket) as c:
        c.call("school_upsert", school=school(150001, "Asking Primary", 500000, trust="Oak Trust"))
        c.call("school_upsert", school=school(150002, "Near Primary", 503000, trust="Oak Trust"))
        c.call("school_upsert", school=school(150003, "Far Primary", 540000))
        near = nominate(c, 150002, "Nia Near")
        far = nominate(c, 150003, "Fay Far")

        m = c.match_link(150001, "maths", mode="in-person")
        assert [h.nomination_id for h in m.hits] == [far, near], m
        first, second = reasons(m, m.hits[0]), reasons(m, m.hits[1])
        assert first[0] == "covers Mathematics", first
        assert "different trust" in first and "same trust (Oak Trust)" in second, (first, second)
        assert len(set(m.reason_phrases)) == len(m.reason_phrases), m.reason_phrases  # each phrase once
        assert m.hits[1].school.name == "Near Primary" and abs(m.hits[1].distance_km - 3.0) < 1e-9

        # Weights by name: with novelty off and proximity heavy, the near nominee wins.
        m = c.match_link(150001, "mathematics", mode="in-person", weights={"novelty": 0, "proximity": 10})
        assert [h.nomination_id for h in m.hits] == [near, far], m
        assert m.weights.novelty == 0 and m.weights.proximity == 10
        m = c.match_link(150001, "mathematics", mode="in-person", max_km=10)
        assert [h.nomination_id for h in m.hits] == [near] and m.excluded["distance"] == 1, m

        try:
            c.match_link(150001, "mathz")
            raise AssertionError("unknown area accepted")
        except PeerlinkError as e:
            assert e.code == "not_found" and e.field == "area" and "mathematics" in e.message, e

        link = c.link_create(near, urn=150001, area="maths", notes="fractions")
        assert link.requester_name == "Asking Primary" and link.nominee_name == "Nia Near", link
        assert link.nominee_open_links == 1 and link.nominee_capacity == 1
        m = c.match_link(150001, "mathematics")
        assert [h.nomination_id for h in m.hits] == [far] and m.excluded["full"] == 1, m
        try:
            c.link_create(near, urn=150001, area="maths")
            raise AssertionError("a full nominee took a link")
        except PeerlinkError as e:
            assert e.code == "conflict", e

        req = c.call("link_request", urn=150001, area="mathematics", notes="KS1 number")
        link2 = c.link_create(far, request=req.id)
        assert link2.request_id == req.id and link2.nominee_school_name == "Far Primary", link2
        c.call("link_close", id=link.id, outcome="done")
        m = c.match_link(150001, "mathematics")
        assert [h.nomination_id for h in m.hits] == [near], m
        assert "linked once before" in reasons(m, m.hits[0]), reasons(m, m.hits[0])
    print("ok")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAILED: {e}", file=sys.stderr)
        raise
