/**
 * What the compiled endpoint rule set (`../generated/endpoints.ts`) calls: the functions of the
 * Smithy rules language it uses, `aws.partition` over the generated partition table, and the
 * results it answers with.
 *
 * Each function answers what the official engine's does (`@smithy/core/endpoints`, and
 * `@aws-sdk/util-endpoints` for `aws.partition`), which the tests check, except that none throws
 * or logs: where the engine logs and returns `null`, these return `undefined`.
 */
import { type PartitionOutputs, partitions } from "../generated/partitions.js"
import { describeValue } from "./codec.js"

/**
 * A value of an endpoint's `properties` (for example `authSchemes`).
 *
 * @since 0.1.0
 */
export type EndpointPropertyValue =
  | string
  | boolean
  | ReadonlyArray<EndpointPropertyValue>
  | { readonly [key: string]: EndpointPropertyValue }

/**
 * A resolved endpoint: the URL to send requests to, and what the rule adds (signing properties,
 * headers), as the official engine's `EndpointV2`.
 *
 * @since 0.1.0
 */
export interface Endpoint {
  readonly _tag: "Endpoint"
  readonly url: URL
  readonly properties?: Readonly<Record<string, EndpointPropertyValue>>
  readonly headers?: Readonly<Record<string, ReadonlyArray<string>>>
}

/**
 * No endpoint: the rule set's error for these parameters (its message verbatim), or a URL that
 * does not parse.
 *
 * @since 0.1.0
 */
export interface EndpointFailure {
  readonly _tag: "Failure"
  readonly message: string
}

/** @since 0.1.0 */
export type EndpointResult = Endpoint | EndpointFailure

export const failure = (message: string): EndpointFailure => ({ _tag: "Failure", message })

/** An endpoint rule's result; the engine throws where the URL does not parse. */
export const endpoint = (url: string, parts: Pick<Endpoint, "properties" | "headers"> = {}): EndpointResult => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return failure(`Invalid Configuration: the endpoint URL ${describeValue(url, false)} is not a valid URL`)
  }
  return { _tag: "Endpoint", url: parsed, ...parts }
}

/**
 * Smithy's `aws.partition`: the partition that lists the region, else the first whose
 * `regionRegex` matches it, else `aws`, as in the official SDK (same table, same order). A copy:
 * the caller may change it.
 *
 * @since 0.1.0
 */
export const partition = (region: string): PartitionOutputs => {
  for (const p of partitions) {
    if (p.regions.includes(region)) return { ...p.outputs, ...p.overrides?.[region] }
  }
  for (const p of partitions) {
    if (p.regionRegex.test(region)) return { ...p.outputs }
  }
  // The generator checks that the table has an `aws` partition.
  return { ...partitions.find((p) => p.id === "aws")!.outputs }
}

const HOST_LABEL = /^(?!.*-$)(?!-)[a-zA-Z0-9-]{1,63}$/

/**
 * Smithy's `isValidHostLabel`: an RFC 1123 host label (1 to 63 letters, digits and hyphens, no
 * hyphen first or last), or with `allowSubDomains`, dot-separated labels.
 *
 * @since 0.1.0
 */
export const isValidHostLabel = (value: string, allowSubDomains = false): boolean =>
  allowSubDomains ? value.split(".").every((label) => HOST_LABEL.test(label)) : HOST_LABEL.test(value)

/** What `parseURL` answers. */
export interface UrlParts {
  readonly scheme: string
  readonly authority: string
  readonly path: string
  readonly normalizedPath: string
  readonly isIp: boolean
}

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)){3}$/
const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443 }

/**
 * Smithy's `parseURL`: an http(s) URL without a query, in parts; `undefined` for anything else.
 * The authority keeps a default port only when the input spells it out, as the engine's does.
 */
export const parseURL = (value: string): UrlParts | undefined => {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  if (url.search) return undefined
  const scheme = url.protocol.slice(0, -1)
  const port = DEFAULT_PORTS[scheme]
  if (port === undefined) return undefined
  const explicitPort = `${url.host}:${port}`
  const keepsPort = url.href.includes(explicitPort) || value.includes(explicitPort)
  return {
    scheme,
    authority: keepsPort ? explicitPort : url.host,
    path: url.pathname,
    normalizedPath: url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`,
    isIp: IPV4.test(url.hostname) || (url.hostname.startsWith("[") && url.hostname.endsWith("]")),
  }
}

/**
 * Smithy's `substring`: characters `start` to `stop` of an ASCII string (counted from the end with
 * `reverse`); `undefined` when the range does not fit or the string is not ASCII.
 */
export const substring = (input: string, start: number, stop: number, reverse: boolean): string | undefined => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class is "any ASCII character", control characters included
  if (start >= stop || input.length < stop || /[^\u0000-\u007f]/.test(input)) return undefined
  return reverse ? input.substring(input.length - stop, input.length - start) : input.substring(start, stop)
}

/**
 * Smithy's `uriEncode`: RFC 3986 percent-encoding (`encodeURIComponent` plus `!*'()`). A lone
 * surrogate, on which `encodeURIComponent` (and so the engine) throws, is encoded as U+FFFD.
 */
export const uriEncode = (value: string): string =>
  encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")).replace(
    /[!*'()]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
