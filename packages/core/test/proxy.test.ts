/**
 * Which proxy a request goes through (the Node transport's `internal/proxy.ts`): the `proxy` option,
 * else `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` (lower case first), except for hosts `NO_PROXY`
 * exempts, as curl reads them. The transport through a proxy is tested end to end in the root
 * package's `test/hardening.client.proxy.test.ts`.
 */
import { describe, expect, it } from "vitest"
import { noProxyMatcher, parseProxy, proxyFor } from "../src/internal/proxy.js"

describe("NO_PROXY as curl reads it", () => {
  const matches = (noProxy: string, host: string, port = 443) => noProxyMatcher(noProxy)(host, port)

  it("a name matches itself and its subdomains, with or without a leading dot or *., in any case", () => {
    for (const entry of ["example.com", ".example.com", "*.example.com", "EXAMPLE.com"]) {
      expect(matches(entry, "example.com"), entry).toBe(true)
      expect(matches(entry, "api.example.com"), entry).toBe(true)
      expect(matches(entry, "notexample.com"), entry).toBe(false)
    }
    expect(matches("example.com", "example.com.")).toBe(true)
  })

  it("* alone matches everything; * inside a list entry is not a wildcard", () => {
    expect(matches("*", "anything.amazonaws.com")).toBe(true)
    expect(matches("foo, *", "anything")).toBe(true)
    expect(matches("a*b", "ab")).toBe(false)
  })

  it("an entry with a port matches that port only", () => {
    expect(matches("example.com:8443", "example.com", 8443)).toBe(true)
    expect(matches("example.com:8443", "example.com", 443)).toBe(false)
    expect(matches("[::1]:8443", "[::1]", 8443)).toBe(true)
    expect(matches("[::1]:8443", "::1", 443)).toBe(false)
  })

  it("IP addresses and CIDR blocks, IPv4 and IPv6", () => {
    expect(matches("10.1.2.3", "10.1.2.3")).toBe(true)
    expect(matches("10.0.0.0/8", "10.1.2.3")).toBe(true)
    expect(matches("10.0.0.0/8", "11.1.2.3")).toBe(false)
    expect(matches("::1", "[::1]")).toBe(true)
    expect(matches("0:0:0:0:0:0:0:1", "::1")).toBe(true)
    expect(matches("fd00::/8", "fd12:3456::1")).toBe(true)
    // An address is not a domain: 1.2.3.4 does not match x.1.2.3.4.
    expect(matches("2.3.4", "1.2.3.4")).toBe(false)
  })

  it("an empty or blank NO_PROXY matches nothing", () => {
    expect(matches("", "example.com")).toBe(false)
    expect(matches(" , ", "example.com")).toBe(false)
  })
})

describe("which proxy a URL goes through", () => {
  const resolve = (env: Record<string, string>, url: string, proxy?: string | false) => {
    const out = proxyFor({ env, proxy })(new URL(url))
    return typeof out === "object" ? out.display : out
  }

  it("https endpoints read https_proxy, HTTPS_PROXY, then ALL_PROXY; http endpoints http_proxy, HTTP_PROXY, then ALL_PROXY", () => {
    expect(resolve({ HTTPS_PROXY: "p1:3128", HTTP_PROXY: "p2:3128" }, "https://codepipeline.us-east-1.amazonaws.com")).toBe("p1:3128")
    expect(resolve({ HTTPS_PROXY: "p1:3128", HTTP_PROXY: "p2:3128" }, "http://127.0.0.1:4599")).toBe("p2:3128")
    expect(resolve({ ALL_PROXY: "p3:3128" }, "https://x.example")).toBe("p3:3128")
    expect(resolve({ HTTPS_PROXY: "" }, "https://x.example")).toBeUndefined()
  })

  it("a proxy URL without a port uses its scheme's, and without a scheme is http", () => {
    expect(parseProxy("proxy.corp", "HTTPS_PROXY")).toMatchObject({ secure: false, hostname: "proxy.corp", port: 80 })
    expect(parseProxy("https://proxy.corp", "HTTPS_PROXY")).toMatchObject({ secure: true, port: 443 })
    expect(parseProxy("http://[::1]:3128", "HTTPS_PROXY")).toMatchObject({ hostname: "::1", port: 3128, display: "[::1]:3128" })
  })

  it("NO_PROXY applies to the proxy option as well", () => {
    expect(resolve({ NO_PROXY: "amazonaws.com" }, "https://codepipeline.us-east-1.amazonaws.com", "http://p:1")).toBeUndefined()
    expect(resolve({}, "https://codepipeline.us-east-1.amazonaws.com", false)).toBeUndefined()
  })
})
