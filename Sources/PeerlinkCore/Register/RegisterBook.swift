/// What the register says beyond single schools: predecessor → successor URNs (academy conversions, mergers).
public struct RegisterBook: Sendable {
    public init() {}
}
