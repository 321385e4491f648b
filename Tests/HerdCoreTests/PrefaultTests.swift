import CPrefault
import Glibc
import Testing

/// The load-time prefault of the executable's .bss (Sources/CPrefault) ran in this process, as it
/// does in herd's: it wrote whole pages, or the kernel (before 5.14) declined and nothing changed.
@Test func theExecutablesZeroInitialisedDataIsPrefaultedAtLoad() {
    let result = herd_prefault_bss_result()
    #expect(result != 0, "the constructor did not run")
    if result > 0 {
        #expect(result % Int(sysconf(Int32(_SC_PAGESIZE))) == 0, "\(result) bytes: not whole pages")
    } else {
        #expect(result == -Int(EINVAL), "madvise failed with errno \(-result)")
    }
}
