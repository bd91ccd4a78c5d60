/**
 * Endpoint resolution: the service URL for a region, the FIPS and dual-stack switches, or a custom
 * endpoint. The model's Smithy endpoint rule set is compiled by the generator into plain code
 * (`generated/endpoints.ts`), over the official SDK's AWS partition table (`generated/partitions.ts`),
 * so no rules engine runs; the tests hold it to the official engine's answers.
 *
 * ```ts
 * import * as Endpoints from "@effect-codepipeline/core/Endpoints"
 *
 * const result = Endpoints.resolve({ Region: "eu-west-1", UseFIPS: false })
 * if (result._tag === "Endpoint") console.log(result.url.href) // https://codepipeline.eu-west-1.amazonaws.com/
 * ```
 *
 * @since 0.1.0
 */
import { type EndpointParams, resolveEndpoint } from "./generated/endpoints.js"
import { describeValue } from "./internal/codec.js"
import { type EndpointResult, failure, isValidHostLabel } from "./internal/endpoints.js"

export { type EndpointParams, resolveEndpoint } from "./generated/endpoints.js"
export type { PartitionOutputs } from "./generated/partitions.js"
export {
  type Endpoint,
  type EndpointFailure,
  type EndpointPropertyValue,
  type EndpointResult,
  isValidHostLabel,
  partition,
} from "./internal/endpoints.js"

/**
 * {@link resolveEndpoint} for values a caller hands in: the region must be a valid host label and
 * the custom endpoint an absolute URL, so that a malformed value gets a clear failure rather than
 * an odd URL (`"eu-west-1/x"` would make the host `codepipeline.eu-west-1`). Never throws.
 *
 * @since 0.1.0
 */
export const resolve = (params: EndpointParams): EndpointResult => {
  if (params.Region !== undefined && !isValidHostLabel(params.Region)) {
    return failure(`Invalid Configuration: region ${describeValue(params.Region, false)} is not a valid hostname component`)
  }
  if (params.Endpoint !== undefined && !URL.canParse(params.Endpoint)) {
    return failure(`Invalid Configuration: endpoint ${describeValue(params.Endpoint, false)} is not a valid URL`)
  }
  return resolveEndpoint(params)
}
