#!/usr/bin/python3
"""National-scale peerlink database generator (issue 7, DESIGN §10).

Writes a SQLite file the daemon loads as it is: the real migrations (schema/0*.sql, applied in order,
PRAGMA user_version set to the last), then schools, areas (from the migrations), people, nominations,
supporter profiles and one admin token, in the exact column formats PeerlinkStore reads
(Sources/PeerlinkStore/*.swift).

Distributions come from the real register extracts in Tests/PeerlinkImportTests/Fixtures/gias/: each
generated school copies phase, type, type group, urban/rural class, pupils, capacity, religious character,
inspection outcome and whether it is in a trust or federation from a randomly drawn real row; trust sizes
follow the extract's trust-size distribution. Local authorities (150, in England's 9 regions) are placed over
England's easting/northing extent and schools scattered around them.

    tools/bench/datagen.py --out national.db [--seed 1] [--scale 1] [--gias-csv gias.csv]

--scale multiplies every count (25,000 schools, 100,000 nominations, 5,000 supporters at 1).
--gias-csv also writes the schools as a GIAS establishments download (Windows-1252, CRLF, quoted header),
for timing `peerlink import gias`.
The admin token secret for TCP clients is printed (it is fixed: bench tokens are not secrets).
"""
import argparse, bisect, csv, hashlib, os, random, sqlite3, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Tests/PeerlinkImportTests/Fixtures/gias")
TOKEN_SECRET = "plk_bench_admin_token"

# Government office regions with a rough centre (easting, northing), and the share of England's schools.
REGIONS = [
    ("North East", 425000, 560000, 0.05), ("North West", 360000, 440000, 0.13),
    ("Yorkshire and the Humber", 445000, 450000, 0.10), ("East Midlands", 470000, 330000, 0.09),
    ("West Midlands", 390000, 285000, 0.11), ("East of England", 570000, 255000, 0.11),
    ("London", 530000, 180000, 0.12), ("South East", 475000, 140000, 0.16),
    ("South West", 300000, 110000, 0.13),
]
E_MIN, E_MAX, N_MIN, N_MAX = 130000, 655000, 10000, 660000

PHASES = {
    "nursery": "nursery", "primary": "primary", "middle deemed primary": "middle",
    "middle deemed secondary": "middle", "secondary": "secondary", "all-through": "all-through",
    "16 plus": "16-plus", "not applicable": "not-applicable",
}
INSPECTION = {
    "outstanding": "outstanding", "good": "good", "requires improvement": "requires-improvement",
    "inadequate": "inadequate", "serious weaknesses": "serious-weaknesses", "special measures": "special-measures",
}
TOWNS = [
    "Ashford", "Barnham", "Bradwell", "Castleton", "Chapelford", "Didcombe", "Eastwick", "Fairlop", "Greystoke",
    "Hartwell", "Ivybridge", "Kingsmead", "Langley", "Marston", "Newbold", "Oakhurst", "Pennington", "Queensbury",
    "Redhill", "Southam", "Thornbury", "Upton", "Westfield", "Yardley", "Whitmore", "Broadoak", "Stanford",
    "Milbrook", "Heathfield", "Elmstead",
]
FIRST = ["Alex", "Sam", "Jo", "Priya", "Tom", "Aisha", "Ben", "Claire", "David", "Emma", "Farah", "Gareth",
         "Hannah", "Imran", "Jane", "Kofi", "Laura", "Mark", "Nadia", "Owen", "Rachel", "Sean", "Tara", "Zoe"]
LAST = ["Smith", "Jones", "Patel", "Taylor", "Brown", "Khan", "Williams", "Evans", "Wilson", "Thomas", "Roberts",
        "Walker", "Wright", "Hughes", "Green", "Hall", "Clarke", "Ahmed", "Lewis", "Young"]
ROLES = ["Head of English", "Head of Maths", "Head of Science", "Subject leader", "Assistant head",
         "Deputy head", "SENCO", "Phase leader", "Curriculum lead", "Head of Year"]


def read_templates():
    """Real rows (open establishments) from the fixtures, with the fields the generator copies."""
    rows, trust_sizes = [], []
    for name in sorted(os.listdir(FIXTURES)):
        if not name.endswith("_gias.csv") or name.startswith("cp1252"):
            continue
        with open(os.path.join(FIXTURES, name), encoding="cp1252", newline="") as f:
            trusts = {}
            for r in csv.DictReader(f):
                if not r.get("EstablishmentStatus (name)", "").startswith("Open"):
                    continue
                phase = PHASES.get(r["PhaseOfEducation (name)"].strip().lower())
                if phase is None:
                    continue
                rel = r.get("ReligiousCharacter (name)", "").strip()
                if rel in ("", "None", "Does not apply", "Not applicable"):
                    rel = None
                def num(k):
                    v = r.get(k, "").strip()
                    return int(v) if v.isdigit() else None
                rows.append(dict(
                    phase=phase, type=r.get("TypeOfEstablishment (name)", ""),
                    type_group=r.get("EstablishmentTypeGroup (name)", ""),
                    urban_rural=r.get("UrbanRural (name)", ""), pupils=num("NumberOfPupils"),
                    capacity=num("SchoolCapacity"), religious_character=rel,
                    inspection=INSPECTION.get(r.get("OfstedRating (name)", "").strip().lower()),
                    in_trust=bool(r.get("Trusts (name)", "").strip()),
                    in_federation=bool(r.get("Federations (name)", "").strip())))
                t = r.get("Trusts (name)", "").strip()
                if t:
                    trusts[t] = trusts.get(t, 0) + 1
            trust_sizes += list(trusts.values())
    return rows, trust_sizes


def weighted(rng, items, weights):
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    return lambda: items[bisect.bisect_left(cum, rng.random() * total)]


def place_las(rng, count):
    """LA centres: each region gets LAs by its share of schools, scattered around its centre in England."""
    las, code = [], 201
    for name, e, n, share in REGIONS:
        k = max(1, round(count * share))
        spread = 25000 if name == "London" else 60000
        for i in range(k):
            while True:
                le, ln = rng.gauss(e, spread), rng.gauss(n, spread)
                if E_MIN <= le <= E_MAX and N_MIN <= ln <= N_MAX:
                    break
            las.append(dict(code=code, name=f"{rng.choice(TOWNS)}{'shire' if i % 3 else ''} {code}", region=name,
                            e=int(le), n=int(ln), weight=rng.lognormvariate(0, 0.5),
                            spread=4000 if name == "London" else 12000))
            code += 1
    return las[:count] if len(las) >= count else las


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="SQLite file to write (replaced)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--gias-csv", help="also write the schools as a GIAS establishments CSV here")
    a = ap.parse_args()
    t0 = time.time()
    rng = random.Random(a.seed)
    n_schools, n_noms, n_sup = int(25000 * a.scale), int(100000 * a.scale), int(5000 * a.scale)

    templates, trust_sizes = read_templates()
    las = place_las(rng, 150)
    pick_la = weighted(rng, las, [l["weight"] for l in las])

    for p in (a.out, a.out + "-wal", a.out + "-shm"):
        if os.path.exists(p):
            os.remove(p)
    db = sqlite3.connect(a.out)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    migrations = sorted(f for f in os.listdir(os.path.join(ROOT, "schema")) if f[:4].isdigit() and f.endswith(".sql"))
    for m in migrations:
        with open(os.path.join(ROOT, "schema", m)) as f:
            db.executescript(f.read())
    db.execute(f"PRAGMA user_version = {int(migrations[-1][:4])}")
    has_supporters = any(m.startswith("0005") for m in migrations)

    areas = [dict(id=r[0], kind=r[1], parent=r[2], phases=[p for p in r[3].split(",") if p])
             for r in db.execute("SELECT id, kind, parent, phases FROM areas ORDER BY rowid")]
    # Popularity: subjects and themes most nominated first; a long tail for the rest.
    area_weight = {a_["id"]: (6 if a_["kind"] == "subject" and a_["parent"] is None else 3 if a_["kind"] == "theme" else 1)
                   for a_ in areas}
    for hot in ("english", "mathematics", "science", "send-curricular-adjustments", "phonics-and-early-reading",
                "behaviour", "attendance", "curriculum-and-assessment", "computing", "early-years"):
        area_weight[hot] = 20
    areas_for_phase = {}
    for ph in set(PHASES.values()):
        ok = [x for x in areas if not x["phases"] or ph in x["phases"]]
        areas_for_phase[ph] = weighted(rng, [x["id"] for x in ok], [area_weight[x["id"]] for x in ok])
    skill_areas = [x["id"] for x in areas if x["kind"] in ("standard", "theme")]

    # Trusts: names with sizes drawn from the extract's trust-size distribution; schools join them in turn.
    trust_pool = []
    federation_pool = []

    def next_trust():
        if not trust_pool:
            size = rng.choice(trust_sizes) if trust_sizes else 4
            name = f"{rng.choice(TOWNS)} {rng.choice(['Learning', 'Academy', 'Education', 'Schools'])} Trust {rng.randrange(1, 10**6)}"
            trust_pool.extend([name] * size)
        return trust_pool.pop()

    def next_federation():
        if not federation_pool:
            name = f"The {rng.choice(TOWNS)} Federation {rng.randrange(1, 10**6)}"
            federation_pool.extend([name] * rng.choice([2, 2, 2, 3, 4]))
        return federation_pool.pop()

    schools, people = [], []
    person_id = 0
    heads = []  # (person id, school index)
    for i in range(n_schools):
        t = rng.choice(templates)
        la = pick_la()
        e = min(E_MAX, max(E_MIN, int(rng.gauss(la["e"], la["spread"]))))
        n = min(N_MAX, max(N_MIN, int(rng.gauss(la["n"], la["spread"]))))
        town = rng.choice(TOWNS)
        urn = 100000 + i
        kind = {"primary": "Primary School", "secondary": "Secondary School", "nursery": "Nursery School",
                "16-plus": "Sixth Form College", "all-through": "Academy", "middle": "Middle School"}.get(t["phase"], "Centre")
        insp = t["inspection"]
        s = dict(urn=urn, name=f"{town} {rng.choice(['St Mary', 'Park', 'Hill', 'Oak', 'Green', 'Valley', 'Church', 'Meadow'])} {kind}",
                 phase=t["phase"], type=t["type"], type_group=t["type_group"], status="open", la_code=la["code"],
                 la_name=la["name"], region=la["region"], urban_rural=t["urban_rural"], pupils=t["pupils"],
                 capacity=t["capacity"], easting=e, northing=n,
                 postcode=f"{rng.choice('ABCDEGHKLMNOPRSTW')}{rng.choice('ABEHLNRSTUW')}{rng.randrange(1, 30)} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                 town=town, trust=next_trust() if t["in_trust"] else None,
                 federation=next_federation() if t["in_federation"] else None,
                 religious_character=t["religious_character"], inspection=insp,
                 inspection_date=f"{rng.randrange(2016, 2025)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}" if insp else None)
        schools.append(s)
        person_id += 1
        start = f"{rng.randrange(1998, 2025)}-{rng.choice(['01', '04', '09'])}-01"
        people.append((person_id, f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"head{urn}@school{urn}.example.org", urn,
                       "Headteacher", start, rng.choice(["completed", "completed", "in-progress", "none"]), 0, 0))
        heads.append((person_id, i, start))

    db.executemany("INSERT INTO schools VALUES (" + ",".join("?" * 21) + ")", [
        (s["urn"], s["name"], s["phase"], s["type"], s["type_group"], s["status"], s["la_code"], s["la_name"],
         s["region"], s["urban_rural"], s["pupils"], s["capacity"], s["easting"], s["northing"], s["postcode"],
         s["town"], s["trust"], s["federation"], s["religious_character"], s["inspection"], s["inspection_date"])
        for s in schools])

    # Nominations: at schools with a phase (not children's centres and the like), larger schools more often.
    nominating = [i for i, s in enumerate(schools) if s["phase"] != "not-applicable"]
    pick_school = weighted(rng, nominating, [(schools[i]["pupils"] or 100) ** 0.5 for i in nominating])
    noms, nom_areas = [], []
    now = 1750000000
    for k in range(1, n_noms + 1):
        si = pick_school()
        s = schools[si]
        person_id += 1
        people.append((person_id, f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"staff{k}@school{s['urn']}.example.org",
                       s["urn"], rng.choice(ROLES), None, None, 0, 0))
        created = now - rng.randrange(0, 3 * 365 * 86400)
        r = rng.random()
        status = "active" if r < 0.9 else "paused" if r < 0.97 else "withdrawn"
        r = rng.random()
        modes = "in-person,online" if r < 0.6 else "online" if r < 0.85 else "in-person"
        noms.append((k, person_id, s["urn"], heads[si][0], 1 if rng.random() < 0.95 else 0,
                     rng.choice([1, 1, 2, 2, 2, 3, 4]), modes, status, created, created + rng.randrange(0, 86400 * 30)))
        chosen = []
        pick = areas_for_phase[s["phase"]]
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            aid = pick()
            if aid not in chosen:
                chosen.append(aid)
        for pos, aid in enumerate(chosen):
            nom_areas.append((k, pos, aid, rng.choice(["", "", "Led the department to strong results",
                                                       "Trained staff across the trust", "Rebuilt the curriculum"])))

    db.executemany("INSERT INTO people VALUES (?,?,?,?,?,?,?,?,?)", people)
    db.executemany("INSERT INTO nominations VALUES (?,?,?,?,?,?,?,?,?,?)", noms)
    db.executemany("INSERT INTO nomination_areas VALUES (?,?,?,?)", nom_areas)

    sup_count = 0
    reqs = []
    if has_supporters:
        # Supporters: experienced heads of open schools, mostly with a good or better inspection.
        cands = [h for h in heads if h[2] <= "2019-09-01" and schools[h[1]]["phase"] != "not-applicable"]
        rng.shuffle(cands)
        cands.sort(key=lambda h: 0 if schools[h[1]]["inspection"] in ("good", "outstanding") else 1)
        profiles, skills = [], []
        for pid, (head_id, si, _) in enumerate(cands[:n_sup], start=1):
            r = rng.random()
            created = now - rng.randrange(0, 2 * 365 * 86400)
            profiles.append((pid, head_id, "Experienced head; coached new heads through inspection and recovery.",
                             schools[si]["region"], rng.choice([1, 2, 2, 3, 4]),
                             "active" if r < 0.88 else "paused" if r < 0.96 else "retired",
                             f"{rng.randrange(2018, 2025)}-{rng.randrange(1, 13):02d}-15" if rng.random() < 0.92 else None,
                             "Accredited coach; supported two new heads" if rng.random() < 0.9 else "",
                             1 if rng.random() < 0.8 else 0, None, created, created))
            for pos, aid in enumerate(rng.sample(skill_areas, rng.randrange(2, 6))):
                skills.append((pid, pos, aid))
        db.executemany("INSERT INTO supporter_profiles (id, person_id, summary, regions_served, capacity, status, "
                       "training_completed, coaching_record, knows_local_processes, recorded_inspection, created_at, "
                       "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", profiles)
        db.executemany("INSERT INTO supporter_skills VALUES (?,?,?)", skills)
        sup_count = len(profiles)
        # Open support requests from newer heads (what supporter matching answers).
        supporter_heads = {c[0] for c in cands[:n_sup]}
        newer = [h for h in heads if h[2] >= "2022-01-01" and h[0] not in supporter_heads]
        rng.shuffle(newer)
        reqs, concerns = [], []
        for rid, (head_id, si, _) in enumerate(newer[:int(2000 * a.scale)], start=1):
            created = now - rng.randrange(0, 180 * 86400)
            reqs.append((rid, head_id, "online" if rng.random() < 0.4 else "in-person", "open", created, created))
            for pos, aid in enumerate(rng.sample(skill_areas, rng.randrange(1, 4))):
                concerns.append((rid, pos, aid))
        db.executemany("INSERT INTO support_requests VALUES (?,?,?,?,?,?)", reqs)
        db.executemany("INSERT INTO support_request_concerns VALUES (?,?,?)", concerns)

    db.execute("INSERT INTO tokens (id, role, person_id, secret_hash, label, created_at) VALUES (1, 'admin', NULL, ?, "
               "'bench', ?)", (hashlib.sha256(TOKEN_SECRET.encode()).hexdigest(), now))
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()

    if a.gias_csv:
        write_gias(a.gias_csv, schools)
    write_targets(a.out + ".targets", schools, noms, nom_areas, heads, reqs)
    print(f"wrote {a.out}: {len(schools)} schools, {len(people)} people, {len(noms)} nominations "
          f"({len(nom_areas)} areas), {sup_count} supporters, {len(reqs)} support requests{'' if has_supporters else ' (no 0005 migration: people only)'}"
          f", {len(las)} LAs in {len(REGIONS)} regions, seed {a.seed}, scale {a.scale:g}, {time.time() - t0:.1f} s",
          file=sys.stderr)
    print(TOKEN_SECRET)


def write_targets(path, schools, noms, nom_areas, heads, reqs):
    """A sidecar for the load generator: ids that exist, one kind per line (`kind v v v ...`)."""
    with open(path, "w") as f:
        f.write("urns " + " ".join(str(s["urn"]) for s in schools if s["phase"] != "not-applicable") + "\n")
        f.write("nominations " + " ".join(str(n[0]) for n in noms if n[7] != "withdrawn") + "\n")
        f.write("areas " + " ".join(sorted({x[2] for x in nom_areas})) + "\n")
        f.write("heads " + " ".join(f"{h[0]}:{schools[h[1]]['urn']}" for h in heads
                                    if schools[h[1]]["phase"] != "not-applicable") + "\n")
        f.write("support_requests " + " ".join(str(r[0]) for r in reqs) + "\n")
        # School search texts drawn from the whole directory, as people type them: a town, a town and the next
        # word, a fragment, a whole name ('|' between them: the texts hold spaces).
        rs = random.Random(7)
        texts = []
        for s in rs.sample(schools, min(4000, len(schools))):
            words = s["name"].split()
            k = rs.randrange(4)
            texts.append(words[0] if k == 0 else " ".join(words[:2]) if k == 1
                         else words[0][:4].lower() if k == 2 else s["name"])
        f.write("search_texts " + "|".join(texts) + "\n")


def write_gias(path, schools):
    """The schools as a GIAS establishments download: Windows-1252, CRLF, every value quoted like the real one."""
    rev_phase = {"nursery": "Nursery", "primary": "Primary", "middle": "Middle deemed primary",
                 "secondary": "Secondary", "all-through": "All-through", "16-plus": "16 plus",
                 "not-applicable": "Not applicable"}
    rev_insp = {v: k.title().replace("Requires Improvement", "Requires improvement") for k, v in INSPECTION.items()}
    header = ["URN", "LA (code)", "LA (name)", "EstablishmentName", "TypeOfEstablishment (name)",
              "EstablishmentTypeGroup (name)", "EstablishmentStatus (name)", "PhaseOfEducation (name)",
              "ReligiousCharacter (name)", "SchoolCapacity", "NumberOfPupils", "Trusts (name)", "Federations (name)",
              "OfstedLastInsp", "Town", "Postcode", "GOR (name)", "UrbanRural (name)", "Easting", "Northing",
              "OfstedRating (name)"]
    with open(path, "w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(header)
        for s in schools:
            d = s["inspection_date"]
            w.writerow([s["urn"], s["la_code"], s["la_name"], s["name"], s["type"], s["type_group"], "Open",
                        rev_phase[s["phase"]], s["religious_character"] or "Does not apply", s["capacity"] or "",
                        s["pupils"] or "", s["trust"] or "", s["federation"] or "",
                        f"{d[8:10]}-{d[5:7]}-{d[0:4]}" if d else "", s["town"], s["postcode"], s["region"],
                        s["urban_rural"], s["easting"], s["northing"], rev_insp.get(s["inspection"], "")])


if __name__ == "__main__":
    main()
