internal import CLibUV

/// A negative libuv status and the call that returned it.
public struct UVError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let call: String

    public var description: String { "\(call): \(String(cString: uv_strerror(code))) (\(String(cString: uv_err_name(code))))" }
}

/// Throws a `UVError` naming `call` when libuv returned a negative status.
@discardableResult
func uvCheck(_ status: Int32, _ call: String) throws(UVError) -> Int32 {
    guard status >= 0 else { throw UVError(code: status, call: call) }
    return status
}

/// Lets the writer thread wake the loop. `uv_async_send` is the one libuv call that is safe from any thread,
/// and the handle lives until the loop has closed, after the writer thread has exited; so sharing the
/// pointer across threads is safe although the compiler cannot prove it.
struct LoopWakeup: @unchecked Sendable {
    let handle: UnsafeMutablePointer<uv_async_t>
    func wake() { uv_async_send(handle) }
}

/// Resolves `host:port` (IPv4 or IPv6 literal, or `localhost`) into a socket address.
func socketAddress(host: String, port: Int) throws(UVError) -> sockaddr_storage {
    var storage = sockaddr_storage()
    let h = host == "localhost" ? "127.0.0.1" : host
    let ok = withUnsafeMutableBytes(of: &storage) { raw -> Bool in
        if uv_ip4_addr(h, Int32(port), raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)) == 0 { return true }
        return uv_ip6_addr(h, Int32(port), raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)) == 0
    }
    guard ok else { throw UVError(code: UV_EINVAL.rawValue, call: "address \(host):\(port)") }
    return storage
}
