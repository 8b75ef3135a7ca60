#if canImport(Glibc)
    import Glibc
#endif

/// Hands the memory freed by a build's temporary arrays back to the system. glibc keeps
/// freed blocks below its (self-raising) mmap threshold in the heap, so that after the
/// hierarchy's order and contraction some 90 MB of freed scratch (at a million nodes) would
/// stay resident under the customization's costs and count in the process's peak.
/// `malloc_trim` is glibc's own (not in Swift's Glibc module): looked up once, skipped
/// where the C library has none.
func returnFreedMemory() {
    #if canImport(Glibc)
        _ = mallocTrim?(0)
    #endif
}

#if canImport(Glibc)
    private let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
#endif
