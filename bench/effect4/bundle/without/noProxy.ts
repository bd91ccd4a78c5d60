// A stand-in for `@effect-codepipeline/core`'s proxy support, for a size measurement only
// (`./measure.mjs`): no request goes through a proxy, whatever the `proxy` option or the environment say.
import type * as Https from "node:https"
import type * as ProxySupport from "../../../../packages/core/src/internal/proxy.js"

export const proxyFor =
  (_settings: ProxySupport.ProxySettings) =>
  (_url: URL): ProxySupport.Proxy | string | undefined =>
    undefined

export const makeTunnelAgent = (_proxy: ProxySupport.Proxy, _options: Https.AgentOptions): Https.Agent => {
  throw new Error("no proxy support in this stand-in")
}
