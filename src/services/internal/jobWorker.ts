/**
 * The worker loop, generic over where jobs come from (custom or third-party), so that polling,
 * concurrency, backoff, reporting and shutdown are written once.
 */
// Mirror of packages/effect3/src/services/internal/jobWorker.ts (its rules are the core's JobWorker); what differs is Effect 4's API: Metric.update and
// withAttributes, Cause.findErrorOption, Semaphore.make, Layer.effectDiscard, Effect.catch and andThen.
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberSet from "effect/FiberSet"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Metric from "effect/Metric"
import * as Semaphore from "effect/Semaphore"
import * as Random from "effect/Random"
import type { CommonError } from "../../errors/common.js"
import type { JobData } from "../../schema/Schemas.js"
import type { CodePipeline } from "./codePipeline.js"
import * as Ops from "../operations.js"
import { isRetryable } from "../Retry.js"
import {
  type CommonOptions,
  type Handler,
  type Job,
  JobFailure,
  type JobResult,
  type Options,
  type ThirdPartyOptions,
} from "../JobWorker.js"
import * as JobRules from "@effect-codepipeline/core/JobWorker"
import { decodeJobData } from "@effect-codepipeline/core/ClientOperations"
import { decodeOptions } from "./secrets.js"

/** Where jobs come from and where their outcomes go. */
interface Source<Polled, E, R> {
  readonly name: string
  readonly poll: (max: number) => Effect.Effect<ReadonlyArray<Polled>, E, CodePipeline | R>
  /** Claims a polled job; `undefined` when another worker got it first. */
  readonly claim: (polled: Polled) => Effect.Effect<Claimed | undefined, never, CodePipeline | R>
}

interface Claimed {
  readonly job: Job
  readonly succeed: (result: JobResult) => Effect.Effect<void, CommonError | { readonly _tag: string }, CodePipeline>
  readonly fail: (failure: JobFailure) => Effect.Effect<void, CommonError | { readonly _tag: string }, CodePipeline>
}

// The metrics are made when first read, not at import: making Effect 3's took ~0.3 ms of importing the package.
const makeMetrics = () => ({
  polled: Metric.counter("codepipeline_job_worker_jobs_polled", { description: "Jobs returned by polls" }),
  succeeded: Metric.counter("codepipeline_job_worker_jobs_succeeded", { description: "Jobs reported as succeeded or to be continued" }),
  failed: Metric.counter("codepipeline_job_worker_jobs_failed", { description: "Jobs reported as failed" }),
  inFlight: Metric.gauge("codepipeline_job_worker_jobs_in_flight", { description: "Jobs being worked on" }),
})
let made: ReturnType<typeof makeMetrics> | undefined

export const metrics = {
  get polled() {
    return (made ??= makeMetrics()).polled
  },
  get succeeded() {
    return (made ??= makeMetrics()).succeeded
  },
  get failed() {
    return (made ??= makeMetrics()).failed
  },
  get inFlight() {
    return (made ??= makeMetrics()).inFlight
  },
}

const count = (counter: Metric.Counter<number>, action: string, by = 1) => Metric.update(Metric.withAttributes(counter, { action }), by)

const toJob = (id: string, data: JobData, extra: { accountId?: string | undefined; clientId?: string | undefined }): Job =>
  JobRules.jobView(id, data, extra)

const failureDetails = (failure: JobFailure) => JobRules.failureDetails(failure)

const defectFailure = (cause: Cause.Cause<unknown>): JobFailure =>
  new JobFailure(JobRules.unexpectedFailure(Cause.hasInterruptsOnly(cause), Cause.squash(cause)))

/** Runs one claimed job to a reported outcome, whatever the handler does. */
const work = <R>(claimed: Claimed, handler: Handler<R>, attributes: Record<string, string>) =>
  Effect.uninterruptibleMask((restore) =>
    Effect.flatMap(Effect.exit(restore(Effect.suspend(() => handler(claimed.job)))), (exit) => {
      const report = Exit.isSuccess(exit)
        ? Effect.andThen(claimed.succeed(exit.value ?? {}), count(metrics.succeeded, attributes.action!))
        : Effect.andThen(
            claimed.fail(Cause.findErrorOption(exit.cause).pipe((o) => (o._tag === "Some" ? o.value : defectFailure(exit.cause)))),
            count(metrics.failed, attributes.action!),
          )
      return report.pipe(
        Effect.catch((error) =>
          Effect.logError(`could not report the outcome of job ${claimed.job.id}: ${(error as { _tag: string })._tag}`),
        ),
      )
    }),
  ).pipe(Effect.withSpan("JobWorker.job", { attributes: { ...attributes, "codepipeline.job_id": claimed.job.id } }))

const runWith = <Polled, E, R>(source: Source<Polled, E, R>, options: CommonOptions<R>): Effect.Effect<never, E, CodePipeline | R> =>
  Effect.scoped(
    Effect.gen(function* () {
      const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1))
      const base = Duration.toMillis(options.pollInterval ?? Duration.seconds(1))
      const cap = Duration.toMillis(options.maxPollInterval ?? Duration.seconds(30))
      const grace = Duration.fromInputUnsafe(options.shutdownGracePeriod ?? Duration.seconds(30))
      const action = JobRules.actionName(options.actionTypeId)
      const attributes = { action, "codepipeline.worker": source.name }
      const inFlight = Metric.withAttributes(metrics.inFlight, { action })

      const jobs = yield* FiberSet.make<void>()
      // Runs before the FiberSet's own finalizer (finalizers run in reverse order): in-flight jobs
      // get the grace period, then the set interrupts the rest, whose fibers report them failed.
      // Finalizers run uninterruptibly, so the wait is made interruptible for the timeout to end it.
      yield* Effect.addFinalizer(() => Effect.interruptible(FiberSet.awaitEmpty(jobs)).pipe(Effect.timeoutOption(grace), Effect.asVoid))
      const slots = yield* Semaphore.make(concurrency)
      let running = 0
      let idle = 0

      const backoff = Effect.suspend(() => {
        const delay = JobRules.backoffCeiling(base, cap, idle)
        idle++
        return Effect.flatMap(Random.nextBetween(0.5, 1), (jitter) => Effect.sleep(Duration.millis(Math.round(delay * jitter))))
      })

      // `running` is counted up before the job fibers start, so the next poll never asks for more
      // jobs than there are slots: a polled job waiting for a slot could time out unacknowledged.
      const start = (polled: Polled) =>
        Effect.flatMap(source.claim(polled), (claimed) =>
          claimed === undefined ? Effect.void : work(claimed, options.handler, attributes),
        ).pipe(
          Effect.ensuring(
            Effect.suspend(() => {
              running--
              return Effect.andThen(Metric.update(inFlight, running), slots.release(1))
            }),
          ),
        )

      const round = Effect.gen(function* () {
        yield* slots.take(1)
        const free = concurrency - running
        const polled = yield* source.poll(free).pipe(
          Effect.tapError(() => slots.release(1)),
          Effect.catchIf(isRetryable, (error) =>
            Effect.as(Effect.logWarning(`polling ${action} failed, backing off: ${(error as { _tag: string })._tag}`), []),
          ),
        )
        if (polled.length === 0) {
          yield* slots.release(1)
          return yield* backoff
        }
        idle = 0
        yield* count(metrics.polled, action, polled.length)
        // One slot is held already; the poll asked for no more jobs than there are free slots.
        if (polled.length > 1) yield* slots.take(polled.length - 1)
        running += polled.length
        yield* Metric.update(inFlight, running)
        for (const p of polled) yield* FiberSet.run(jobs, start(p))
      })
      return yield* Effect.forever(round)
    }),
  )

/** A custom or Lambda job, reported with the (non-third-party) result calls. */
const customJob = (jobId: string, data: JobData, accountId: string | undefined): Claimed => ({
  job: toJob(jobId, data, { accountId }),
  succeed: (result) =>
    Ops.putJobSuccessResult({
      jobId,
      ...JobRules.successFields(result, false),
    }),
  fail: (failure) => Ops.putJobFailureResult({ jobId, failureDetails: failureDetails(failure) }),
})

/** Claims a custom job with its nonce; a job another worker took (`InvalidNonceException`) is skipped. */
const customSource = <R>(options: Options<R>): Source<import("../../schema/Schemas.js").Job, Ops.PollForJobsError, R> => ({
  name: "custom",
  poll: (max) =>
    Effect.map(
      Ops.pollForJobs({
        actionTypeId: options.actionTypeId,
        maxBatchSize: Math.min(max, 100),
        ...(options.queryParam !== undefined ? { queryParam: options.queryParam } : {}),
      }),
      (out) => (out.jobs ?? []).filter((j) => j.id !== undefined && j.nonce !== undefined),
    ),
  claim: (polled) =>
    Ops.acknowledgeJob({ jobId: polled.id!, nonce: polled.nonce! }).pipe(
      Effect.map((ack): Claimed | undefined => {
        if (ack.status !== undefined && ack.status !== "InProgress") return undefined
        return customJob(polled.id!, polled.data ?? {}, polled.accountId)
      }),
      Effect.catch((error) => Effect.as(Effect.logInfo(`skipping job ${polled.id}: ${error._tag}`), undefined)),
    ),
})

const thirdPartySource = <R, E>(
  options: ThirdPartyOptions<R, E>,
): Source<import("../../schema/Schemas.js").ThirdPartyJob, Ops.PollForThirdPartyJobsError, R> => ({
  name: "third-party",
  poll: (max) =>
    Effect.map(Ops.pollForThirdPartyJobs({ actionTypeId: options.actionTypeId, maxBatchSize: Math.min(max, 100) }), (out) =>
      (out.jobs ?? []).filter((j) => j.jobId !== undefined && j.clientId !== undefined),
    ),
  claim: (polled) =>
    Effect.gen(function* () {
      const jobId = polled.jobId!
      const clientToken = yield* options.clientToken(polled.clientId!)
      const { jobDetails } = yield* Ops.getThirdPartyJobDetails({ jobId, clientToken })
      if (jobDetails?.nonce === undefined) return undefined
      const ack = yield* Ops.acknowledgeThirdPartyJob({ jobId, nonce: jobDetails.nonce, clientToken })
      if (ack.status !== undefined && ack.status !== "InProgress") return undefined
      return {
        job: toJob(jobId, jobDetails.data ?? {}, { clientId: polled.clientId }),
        succeed: (result: JobResult) =>
          Ops.putThirdPartyJobSuccessResult({
            jobId,
            clientToken,
            ...JobRules.successFields(result, true),
          }),
        fail: (failure: JobFailure) => Ops.putThirdPartyJobFailureResult({ jobId, clientToken, failureDetails: failureDetails(failure) }),
      } satisfies Claimed
    }).pipe(
      Effect.catch((error) =>
        Effect.as(Effect.logInfo(`skipping third-party job ${polled.jobId}: ${(error as { _tag?: string })._tag ?? "error"}`), undefined),
      ),
    ),
})

export const run = <R>(options: Options<R>): Effect.Effect<never, Ops.PollForJobsError, CodePipeline | R> =>
  runWith(customSource(options), options)

export const layer = <R>(options: Options<R>): Layer.Layer<never, never, CodePipeline | R> =>
  Layer.effectDiscard(Effect.forkScoped(Effect.orDie(run(options))))

export const runThirdParty = <R, E>(
  options: ThirdPartyOptions<R, E>,
): Effect.Effect<never, Ops.PollForThirdPartyJobsError, CodePipeline | R> => runWith(thirdPartySource(options), options)

export const layerThirdParty = <R, E>(options: ThirdPartyOptions<R, E>): Layer.Layer<never, never, CodePipeline | R> =>
  Layer.effectDiscard(Effect.forkScoped(Effect.orDie(runThirdParty(options))))

export interface LambdaEvent {
  readonly "CodePipeline.job": {
    readonly id: string
    readonly accountId?: string
    readonly data?: unknown
  }
}

export const lambdaHandler = <R, LE>(
  handler: Handler<R>,
  layer: Layer.Layer<CodePipeline | R, LE>,
): ((event: LambdaEvent) => Promise<void>) => {
  const runtime = ManagedRuntime.make(layer)
  return (event) =>
    runtime.runPromise(
      Effect.gen(function* () {
        const payload = JobRules.lambdaJob(event)
        if ("invalid" in payload) return yield* Effect.die(new Error(payload.invalid))
        // The event carries the same JobData as PollForJobs, decoded as leniently as a response.
        const decode = decodeJobData.value ?? (yield* Effect.promise(decodeJobData.load))
        const data = yield* Effect.try({
          // Decoded with `Redacted` secrets: the core's type, with this package's types of values.
          try: (): JobData => decode(payload.data, decodeOptions) as unknown as JobData,
          catch: (e) => e,
        }).pipe(Effect.orElseSucceed((): JobData => ({})))
        const claimed = customJob(payload.id, data, payload.accountId)
        // Unlike the polling worker, a reporting failure must reach Lambda so that it retries.
        const exit = yield* Effect.exit(Effect.suspend(() => handler(claimed.job)))
        yield* Exit.isSuccess(exit)
          ? claimed.succeed(exit.value ?? {})
          : claimed.fail(Cause.findErrorOption(exit.cause).pipe((o) => (o._tag === "Some" ? o.value : defectFailure(exit.cause))))
        yield* count(Exit.isSuccess(exit) ? metrics.succeeded : metrics.failed, "lambda")
      }).pipe(Effect.withSpan("JobWorker.lambda", { attributes: { "codepipeline.job_id": event?.["CodePipeline.job"]?.id ?? "" } })),
    )
}
