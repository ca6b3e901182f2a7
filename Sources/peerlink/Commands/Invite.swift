import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension PeerlinkCLI {
    struct InviteCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invite",
            abstract: "Invite a person to sign in to the web front end (admin); the email goes out through the outbox.",
            subcommands: [Create.self, List.self, Revoke.self], defaultSubcommand: Create.self)
    }
}

extension PeerlinkCLI.InviteCommand {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Invite one person by id or work email; prints the sign-in link once.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The person's id.") var person: Int64?
        @Option(help: "The person's work email (instead of --person).") var email: String?
        @Option(help: "The role they sign in as: admin, adviser, head or supporter.") var role: String
        @Option(help: "Days the link stays valid (1–\(Invitation.maxValidDays), default 7).") var days: Int?
        @Option(help: "The web front end's public address, for the printed link (default $PEERLINK_WEB_URL).")
        var webURL: String?

        func validate() throws {
            guard (person == nil) != (email == nil) else { throw ValidationError("give --person ID or --email ADDRESS (one of them).") }
            try OptionCheck.range("--days", days, 1...Invitation.maxValidDays, "days")
        }

        func run() throws {
            var r = Peerlink_V1_InvitationCreate()
            if let person { r.personID = person }
            r.email = email ?? ""
            r.role = role
            if let days { r.validDays = UInt32(days) }
            let base = webURL ?? ProcessInfo.processInfo.environment["PEERLINK_WEB_URL"] ?? "http://127.0.0.1:8080"
            try Self.reportingFailures {
                let c = try connection.call { try $0.invitationCreate(r) }
                let link = base.hasSuffix("/") ? "\(base)invite/\(c.code)" : "\(base)/invite/\(c.code)"
                if connection.json {
                    var obj = Output.jsonObject(c.invitation) as? [String: Any] ?? [:]
                    obj["link"] = link
                    Output.printJSON(obj)
                } else {
                    print(link)
                    FileHandle.standardError.write(
                        Data(
                            ("invitation \(c.invitation.id) for \(c.invitation.personName) <\(c.invitation.email)> as "
                                + "\(c.invitation.role), valid until \(Output.time(c.invitation.expiresAt)); the email is in "
                                + "the outbox (peerlink-web sends it); the link above is shown only once\n").utf8))
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List invitations (never their codes).")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                let list = try connection.call { try $0.invitationList() }
                if connection.json {
                    Output.printJSON(list.invitations.map { Output.jsonObject($0) })
                    return
                }
                Output.table(
                    ["id", "person", "name", "email", "role", "status", "expires"],
                    list.invitations.map { i in
                        ["\(i.id)", "\(i.personID)", i.personName, i.email, i.role, i.status, Output.time(i.expiresAt)]
                    })
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw an invitation that has not been used.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The invitation's id.") var id: Int64

        func run() throws {
            var r = Peerlink_V1_InvitationRevoke()
            r.id = id
            try Self.reportingFailures {
                let i = try connection.call { try $0.invitationRevoke(r) }
                print("invitation \(i.id) is \(i.status)")
            }
        }
    }
}
