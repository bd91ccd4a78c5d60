/**
 * The values of the model's enums the simulator checks: the codec lets a value it does not know
 * through (the model's enums are open, for forward compatibility), and the service refuses it with a
 * validation error naming the set. Each list is the model's, in its order.
 */
import type * as T from "../generated/types.js"

export const PIPELINE_TYPES = ["V1", "V2"] as const satisfies ReadonlyArray<T.PipelineType>
export const EXECUTION_MODES = ["QUEUED", "SUPERSEDED", "PARALLEL"] as const satisfies ReadonlyArray<T.ExecutionMode>
export const ARTIFACT_STORE_TYPES = ["S3"] as const satisfies ReadonlyArray<T.ArtifactStoreType>
export const ENCRYPTION_KEY_TYPES = ["KMS"] as const satisfies ReadonlyArray<T.EncryptionKeyType>
export const ACTION_CATEGORIES = [
  "Source",
  "Build",
  "Deploy",
  "Test",
  "Invoke",
  "Approval",
  "Compute",
] as const satisfies ReadonlyArray<T.ActionCategory>
export const ACTION_OWNERS = ["AWS", "ThirdParty", "Custom"] as const satisfies ReadonlyArray<T.ActionOwner>
export const TRIGGER_PROVIDERS = ["CodeStarSourceConnection"] as const satisfies ReadonlyArray<T.PipelineTriggerProviderType>
export const RETRY_MODES = ["FAILED_ACTIONS", "ALL_ACTIONS"] as const satisfies ReadonlyArray<T.StageRetryMode>
