/**
 * Endpoint resolution: turns a region, the FIPS and dual-stack switches and an optional custom
 * endpoint into the service URL, by evaluating the service's Smithy endpoint rule set with the
 * same engine the official AWS SDK uses (`@smithy/util-endpoints` plus the `aws.*` functions from
 * `@aws-sdk/util-endpoints`).
 *
 * Resolution is synchronous and meant to run once per layer, not once per call.
 *
 * @since 0.1.0
 */
import { awsEndpointFunctions } from "@aws-sdk/util-endpoints"
import {
  customEndpointFunctions,
  isValidHostLabel,
  resolveEndpoint,
  type EndpointParams as RuleSetParams,
  type RuleSetObject,
} from "@smithy/util-endpoints"
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

/**
 * Registers the `aws.*` rule-set functions (`aws.partition`, `aws.parseArn`, ...) in the shared
 * Smithy function registry, as the official SDK does. Done on first use rather than at import, so
 * importing this module has no side effect; re-checked on every resolution because the registry is
 * global and another copy of the SDK may have replaced the entry.
 */
const registerAwsFunctions = (): void => {
  if (customEndpointFunctions["aws"] !== awsEndpointFunctions) {
    customEndpointFunctions["aws"] = awsEndpointFunctions
  }
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
 * including one thrown by the rule engine, is an {@link EndpointError}.
 *
 * The region and custom endpoint are checked up front (a region must be a valid host label, an
 * endpoint an absolute URL) so that a malformed value yields a clear error rather than a failed
 * URL construction inside the engine.
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
    registerAwsFunctions()
    const { url } = resolveEndpoint(ruleSet, { endpointParams: toRuleSetParams(params) })
    return Either.right(url)
  } catch (error) {
    return Either.left(new EndpointError({ message: messageOf(error) }))
  }
}
