/**
 * Endpoint resolution: turns a region, the FIPS and dual-stack switches and an optional custom
 * endpoint into the service URL, with the core's compiled endpoint rule set
 * (`@effect-codepipeline/core/Endpoints`: the model's Smithy rules compiled to plain code by the
 * generator, over the official SDK's AWS partition table), so that no rules engine and no
 * `@aws-sdk` package is loaded at run time. The core's tests hold it to the official engine.
 *
 * Resolution is synchronous and meant to run once per layer, not once per call.
 *
 * @since 0.1.0
 */
// Mirror of src/services/Endpoint.ts: the same public resolve over the core's Endpoints; only Either (3) vs Result
// (4) differs.
import * as Endpoints from "@effect-codepipeline/core/Endpoints"
import * as Either from "effect/Either"
import { EndpointError } from "../errors/common.js"

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

export type { PartitionOutputs } from "@effect-codepipeline/core/Endpoints"

/**
 * Smithy's `aws.partition` function: the partition of `region` and what the rule set reads from it
 * (`name`, `dnsSuffix`, `dualStackDnsSuffix`, `supportsFIPS`, `supportsDualStack`,
 * `implicitGlobalRegion`). The partition that lists the region, else the first whose
 * `regionRegex` matches it, else `aws`, as in the official SDK (same table, same order).
 *
 * @since 0.1.0
 * @category resolution
 */
export const partition: (region: string) => Endpoints.PartitionOutputs = Endpoints.partition

/**
 * Resolves the endpoint URL for `params`. Never throws: a region that is not a valid host label,
 * an endpoint that is not an absolute URL, and every error the rule set states are an
 * {@link EndpointError}.
 *
 * @since 0.1.0
 * @category resolution
 */
export const resolve = (params: EndpointParams): Either.Either<URL, EndpointError> => {
  const result = Endpoints.resolve({
    Region: params.region,
    UseFIPS: params.useFips ?? false,
    UseDualStack: params.useDualStack ?? false,
    Endpoint: params.endpoint,
  })
  return result._tag === "Endpoint" ? Either.right(result.url) : Either.left(new EndpointError({ message: result.message }))
}
