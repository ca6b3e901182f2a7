#!/usr/bin/env python3
"""Writes the fuzzer's seed corpus: for every operation of schema/peerlink.proto's Request, a request with that
operation (empty, and with a few plausible fields where they matter), once for each kind of caller (the first byte
of a fuzz input picks the caller: 0 admin socket, 1 before Hello, 2 adviser, 3 head, 4 supporter).

    /usr/bin/python3 tools/fuzz/make-seeds.py DIR
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "python"))
from peerlink import pb  # noqa: E402

PLAUSIBLE = {
    "hello": dict(protocol_version=2, token="plk_" + "0" * 64),
    "school_get": dict(urn=100001),
    "school_search": dict(text="hill"),
    "nomination_create": dict(urn=100001, name="Bo Lee", email="bo@hill.sch.uk", role="Teacher", consent=True),
    "nomination_list": dict(urn=100001),
    "link_match": dict(urn=100002, area="maths"),
    "link_request": dict(urn=100001, area="maths"),
    "person_get": dict(id=1),
    "support_request": dict(head_id=1),
    "supporter_match": dict(request_id=1),
    "cohort_create": dict(name="Fuzz cohort", start="2026-09-01"),
    "cohort_get": dict(cohort="Fuzz cohort"),
    "engagement_meeting": dict(engagement_id=1, start="2026-09-15T10:00", minutes=60),
    "area_list": dict(kind="theme"),
    "import_calendar": {},
    "backup": dict(path="/nonexistent/fuzz.db"),
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    ops = [f.name for f in pb.Request.DESCRIPTOR.oneofs_by_name["operation"].fields]
    n = 0
    for op in ops:
        variants = [{}]
        if op in PLAUSIBLE and PLAUSIBLE[op]:
            variants.append(PLAUSIBLE[op])
        for v, fields in enumerate(variants):
            req = pb.Request(id=7)
            getattr(req, op).SetInParent()
            for k, val in fields.items():
                setattr(getattr(req, op), k, val)
            body = req.SerializeToString()
            for caller in range(5):
                with open(os.path.join(out, f"{op}-{v}-{caller}"), "wb") as f:
                    f.write(bytes([caller]) + body)
                n += 1
    print(f"make-seeds: {n} seeds for {len(ops)} operations in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
