/**
 * Endpoint resolution: turns a region, the FIPS and dual-stack switches and an optional custom
 * endpoint into the service URL, by evaluating the service's Smithy endpoint rule set
 * (`internal/endpointRuleSet.ts`, generated from the model) with the engine the official AWS SDK
 * uses (`@smithy/core/endpoints`).
 *
 * The one AWS function the rule set calls, `aws.partition`, runs over the official SDK's partition
 * table as `npm run codegen` copies it (`internal/partitions.ts`), instead of importing
 * `@aws-sdk/util-endpoints` at run time (CommonJS under bundlers' Node defaults, and it brings
 * `@aws-sdk/core` with it: about 25 KB gzip of a bundle). The tests check it against the official
 * SDK's on every known region.
 *
 * Resolution is synchronous and meant to run once per layer, not once per call.
 *
 * @since 0.1.0
 */
import {
  customEndpointFunctions,
  isValidHostLabel,
  resolveEndpoint,
  type EndpointParams as RuleSetParams,
} from "@smithy/core/endpoints"
import type { RuleSetObject } from "@smithy/types"
import * as Either from "effect/Either"
import { EndpointError } from "../errors/common.js"
import { partitions, type PartitionOutputs } from "./internal/partitions.js"

/**
 * What endpoint resolution depends on. `useFips` and `useDualStack` default to `false`.
 *
 * @since 0.1.0
 * @category models
 */
export interface EndpointParams {
  /** The AWS region, for example `us-east-1`. Required unless `endpoint` is set. */
  readonly region?: string
  /** Use the FIPS-compliant endpoint. Not allowed together with `endpoint`. */
  readonly useFips?: boolean
  /** Use the dual-stack (IPv4 and IPv6) endpoint. Not allowed together with `endpoint`. */
  readonly useDualStack?: boolean
  /** A custom endpoint URL (for example a local emulator), used as is. */
  readonly endpoint?: string
}

export { EndpointError }

export type { PartitionOutputs }

/**
 * Smithy's `aws.partition` function: the partition of `region` and what the rule set reads from it
 * (`name`, `dnsSuffix`, `dualStackDnsSuffix`, `supportsFIPS`, `supportsDualStack`,
 * `implicitGlobalRegion`). The partition that lists the region, else the first whose
 * `regionRegex` matches it, else `aws`, as in the official SDK (same table, same order).
 *
 * @since 0.1.0
 * @category resolution
 */
export const partition = (region: string): PartitionOutputs => {
  for (const p of partitions) {
    if (p.regions.includes(region)) return { ...p.outputs, ...p.overrides?.[region] }
  }
  for (const p of partitions) {
    if (new RegExp(p.regionRegex).test(region)) return { ...p.outputs }
  }
  // The generator checks that the table has an `aws` partition.
  return { ...partitions.find((p) => p.id === "aws")!.outputs }
}

/**
 * Makes `aws.partition` available to the Smithy rules engine, in its shared function registry, as
 * the official SDK does. Done on first use rather than at import, so importing this module has no
 * side effect. An `aws.partition` already there (the official SDK's, loaded in the same process)
 * is left in place: it reads the same table, and the official SDK's `aws` namespace carries more
 * functions its other clients need.
 */
const registerPartition = (): void => {
  const aws = customEndpointFunctions["aws"]
  if (aws === undefined) customEndpointFunctions["aws"] = { partition }
  else if (typeof aws["partition"] !== "function") aws["partition"] = partition
}

const toRuleSetParams = (params: EndpointParams): RuleSetParams => {
  const out: RuleSetParams = {
    UseFIPS: params.useFips ?? false,
    UseDualStack: params.useDualStack ?? false,
  }
  if (params.region !== undefined) out["Region"] = params.region
  if (params.endpoint !== undefined) out["Endpoint"] = params.endpoint
  return out
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/**
 * Resolves the endpoint URL for `params` by evaluating `ruleSet`. Never throws: every failure,
 * including one thrown by the rules engine, is an {@link EndpointError}.
 *
 * The region and custom endpoint are checked up front (a region must be a valid host label, an
 * endpoint an absolute URL) so that a malformed value yields a clear error rather than a failed
 * URL construction inside the rules.
 *
 * @since 0.1.0
 * @category resolution
 */
export const resolve = (
  ruleSet: RuleSetObject,
  params: EndpointParams,
): Either.Either<URL, EndpointError> => {
  if (params.region !== undefined && !isValidHostLabel(params.region)) {
    return Either.left(
      new EndpointError({
        message: `Invalid Configuration: region "${params.region}" is not a valid hostname component`,
      }),
    )
  }
  if (params.endpoint !== undefined && !URL.canParse(params.endpoint)) {
    return Either.left(
      new EndpointError({
        message: `Invalid Configuration: endpoint "${params.endpoint}" is not a valid URL`,
      }),
    )
  }
  try {
    registerPartition()
    const { url } = resolveEndpoint(ruleSet, { endpointParams: toRuleSetParams(params) })
    return Either.right(url)
  } catch (error) {
    return Either.left(new EndpointError({ message: messageOf(error) }))
  }
}
