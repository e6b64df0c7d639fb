import Foundation

extension PostgresEventStore {
    /// Where this store's local derived files (the SQLite read model) live on this machine:
    /// `REGISTRY_CACHE`, else `$XDG_CACHE_HOME/placement-registry`, else `~/.cache/placement-registry`,
    /// then the store's identity. The identity is made once per database by `registry init`, so a
    /// database dropped and made again under the same name never meets the old cache.
    /// - Parameter environment: the process environment.
    public func cacheDirectory(environment: [String: String]) -> String {
        let base: String
        if let cache = environment["REGISTRY_CACHE"], !cache.isEmpty {
            base = cache
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            base = xdg + "/placement-registry"
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.cache/placement-registry"
        } else {
            base = NSTemporaryDirectory() + "placement-registry"
        }
        return base + "/store-" + storeID
    }
}
