import Glibc
import PeerlinkCore

/// Times group formation for a national-sized cohort (DESIGN §10: 5,000 participants in under a second) and
/// prints the quality figure. Participants are generated deterministically: nine regions of unequal size,
/// about 150 authorities, mostly primary heads, a third of schools in regional trusts of up to 40 schools,
/// one facilitator per 20 heads taking up to 4 groups.

struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

let regions: [(name: String, authorities: Int, weight: Int)] = [
    ("South East", 19, 16), ("London", 33, 14), ("North West", 23, 13), ("East of England", 11, 11),
    ("West Midlands", 14, 10), ("South West", 15, 10), ("Yorkshire and the Humber", 15, 10),
    ("East Midlands", 9, 9), ("North East", 12, 7),
]

func participants(_ count: Int, seed: UInt64) -> [FormationParticipant] {
    var rng = Generator(state: seed)
    let totalWeight = regions.reduce(0) { $0 + $1.weight }
    return (0..<count).map { i in
        var pick = rng.below(totalWeight), r = 0
        while pick >= regions[r].weight {
            pick -= regions[r].weight
            r += 1
        }
        let la = 100 + r * 40 + rng.below(regions[r].authorities)
        let roll = rng.below(100)
        let phase: CohortPhase =
            roll < 68 ? .primary : roll < 86 ? .secondary : roll < 93 ? .special : roll < 96 ? .allThrough
            : roll < 98 ? .alternativeProvision : .sixteenPlus
        let trust: String? = rng.below(3) == 0 ? "Trust \(r)-\(rng.below(25))" : nil
        return FormationParticipant(
            personID: Int64(i + 1), urn: 100_000 + i, phase: phase, laCode: la, region: regions[r].name,
            trust: trust, federation: rng.below(20) == 0 ? "Federation \(la)" : nil, position: i + 1)
    }
}

func seconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 5000 : 5000
let runs = 5
let people = participants(count, seed: 2026)
var rng = Generator(state: 7)
let facilitators = (0..<max(2, count / 20)).map { i in
    FormationFacilitator(
        personID: Int64(1_000_000 + i), urn: 900_000 + i,
        trust: rng.below(4) == 0 ? "Trust \(rng.below(9))-\(rng.below(25))" : nil, maxGroups: 4)
}
let formation = GroupFormation(minSize: 4, maxSize: 6, seed: 1)

var times: [Double] = []
var result: FormationResult?
for _ in 0..<runs {
    let t0 = seconds()
    result = formation.form(people, facilitators: facilitators)
    times.append(seconds() - t0)
}
times.sort()
let q = result!.quality
print("cohort-bench: \(count) participants, \(facilitators.count) facilitators, groups of 4–6, \(runs) runs")
func ms(_ t: Double) -> String {
    let tenths = Int((t * 10_000).rounded())
    return "\(tenths / 10).\(tenths % 10) ms"
}
print("formation time: min \(ms(times[0])), median \(ms(times[runs / 2])), max \(ms(times[runs - 1]))")
print("quality: \(q)")
