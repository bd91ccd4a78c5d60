/**
 * The `Methods` of the in-memory CodePipeline: each operation validates its input with the
 * operation's schema (exactly what the live client does before sending), advances the simulated
 * clock to the caller's `Clock` time, records the call, applies an injected fault if one is
 * pending, then runs its handler, all in one synchronous step (see `state.ts`).
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { InputValidationError, InternalFailure } from "../../errors/common.js"
import type * as Operation from "../../services/Operation.js"
import { encodeInput } from "../../services/internal/codec.js"
import { type Methods, operations } from "../../services/operations.js"
import { advance } from "./engine.js"
import { Rejection } from "./failure.js"
import { actionTypeHandlers } from "./operations/actionTypes.js"
import type { Handlers } from "./operations/common.js"
import { executionHandlers } from "./operations/executions.js"
import { jobHandlers } from "./operations/jobs.js"
import { pipelineHandlers } from "./operations/pipelines.js"
import { tagHandlers } from "./operations/tags.js"
import { webhookHandlers } from "./operations/webhooks.js"
import { formatPath, PlainDataError, toPlainData } from "./plainData.js"
import type { RecordedCallRecord, Store } from "./state.js"

/** Every operation's handler; the type makes a missing or mistyped one a compile error. */
export const handlers: Handlers<keyof Methods> = {
  ...pipelineHandlers,
  ...executionHandlers,
  ...jobHandlers,
  ...actionTypeHandlers,
  ...webhookHandlers,
  ...tagHandlers,
}

/** Keeps the call log bounded: past twice the limit, the oldest half is dropped at once. */
export const record = (store: Store, entry: RecordedCallRecord): void => {
  const calls = store.calls
  calls.push(entry)
  const max = store.config.maxRecordedCalls
  if (calls.length > 2 * max) calls.splice(0, calls.length - max)
}

/** A bug of the in-memory service surfaces as an `InternalFailure` naming it, never as a defect. */
export const internalFailure = (operation: string, error: unknown): InternalFailure =>
  new InternalFailure({ message: `In-memory CodePipeline failed in ${operation}: ${error instanceof Error ? error.message : String(error)}` })

const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "_tag" in error ? String((error as { _tag: unknown })._tag) : undefined

/**
 * Operations that never change the durable state (pipelines, action types, webhooks, tags,
 * transitions; see `snapshot.ts`): they read it, or work on executions, jobs and approvals, which
 * are not durable. Any other operation moves the store's revision on when it succeeds, so an
 * operation missing here costs a needless save, never a lost one.
 */
const LEAVES_DURABLE_STATE: ReadonlySet<string> = new Set([
  "AcknowledgeJob",
  "AcknowledgeThirdPartyJob",
  "GetActionType",
  "GetJobDetails",
  "GetPipeline",
  "GetPipelineExecution",
  "GetPipelineState",
  "GetThirdPartyJobDetails",
  "ListActionExecutions",
  "ListActionTypes",
  "ListDeployActionExecutionTargets",
  "ListPipelineExecutions",
  "ListPipelines",
  "ListRuleExecutions",
  "ListRuleTypes",
  "ListTagsForResource",
  "ListWebhooks",
  "OverrideStageCondition",
  "PollForJobs",
  "PollForThirdPartyJobs",
  "PutActionRevision",
  "PutApprovalResult",
  "PutJobFailureResult",
  "PutJobSuccessResult",
  "PutThirdPartyJobFailureResult",
  "PutThirdPartyJobSuccessResult",
  "RetryStageExecution",
  "RollbackStage",
  "StartPipelineExecution",
  "StopPipelineExecution",
])

/** Input that cannot be made plain data (see `plainData.ts`), as the error a bad input gets. */
export const unreadableInput = (operation: string, error: PlainDataError): InputValidationError => {
  const path = formatPath(error.path)
  return new InputValidationError({ operation, path, message: `${operation} input${path ? ` at ${path}` : ""}: ${error.message}` }, true)
}

const call = (
  store: Store,
  operation: Operation.Any,
  handler: (store: Store, input: unknown) => unknown,
  input: unknown,
  now: number,
): Effect.Effect<unknown, unknown> => {
  const entry: RecordedCallRecord = { operation: operation.name, method: operation.method, input, time: Math.max(now, store.now), outcome: "Success" }
  record(store, entry)
  const failWith = (error: unknown) => {
    entry.outcome = "Failure"
    entry.errorTag = tagOf(error)
    return Effect.fail(error)
  }
  // Everything below works on a plain copy: read once, so a getter or a Proxy cannot throw in a
  // handler or answer differently the second time, and bounded, so no walk of it can overflow.
  let plain: unknown
  try {
    plain = toPlainData(input)
  } catch (error) {
    if (error instanceof PlainDataError) return failWith(unreadableInput(operation.name, error))
    return failWith(internalFailure(operation.name, error))
  }
  try {
    let encoded: Either.Either<unknown, InputValidationError>
    try {
      encoded = encodeInput(operation, plain)
    } catch {
      // Only what the copy kept as it is (a class instance, say) can still throw when read.
      return failWith(new InputValidationError({ operation: operation.name, path: "", message: `${operation.name} input could not be read: a value of it threw when read` }, true))
    }
    if (Either.isLeft(encoded)) return failWith(encoded.left)
    advance(store, now)
    const faults = store.faults.get(operation.method)
    if (faults !== undefined && faults.length > 0) {
      const fault = faults[0]!
      if (--fault.remaining <= 0) faults.shift()
      return failWith(fault.error)
    }
    const output = handler(store, plain)
    if (!LEAVES_DURABLE_STATE.has(operation.name)) store.revision++
    return Effect.succeed(output)
  } catch (error) {
    if (error instanceof Rejection) {
      const tag = tagOf(error.error)
      // A handler may only refuse with an exception its operation models: anything else would
      // lie about the error channel's type.
      if (tag !== undefined && tag in operation.errors) return failWith(error.error)
      return failWith(internalFailure(operation.name, `refused with unmodeled ${tag ?? "error"}`))
    }
    return failWith(internalFailure(operation.name, error))
  }
}

export const makeMethods = (store: Store): Methods => {
  const methods: Record<string, (input?: unknown) => Effect.Effect<unknown, unknown>> = {}
  for (const operation of Object.values(operations) as ReadonlyArray<Operation.Any>) {
    const handler = handlers[operation.method as keyof Methods] as unknown as (store: Store, input: unknown) => unknown
    methods[operation.method] = (input: unknown = {}) =>
      // `clockWith` runs its function each time the effect runs, with the caller's `Clock`.
      Effect.clockWith((clock) => call(store, operation, handler, input, clock.unsafeCurrentTimeMillis() - store.epoch))
  }
  return methods as unknown as Methods
}
