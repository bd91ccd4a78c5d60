/**
 * The effect-free rules of both flavors' job workers: how a job's data becomes the handler's view
 * of it, what a success or failure report carries, how long to wait after an empty poll, and what
 * a Lambda invoke event must hold.
 *
 * @since 0.1.0
 */

/** A failure as CodePipeline's `FailureDetails` takes it. */
export interface Failure {
  readonly type: string
  readonly message: string
  readonly externalExecutionId?: string | undefined
}

/** The job data members a worker reads (each flavor passes its own `JobData`). */
interface JobDataLike {
  readonly actionTypeId?: unknown
  readonly actionConfiguration?: { readonly configuration?: { readonly [key: string]: string } | undefined } | undefined
  readonly inputArtifacts?: ReadonlyArray<unknown> | undefined
  readonly outputArtifacts?: ReadonlyArray<unknown> | undefined
  readonly artifactCredentials?: unknown
  readonly encryptionKey?: unknown
  readonly pipelineContext?: unknown
  readonly continuationToken?: string | undefined
}

// Model limit of PutJobFailureResult's message: a longer text would be refused by input validation
// and leave the job to time out.
const MAX_FAILURE_MESSAGE = 5000

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

/**
 * The handler's view of a job: its data's members with empty defaults, and the data as sent.
 *
 * @since 0.1.0
 */
export const jobView = <D extends JobDataLike>(
  id: string,
  data: D,
  extra: { readonly accountId?: string | undefined; readonly clientId?: string | undefined },
) => ({
  id,
  ...extra,
  actionTypeId: data.actionTypeId as D["actionTypeId"],
  configuration: data.actionConfiguration?.configuration ?? {},
  inputArtifacts: (data.inputArtifacts ?? []) as NonNullable<D["inputArtifacts"]>,
  outputArtifacts: (data.outputArtifacts ?? []) as NonNullable<D["outputArtifacts"]>,
  artifactCredentials: data.artifactCredentials as D["artifactCredentials"],
  encryptionKey: data.encryptionKey as D["encryptionKey"],
  pipelineContext: data.pipelineContext as D["pipelineContext"],
  continuationToken: data.continuationToken,
  data,
})

/**
 * The `failureDetails` of a failure report: an empty message replaced by the type, a long one cut
 * to the model's limit.
 *
 * @since 0.1.0
 */
export const failureDetails = <F extends Failure>(failure: F) => ({
  type: failure.type as F["type"],
  message: truncate(failure.message === "" ? failure.type : failure.message, MAX_FAILURE_MESSAGE),
  ...(failure.externalExecutionId !== undefined ? { externalExecutionId: failure.externalExecutionId } : {}),
})

/**
 * The failure reported for a handler that died (`JobFailed`, with the defect's message) or was
 * interrupted by the worker's shutdown (`SystemUnavailable`).
 *
 * @since 0.1.0
 */
export const unexpectedFailure = (interrupted: boolean, defect: unknown): Failure & { readonly type: "JobFailed" | "SystemUnavailable" } =>
  interrupted
    ? { type: "SystemUnavailable", message: "The job worker shut down before the job finished" }
    : {
        type: "JobFailed",
        message: `The job worker's handler failed unexpectedly: ${truncate(defect instanceof Error ? defect.message : String(defect), 500)}`,
      }

/**
 * The members of a success report that the handler set. Third-party jobs take no output variables.
 *
 * @since 0.1.0
 */
export const successFields = <
  R extends {
    readonly outputVariables?: unknown
    readonly executionDetails?: unknown
    readonly currentRevision?: unknown
    readonly continuationToken?: string | undefined
  },
>(
  result: R,
  thirdParty: boolean,
) => ({
  ...(!thirdParty && result.outputVariables !== undefined
    ? { outputVariables: result.outputVariables as NonNullable<R["outputVariables"]> }
    : {}),
  ...(result.executionDetails !== undefined ? { executionDetails: result.executionDetails as NonNullable<R["executionDetails"]> } : {}),
  ...(result.currentRevision !== undefined ? { currentRevision: result.currentRevision as NonNullable<R["currentRevision"]> } : {}),
  ...(result.continuationToken !== undefined ? { continuationToken: result.continuationToken } : {}),
})

/**
 * The metrics' `action` attribute: `Owner/Category/Provider/Version`.
 *
 * @since 0.1.0
 */
export const actionName = (id: {
  readonly owner: string
  readonly category: string
  readonly provider: string
  readonly version: string
}) => `${id.owner}/${id.category}/${id.provider}/${id.version}`

/**
 * The longest wait after the `idle`-th empty poll in a row: `base` doubling up to `cap`
 * (milliseconds; the worker waits a random 50–100% of it).
 *
 * @since 0.1.0
 */
export const backoffCeiling = (base: number, cap: number, idle: number) => Math.min(cap, base * 2 ** Math.min(idle, 20))

/**
 * The job in a Lambda invoke event, or the message rejecting an event that is not one.
 *
 * @since 0.1.0
 */
export const lambdaJob = (
  event: unknown,
): { readonly id: string; readonly accountId: string | undefined; readonly data: unknown } | { readonly invalid: string } => {
  const payload = (event as { readonly "CodePipeline.job"?: { id?: unknown; accountId?: unknown; data?: unknown } } | null | undefined)?.[
    "CodePipeline.job"
  ]
  if (payload === undefined || payload === null || typeof payload.id !== "string") {
    return { invalid: 'not a CodePipeline job event: event["CodePipeline.job"].id is missing' }
  }
  return { id: payload.id, accountId: typeof payload.accountId === "string" ? payload.accountId : undefined, data: payload.data ?? {} }
}
