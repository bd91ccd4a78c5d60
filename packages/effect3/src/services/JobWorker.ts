/**
 * Job workers for custom actions, third-party actions and Lambda-invoked actions: the loop every
 * integrator otherwise writes by hand.
 *
 * ```ts
 * const worker = JobWorker.layer({
 *   actionTypeId: { category: "Build", owner: "Custom", provider: "MyBuilder", version: "1" },
 *   concurrency: 4,
 *   handler: (job) =>
 *     build(job.configuration).pipe(
 *       Effect.map((url) => ({ executionDetails: { externalExecutionId: url, summary: "built" } })),
 *       Effect.mapError((e) => JobWorker.JobFailure.jobFailed(e.message)),
 *     ),
 * })
 * ```
 *
 * The worker polls (`PollForJobs`), claims each job with its nonce (`AcknowledgeJob`), runs the
 * handler and reports the outcome (`PutJobSuccessResult`, `PutJobFailureResult`). A handler that
 * returns a `continuationToken` is called again later with it. A handler that dies or is
 * interrupted still reports a failure; the worker keeps running. It never runs more than
 * `concurrency` jobs, backs off while polls come back empty or the service throttles, and on
 * shutdown stops polling, gives in-flight jobs a grace period, then reports the rest as failed so
 * CodePipeline does not wait for them to time out.
 *
 * @since 0.1.0
 */
// Mirror of src/services/JobWorker.ts: the same public job worker types over each Effect's Duration, Effect and schema types.
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Data from "effect/Data"
import type {
  AWSSessionCredentials,
  ActionTypeId,
  Artifact,
  CurrentRevision,
  EncryptionKey,
  ExecutionDetails,
  FailureType,
  JobData,
  PipelineContext,
} from "../schema/Schemas.js"

/**
 * A job as the handler sees it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Job {
  readonly id: string
  /** The AWS account of the pipeline (custom actions). */
  readonly accountId?: string | undefined
  /** The client id of a third-party job. */
  readonly clientId?: string | undefined
  readonly actionTypeId?: ActionTypeId | undefined
  /** The action's configuration properties. */
  readonly configuration: { readonly [key: string]: string }
  readonly inputArtifacts: ReadonlyArray<Artifact>
  readonly outputArtifacts: ReadonlyArray<Artifact>
  /** Temporary credentials for the artifact bucket; every member is `Redacted`. */
  readonly artifactCredentials?: AWSSessionCredentials | undefined
  readonly encryptionKey?: EncryptionKey | undefined
  readonly pipelineContext?: PipelineContext | undefined
  /** Set when the handler asked to be called again (see {@link JobResult.continuationToken}). */
  readonly continuationToken?: string | undefined
  /** Everything CodePipeline sent, as it sent it. */
  readonly data: JobData
}

/**
 * What a successful handler reports.
 *
 * @since 0.1.0
 * @category models
 */
export interface JobResult {
  /** Output variables of the action (custom and Lambda actions; ignored for third-party jobs). */
  readonly outputVariables?: { readonly [key: string]: string } | undefined
  readonly executionDetails?: ExecutionDetails | undefined
  readonly currentRevision?: CurrentRevision | undefined
  /**
   * Work is still going on: CodePipeline keeps the action running and hands the job back later
   * with this token in `job.continuationToken`.
   */
  readonly continuationToken?: string | undefined
}

/**
 * A job failure, reported with `PutJobFailureResult`. `type` is CodePipeline's failure type; the
 * static constructors (`JobFailure.jobFailed(message)`, ...) name each type.
 *
 * @since 0.1.0
 * @category errors
 */
export class JobFailure extends Data.TaggedError("JobFailure")<{
  readonly type: FailureType
  readonly message: string
  readonly externalExecutionId?: string | undefined
}> {
  /** The job failed. */
  static jobFailed(message: string, externalExecutionId?: string): JobFailure {
    return new JobFailure({ type: "JobFailed", message, externalExecutionId })
  }
  /** The action is misconfigured. */
  static configurationError(message: string, externalExecutionId?: string): JobFailure {
    return new JobFailure({ type: "ConfigurationError", message, externalExecutionId })
  }
  /** The worker lacks a permission it needs. */
  static permissionError(message: string, externalExecutionId?: string): JobFailure {
    return new JobFailure({ type: "PermissionError", message, externalExecutionId })
  }
  /** The source revision moved on while the job ran. */
  static revisionOutOfSync(message: string, externalExecutionId?: string): JobFailure {
    return new JobFailure({ type: "RevisionOutOfSync", message, externalExecutionId })
  }
  /** The source revision cannot be had. */
  static revisionUnavailable(message: string, externalExecutionId?: string): JobFailure {
    return new JobFailure({ type: "RevisionUnavailable", message, externalExecutionId })
  }
  /** A system the job depends on is unavailable. */
  static systemUnavailable(message: string, externalExecutionId?: string): JobFailure {
    return new JobFailure({ type: "SystemUnavailable", message, externalExecutionId })
  }
}

/**
 * A job handler.
 *
 * @since 0.1.0
 * @category models
 */
export type Handler<R> = (job: Job) => Effect.Effect<JobResult | void, JobFailure, R>

/**
 * Options shared by the custom and third-party workers.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommonOptions<R> {
  readonly actionTypeId: ActionTypeId
  readonly handler: Handler<R>
  /** Jobs run at once (default 1). */
  readonly concurrency?: number | undefined
  /** Wait after an empty poll; doubles while polls stay empty (default 1 second). */
  readonly pollInterval?: Duration.DurationInput | undefined
  /** Longest wait between polls (default 30 seconds). */
  readonly maxPollInterval?: Duration.DurationInput | undefined
  /** How long in-flight jobs may finish after shutdown starts (default 30 seconds). */
  readonly shutdownGracePeriod?: Duration.DurationInput | undefined
}

/**
 * Options of a custom-action worker.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<R> extends CommonOptions<R> {
  /** Poll only jobs whose queryable configuration property matches (`PollForJobs` `queryParam`). */
  readonly queryParam?: { readonly [key: string]: string } | undefined
}

/**
 * Options of a third-party worker.
 *
 * @since 0.1.0
 * @category models
 */
export interface ThirdPartyOptions<R, E = never> extends CommonOptions<R> {
  /**
   * The client token of a job's client id: the secret the partner received when the customer
   * connected the action. A job whose token cannot be found is skipped.
   */
  readonly clientToken: (clientId: string) => Effect.Effect<string, E, R>
}

export {
  /**
   * Runs a custom-action worker until interrupted (then shuts down gracefully). Fails only when
   * polling fails with an error that retrying cannot fix (an unknown action type, invalid input).
   *
   * @since 0.1.0
   * @category running
   */
  run,
  /**
   * A custom-action worker as a scoped layer: it starts with the layer and shuts down gracefully
   * when the layer's scope closes.
   *
   * @since 0.1.0
   * @category layers
   */
  layer,
  /**
   * Runs a third-party action worker (`PollForThirdPartyJobs`, `GetThirdPartyJobDetails`,
   * `AcknowledgeThirdPartyJob`, the third-party result calls) until interrupted.
   *
   * @since 0.1.0
   * @category running
   */
  runThirdParty,
  /**
   * A third-party action worker as a scoped layer.
   *
   * @since 0.1.0
   * @category layers
   */
  layerThirdParty,
  /**
   * Turns a handler into an AWS Lambda handler for CodePipeline's invoke event
   * (`event["CodePipeline.job"]`): it runs the handler and reports the result with
   * `PutJobSuccessResult`/`PutJobFailureResult`. Reporting failures reject the promise, so Lambda
   * retries the invocation.
   *
   * @since 0.1.0
   * @category lambda
   */
  lambdaHandler,
  /**
   * The CodePipeline invoke event of a Lambda action.
   *
   * @since 0.1.0
   * @category lambda
   */
  type LambdaEvent,
  /**
   * Metrics the workers update: jobs polled, succeeded, failed, and in flight.
   *
   * @since 0.1.0
   * @category metrics
   */
  metrics,
} from "./internal/jobWorker.js"
