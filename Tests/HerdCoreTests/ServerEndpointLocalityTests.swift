import HerdCore
import Testing

/// A server is on this machine by its loopback address, whatever the URL's form.
@Test(arguments: [
    ("http://127.0.0.1:8080", true), ("127.0.0.1:11434", true), ("http://localhost:1234/v1", true),
    ("http://LOCALHOST", true), ("http://127.1.2.3:9", true), ("http://[::1]:8080", true),
    ("http://user@127.0.0.1:8080", true),
    ("http://192.168.1.5:8080", false), ("https://api.example.com/v1", false), ("http://10.0.0.127:80", false),
    ("http://[::2]:8080", false), ("http://localhost.example.com", false), ("http://127.example.com", false), ("http://127.0.0.300", false),
])
func serverLocality(url: String, local: Bool) {
    #expect(ServerEndpoint(baseURL: url).isOnThisMachine == local, "\(url)")
}
