import Foundation
import PeerlinkCore
import Testing

@testable import PeerlinkServer

/// The `--config` file: unknown keys refused at every level with the nearest known key, every limit settable,
/// values range-checked, and the shipped example valid.
@Suite struct ConfigFileTests {
    private func parse(_ json: String) throws(ConfigFileError) -> ConfigFile {
        try ConfigFile.parse(Array(json.utf8))
    }

    private func refusal(_ json: String) -> String? {
        do {
            var s = ServerConfig()
            try parse(json).apply(to: &s)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func unknownTopLevelKeyNamesItAndTheNearestKey() {
        #expect(refusal(#"{ "holidays_by_LA": { "936": [] } }"#) == "unknown key 'holidays_by_LA' (did you mean 'holidays_by_la'?)")
        #expect(refusal(#"{ "max_conections": 10 }"#) == "unknown key 'max_conections' (did you mean 'max_connections'?)")
        #expect(refusal(#"{ "idle_timeout": 10 }"#) == "unknown key 'idle_timeout' (did you mean 'idle_timeout_seconds'?)")
    }

    @Test func unknownKeysInsideNestedObjectsAreRefusedToo() {
        #expect(refusal(#"{ "working_day": { "start": "08:00", "ned": "17:00" } }"#)
            == "unknown key 'ned' in working_day (did you mean 'end'?)")
        #expect(refusal(#"{ "holidays": [ { "name": "X", "first": "2027-01-01", "last": "2027-01-02" }, { "name": "Y", "frist": "2027-02-01", "last": "2027-02-02" } ] }"#)
            == "unknown key 'frist' in holidays[1] (did you mean 'first'?)")
        #expect(refusal(#"{ "holidays_by_la": { "936": [ { "name": "X", "first": "2027-01-01", "lats": "2027-01-02" } ] } }"#)
            == "unknown key 'lats' in holidays_by_la.936[0] (did you mean 'last'?)")
    }

    @Test func unknownWeightNamesAreRefused() {
        #expect(refusal(#"{ "link_weights": { "expertice": 2 } }"#) != nil)
        #expect(refusal(#"{ "supporter_weights": { "coverag": 0.5 } }"#) != nil)
    }

    @Test func everyLimitIsSettable() throws {
        var s = ServerConfig()
        try parse("""
            {
              "max_frame_bytes": 33554432, "max_frame_bytes_before_hello": 4096, "max_frame_bytes_non_admin": 65536,
              "max_connections": 10, "max_admin_connections": 3, "max_in_flight": 7,
              "idle_timeout_seconds": 60, "hello_timeout_seconds": 2, "partial_frame_timeout_seconds": 4,
              "max_partial_frame_bytes_total": 1048576, "max_output_buffered_bytes": 65536,
              "max_output_buffered_bytes_total": 2097152, "reply_cache_bytes": 0
            }
            """).apply(to: &s)
        #expect(s.maxFrameBytes == 33_554_432 && s.maxFrameBeforeHello == 4096 && s.maxFrameBytesNonAdmin == 65536)
        #expect(s.maxFrame(for: nil) == 4096 && s.maxFrame(for: .admin) == 33_554_432)
        #expect(s.maxFrame(for: .head) == 65536 && s.maxFrame(for: .adviser) == 65536 && s.maxFrame(for: .supporter) == 65536)
        #expect(s.maxConnections == 10 && s.maxAdminConnections == 3 && s.maxInFlightPerConnection == 7)
        #expect(s.idleTimeoutSeconds == 60 && s.helloTimeoutSeconds == 2 && s.partialFrameTimeoutSeconds == 4)
        #expect(s.maxPartialFrameBytesTotal == 1_048_576 && s.maxOutputBufferedBytes == 65536)
        #expect(s.maxOutputBufferedBytesTotal == 2_097_152 && s.replyCacheBytes == 0)
    }

    @Test func defaultsGiveTokenHoldersSmallFramesAndTheAdminLargeOnes() {
        let s = ServerConfig()
        #expect(s.maxFrame(for: .head) == 1 << 20)
        #expect(s.maxFrame(for: .admin) == 64 << 20)
        #expect(s.maxFrame(for: nil) == 64 << 10)
        #expect(s.descriptorsNeeded > s.maxConnections + s.maxAdminConnections)
    }

    @Test func valuesAreRangeAndTypeChecked() {
        #expect(refusal(#"{ "max_connections": 0 }"#) == "max_connections must be at least 1, got 0")
        #expect(refusal(#"{ "hello_timeout_seconds": -1 }"#) == "hello_timeout_seconds must be at least 1, got -1")
        #expect(refusal(#"{ "max_frame_bytes_non_admin": 10 }"#)?.contains("max_frame_bytes_non_admin must be from 1024") == true)
        #expect(refusal(#"{ "max_frame_bytes": 8589934592 }"#)?.contains("max_frame_bytes must be from 1024") == true)
        #expect(refusal(#"{ "max_connections": "lots" }"#) == "max_connections: expected a whole number")
        #expect(refusal(#"{ "holidays": [ { "name": "X", "first": "2027-01-01" } ] }"#)?.contains("missing key 'last'") == true)
        #expect(refusal(#"[1, 2]"#)?.contains("one JSON object") == true)
        #expect(refusal(#"{ "listen": "nowhere" }"#)?.contains("HOST:PORT") == true)
    }

    @Test func holidaysByLAStillApply() throws {
        var s = ServerConfig()
        try parse(#"{ "holidays_by_la": { "936": [ { "name": "Christmas", "first": "2026-12-18", "last": "2027-01-04" } ] } }"#)
            .apply(to: &s)
        #expect(s.calendar.holidaysByLA[936]?.map(\.name) == ["Christmas"])
    }

    @Test func theShippedExampleIsValidAndSetsEveryKey() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("tools/peerlinkd.example.json"))
        var s = ServerConfig()
        try ConfigFile.parse([UInt8](data)).apply(to: &s)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let known = ConfigFile.CodingKeys.allCases.map(\.rawValue)
        // Every key the file format has is shown in the example (so the example documents them all).
        #expect(Set(object.keys) == Set(known).subtracting(["socket"]))
        #expect(s.calendar.holidaysByLA[936] != nil)
    }

    @Test func nearestKeyIgnoresCase() {
        #expect(ConfigFile.editDistance("holidays_by_LA", "holidays_by_la") == 0)
        #expect(ConfigFile.editDistance("", "abc") == 3)
        #expect(ConfigFile.editDistance("kitten", "sitting") == 3)
    }
}
