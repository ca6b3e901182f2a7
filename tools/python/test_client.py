"""Checks the Python client against a real peerlinkd: Hello, Ping, school lookup, nominate.

Run by the Swift integration suite, which starts the daemon and passes its addresses:
    /usr/bin/python3 tools/python/test_client.py --socket PATH --tcp HOST:PORT
Exits non-zero with the failing check on stderr.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerlink import Client, PeerlinkError  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--tcp", required=True)
    args = ap.parse_args()
    host, port = args.tcp.rsplit(":", 1)

    with Client.unix(args.socket) as admin:
        assert admin.role == "admin", admin.role
        assert admin.ping(b"py") == b"py"
        admin.call("school_upsert", school=dict(urn=140001, name="Python Primary", phase="primary",
                                               la_code=936, la_name="Surrey", region="South East"))
        secret = admin.call("token_create", role="adviser", label="python test").secret

    # TCP without a token: only an unauthenticated error.
    try:
        Client.tcp(host, int(port))
        raise AssertionError("Hello without a token was accepted")
    except PeerlinkError as e:
        assert e.code == "unauthenticated", e.code

    with Client.tcp(host, int(port), token=secret) as adviser:
        assert adviser.role == "adviser"
        school = adviser.call("school_get", urn=140001)
        assert school.name == "Python Primary", school
        found = adviser.call("school_search", text="python").schools
        assert [s.urn for s in found] == [140001], found
        try:
            adviser.call("nomination_create", urn=140001, name="A", email="a@p.sch.uk", role="Teacher",
                         areas=[dict(area="computing")], consent=True)
            raise AssertionError("an adviser could nominate")
        except PeerlinkError as e:
            assert e.code == "forbidden", e

    with Client.unix(args.socket) as admin:
        view = admin.call("nomination_create", urn=140001, name="Ada Byron", email="Ada@Python.sch.uk",
                          role="Computing lead", areas=[dict(area="Computer Science", strength="Teaches A level")],
                          consent=True)
        assert view.nomination.id > 0
        assert [a.area for a in view.nomination.areas] == ["computing"], view
        assert view.nominee.email == "ada@python.sch.uk"
        listed = admin.call("nomination_list", urn=140001).nominations
        assert [v.nomination.id for v in listed] == [view.nomination.id]
        try:
            admin.call("school_get", urn=999999)
            raise AssertionError("unknown URN was found")
        except PeerlinkError as e:
            assert e.code == "not_found" and e.field == "urn", e
    print("python client: all checks passed")


if __name__ == "__main__":
    main()
