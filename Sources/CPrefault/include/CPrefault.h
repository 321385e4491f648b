#ifndef CPREFAULT_H
#define CPREFAULT_H

/// What the load-time prefault of the executable's zero-initialised data did: the bytes it wrote
/// (0 before it ran), or minus the errno madvise gave (a kernel before 5.14 has no
/// MADV_POPULATE_WRITE: -EINVAL, and the process goes on as before).
long herd_prefault_bss_result(void);

#endif
