/**
 * The oracle of the endpoint tests: the official rules engine (`@smithy/core/endpoints`) with the
 * official `aws.*` functions (`@aws-sdk/util-endpoints`), both devDependencies, and the official
 * partition table read from the package that ships it. Outcomes of both sides are put in one form,
 * so that a test compares everything: URL, properties, headers, error message.
 */
import { awsEndpointFunctions } from "@aws-sdk/util-endpoints"
import { customEndpointFunctions, resolveEndpoint as officialResolveEndpoint } from "@smithy/core/endpoints"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { vi } from "vitest"
import type { EndpointResult } from "../../src/Endpoints.js"

// What an official client does when it loads: the `aws.*` functions in the engine's registry.
customEndpointFunctions["aws"] = awsEndpointFunctions

export type Params = Readonly<Record<string, string | boolean | undefined>>

/** An endpoint, a rule's error message, or a URL that would not parse (the engine throws a TypeError there). */
export type Outcome =
  | { readonly url: string; readonly properties?: unknown; readonly headers?: unknown }
  | { readonly error: string }
  | { readonly invalidUrl: true }

const defined = (params: Params): Record<string, string | boolean> =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string | boolean>

/** The official engine's outcome. Its `console.error` logs (unparsable URLs) are silenced. */
export const official = (ruleSet: unknown, params: Params): Outcome => {
  const silence = vi.spyOn(console, "error").mockImplementation(() => {})
  try {
    // A copy: the engine writes the defaults into the object it is given.
    const endpoint = officialResolveEndpoint(ruleSet as Parameters<typeof officialResolveEndpoint>[0], { endpointParams: defined(params) })
    return {
      url: endpoint.url.href,
      ...(endpoint.properties !== undefined ? { properties: endpoint.properties } : {}),
      ...(endpoint.headers !== undefined ? { headers: endpoint.headers } : {}),
    }
  } catch (error) {
    if (error instanceof Error && error.name === "EndpointError") return { error: error.message }
    if (error instanceof TypeError && (error as { code?: string }).code === "ERR_INVALID_URL") return { invalidUrl: true }
    throw error
  } finally {
    silence.mockRestore()
  }
}

/** The same form for the compiled rule set's result. */
export const outcome = (result: EndpointResult): Outcome => {
  if (result._tag === "Endpoint") {
    return {
      url: result.url.href,
      ...(result.properties !== undefined ? { properties: result.properties } : {}),
      ...(result.headers !== undefined ? { headers: result.headers } : {}),
    }
  }
  return /^Invalid Configuration: the endpoint URL .* is not a valid URL$/.test(result.message)
    ? { invalidUrl: true }
    : { error: result.message }
}

export interface OfficialPartition {
  readonly id: string
  readonly regionRegex: string
  readonly regions: Readonly<Record<string, { readonly description?: string }>>
}

/**
 * The partition table the official `aws.partition` reads: `partitionsInfo` in `@aws-sdk/core`, the
 * copy `@aws-sdk/util-endpoints` uses (an object literal in JSON syntax, read as text).
 */
export const officialPartitions = (): ReadonlyArray<OfficialPartition> => {
  const utilEndpoints = createRequire(import.meta.url).resolve("@aws-sdk/util-endpoints")
  const coreDir = path.dirname(createRequire(utilEndpoints).resolve("@aws-sdk/core/package.json"))
  const text = fs.readFileSync(path.join(coreDir, "dist-es/submodules/client/util-endpoints/lib/aws/partitions.js"), "utf8")
  const match = /^export const partitionsInfo = (\{[\s\S]*\});\s*$/.exec(text)
  if (!match) throw new Error("the official partition table has moved")
  return (JSON.parse(match[1]!) as { partitions: ReadonlyArray<OfficialPartition> }).partitions
}
