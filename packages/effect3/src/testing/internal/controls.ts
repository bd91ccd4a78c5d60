/**
 * The test controls over the core's simulator. Like operations, each control first brings the
 * simulation up to the caller's `Clock` time, then runs in one synchronous step; the simulator's
 * `ControlError` becomes the package's, and CreatePipeline's refusals (when seeding) its typed errors.
 */
// Mirror of src/testing/internal/controls.ts: each control is the core simulator's method (run by
// Simulator.runControl) wrapped in an Effect; Either/Result and the Clock's method names differ.
import { ServiceError, type Simulator } from "@effect-codepipeline/core/Simulator"
import * as Simulators from "@effect-codepipeline/core/Simulator"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as S from "../../schema/Schemas.js"
import type * as Operation from "../../services/Operation.js"
import { CreatePipeline, type CreatePipelineError, type Methods } from "../../services/operations.js"
import { ControlError, type JobInfo, type RecordedCall, type Service } from "../Controls.js"
import { toActionSimulator, toRuleSimulator } from "./outcome.js"
import { byName, coreInput, fromCore, serverCodec, toServiceError } from "./simulatedService.js"
import type { Snapshot } from "./snapshot.js"

/**
 * Runs a control body at the caller's `Clock` time; refusals become failures, never defects.
 * `onServiceError` types a refusal of the service's rules (seeding a pipeline).
 */
const control = <A, E = ControlError>(
  simulator: Simulator,
  body: () => A,
  onServiceError: (error: ServiceError) => E = (error) => new ControlError({ message: error.message }) as E,
): Effect.Effect<A, E> =>
  Effect.clockWith((clock) => {
    const result = Simulators.runControl(simulator, clock.unsafeCurrentTimeMillis(), body)
    if (result._tag === "Ok") return Effect.succeed(result.value)
    if (result._tag === "ServiceError") return Effect.fail(onServiceError(result.error))
    return Effect.fail(new ControlError({ message: result.message }) as E)
  })

const byMethod: ReadonlyMap<string, Operation.Any> = new Map([...byName.values()].map((operation) => [operation.method, operation]))

/** The `_tag` of the error a code becomes for an operation (as `toServiceError` makes it). */
const tagOf = (operation: Operation.Any, code: string): string =>
  (toServiceError(operation, new ServiceError(code, "")) as { readonly _tag: string })._tag

/** A call as the simulator recorded it, in the package's types. */
const recorded = (call: Simulators.RecordedCall): RecordedCall => {
  const operation = byName.get(call.operation)!
  return {
    operation: call.operation,
    method: operation.method as keyof Methods,
    // A refused call's input is the caller's value; any other the simulator's copy, in its types.
    input: (call.refused === true ? call.input : fromCore(serverCodec(operation).input, call.input)) as RecordedCall["input"],
    time: call.time,
    outcome: call.outcome,
    ...(call.error !== undefined ? { error: call.refused === true ? call.error : tagOf(operation, call.error) } : {}),
  }
}

export const makeControls = (simulator: Simulator): Service => ({
  seedPipeline: (pipeline, options) =>
    Effect.suspend(() => {
      // CreatePipeline's input rules, with the package's types and errors; its service rules are the simulator's.
      const input = coreInput(CreatePipeline, { pipeline, ...(options?.tags !== undefined ? { tags: options.tags } : {}) })
      if (Either.isLeft(input)) return Effect.fail(input.left)
      const { pipeline: declaration, tags } = input.right
      return control<S.PipelineDeclaration, CreatePipelineError | ControlError>(
        simulator,
        // The simulator's frozen declaration: the package's type, as a declaration has no timestamps or secrets.
        () => simulator.seedPipeline(declaration, { tags, startExecution: options?.startExecution }) as unknown as S.PipelineDeclaration,
        (error) => toServiceError(CreatePipeline, error),
      )
    }),

  seedExecution: (input) => control(simulator, () => simulator.seedExecution(input)),

  completeAction: (target, completion) => control(simulator, () => simulator.completeAction(target, completion)),

  jobs: (filter) => control<ReadonlyArray<JobInfo>, never>(simulator, () => simulator.jobs(filter) as ReadonlyArray<JobInfo>),

  injectFault: (method, error, options) =>
    control<void, never>(simulator, () => {
      const operation = byMethod.get(method)
      if (operation === undefined) return
      // A call then fails as the live client would fail on the service's answer.
      simulator.injectFault(
        operation.name as Simulators.OperationName,
        Simulators.faultOf(error as { readonly _tag: string; readonly message: string }),
        options,
      )
    }),

  clearFaults: control<void, never>(simulator, () => simulator.clearFaults()),

  calls: Effect.sync(() => simulator.calls().map(recorded)),

  callsOf: <K extends keyof Methods>(method: K) =>
    Effect.sync(() => {
      const operation = byMethod.get(method)
      return operation === undefined
        ? []
        : (simulator.calls(operation.name as Simulators.OperationName).map(recorded) as unknown as ReadonlyArray<RecordedCall<K>>)
    }),

  clearCalls: Effect.sync(() => simulator.clearCalls()),

  // Invalid outcome rules are a bug of the test, as invalid options are.
  setSimulator: (simulate) => Effect.orDie(control(simulator, () => simulator.setSimulator(toActionSimulator(simulate)))),

  setRuleSimulator: (simulate) => Effect.orDie(control(simulator, () => simulator.setRuleSimulator(toRuleSimulator(simulate)))),

  registerActionType: (declaration) =>
    control(simulator, () => simulator.registerActionType(declaration as Simulators.Snapshot["registeredActionTypes"][number])),

  registerRole: (roleArn) => control(simulator, () => simulator.registerRole(roleArn)),

  registerThirdPartyClient: (client) => control(simulator, () => simulator.registerThirdPartyClient(client)),

  pushSourceRevision: (input) => control(simulator, () => simulator.pushSourceRevision(input)),

  triggerWebhook: (name, event) => control(simulator, () => simulator.triggerWebhook(name, event)),

  // A snapshot's model values have no timestamps, blobs or sensitive members: the core's value is the package's.
  exportState: control<Snapshot, never>(simulator, () => simulator.exportState() as unknown as Snapshot),

  importState: (snapshot) => control(simulator, () => simulator.importState(snapshot)),
})
