import Foundation

extension PostgresEventStore {
    /// Where this store's local derived files (the SQLite read model) live on this machine:
    /// `REGISTRY_CACHE`, else `$XDG_CACHE_HOME/placement-registry`, else `~/.cache/placement-registry`,
    /// then the store's identity. The identity is made once per database by `registry init`, so a
    /// database dropped and made again under the same name never meets the old cache.
    /// - Parameter environment: the process environment.
    public func cacheDirectory(environment: [String: String]) -> String {
        cacheDirectory(base: Self.cacheBase(environment: environment))
    }

    /// This store's cache directory under `base` (`base/store-<ID>`).
    public func cacheDirectory(base: String) -> String {
        base + "/store-" + storeID
    }

    /// The directory under which every store's cache lives on this machine (see `cacheDirectory(environment:)`).
    public static func cacheBase(environment: [String: String]) -> String {
        if let cache = environment["REGISTRY_CACHE"], !cache.isEmpty { return cache }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/placement-registry" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/placement-registry" }
        return NSTemporaryDirectory() + "placement-registry"
    }
}
