import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkWire

extension PeerlinkCLI {
    struct TokenCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Create, list and revoke access tokens for TCP clients (admin).",
            subcommands: [Create.self, List.self, Revoke.self])
    }
}

extension PeerlinkCLI.TokenCommand {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; its secret is printed once and never stored.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "admin, adviser, head or supporter.") var role: String
        @Option(help: "Person id the token acts for (required for head and supporter).") var person: Int64?
        @Option(help: "Expiry date YYYY-MM-DD (the token stops working at the start of that day, UTC).") var expires: String?
        @Option(help: "A note saying who or what the token is for.") var label: String = ""

        func run() throws {
            var r = Peerlink_V1_TokenCreate()
            r.role = role
            if let person { r.personID = person }
            r.label = label
            if let expires {
                let f = DateFormatter()
                f.dateFormat = "yyyy-MM-dd"
                f.timeZone = TimeZone(identifier: "UTC")
                guard let d = f.date(from: expires) else { throw ValidationError("--expires must be YYYY-MM-DD, got '\(expires)'.") }
                r.expiresAt = Int64(d.timeIntervalSince1970)
            }
            try Self.reportingFailures {
                let t = try connection.call { try $0.tokenCreate(r) }
                if connection.json {
                    var obj = Output.jsonObject(t.token) as? [String: Any] ?? [:]
                    obj["secret"] = t.secret
                    Output.printJSON(obj)
                } else {
                    print(t.secret)
                    FileHandle.standardError.write(Data("token \(t.token.id) (\(t.token.role)) created; the secret above is shown only once\n".utf8))
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                let list = try connection.call { try $0.tokenList() }
                if connection.json {
                    Output.printJSON(list.tokens.map { Output.jsonObject($0) })
                    return
                }
                Output.table(
                    ["id", "role", "person", "label", "created", "expires", "revoked"],
                    list.tokens.map { t in
                        [
                            "\(t.id)", t.role, t.hasPersonID ? "\(t.personID)" : "", t.label, Output.time(t.createdAt),
                            t.hasExpiresAt ? Output.time(t.expiresAt) : "", t.hasRevokedAt ? Output.time(t.revokedAt) : "",
                        ]
                    })
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token at once.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Token id.") var id: Int64

        func run() throws {
            var r = Peerlink_V1_TokenRevoke()
            r.id = id
            try Self.reportingFailures {
                let t = try connection.call { try $0.tokenRevoke(r) }
                if connection.json { Output.printJSON(t) } else { print("revoked token \(t.id)") }
            }
        }
    }
}
