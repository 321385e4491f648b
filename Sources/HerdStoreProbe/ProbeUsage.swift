/// Wrong arguments: the probe prints its usage and exits 2.
struct ProbeUsage: Error {}
