import Foundation
import PeerlinkCore
import PeerlinkServer
import PeerlinkStore
import Testing

struct CommitThreadTests {
    /// The writer thread loads the directory and hands it over without keeping a copy: one left behind would
    /// share every table with the dispatcher's, and the first write to each would copy it for good.
    @Test func theLoadedDirectoryIsHandedOverWithoutACopyLeftBehind() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("commit-\(UUID().uuidString).db").path
        defer {
            for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        var (thread, directory, _) = try CommitThread.start(path: path, synchronous: .normal, wake: {})
        defer { thread.stopAndWait() }
        #expect(!directory.areas.isEmpty)  // the migrations' taxonomy was loaded
        let alone = directory.ownsItsTablesAlone()
        #expect(alone)
    }
}
