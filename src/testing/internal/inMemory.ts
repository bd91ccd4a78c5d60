/**
 * Builds an in-memory CodePipeline: its service, its controls and the store they share (the
 * emulator reads the store's revision to save only what changed).
 */
import * as Duration from "effect/Duration"
import type { ActionTypeDeclaration } from "../../schema/shapes.js"
import { fromMethods } from "../../services/CodePipeline.js"
import type { Service as CodePipelineService } from "../../services/internal/service.js"
import type { Options } from "../CodePipelineInMemory.js"
import type { Service as ControlsService } from "../Controls.js"
import { actionTypeKey } from "./catalog.js"
import { makeControls } from "./controls.js"
import { Rejection } from "./failure.js"
import { validateActionTypeDeclaration } from "./operations/actionTypes.js"
import { makeMethods } from "./service.js"
import type { Store } from "./state.js"
import { makeStore } from "./store.js"

const millis = (input: Duration.DurationInput | undefined, fallback: number): number =>
  input === undefined ? fallback : Duration.toMillis(Duration.decode(input))

export interface InMemory {
  readonly service: CodePipelineService
  readonly controls: ControlsService
  readonly store: Store
}

/** `now`: the `Clock` time the layer is built at. Invalid options throw (bugs of the test). */
export const makeInMemory = (options: Options, now: number): InMemory => {
  const accountId = options.accountId ?? "123456789012"
  const store = makeStore(
    {
      region: options.region ?? "us-east-1",
      accountId,
      identity: options.identity ?? `arn:aws:iam::${accountId}:user/in-memory`,
      actionDurationMs: millis(options.actionDuration, 30_000),
      ruleDurationMs: millis(options.ruleDuration, 10_000),
      maxPipelines: options.maxPipelines ?? 1000,
      maxRecordedCalls: options.maxRecordedCalls ?? 10_000,
      maxConcurrentExecutions: options.maxConcurrentExecutions ?? 50,
      startOnCreate: options.startOnCreate ?? true,
    },
    { action: options.simulate, rule: options.simulateRule },
    options.seed ?? 0,
    now,
  )
  for (const declaration of options.actionTypes ?? []) {
    let valid: ActionTypeDeclaration
    try {
      valid = validateActionTypeDeclaration(declaration)
    } catch (error) {
      // A misconfigured layer is a bug of the test, not an input the service would refuse.
      const reason = error instanceof Rejection ? (error.error as { message?: string }).message : String(error)
      throw new Error(`CodePipelineInMemory: invalid action type in options.actionTypes: ${reason}`)
    }
    store.registeredActionTypes.set(actionTypeKey(valid.id), { declaration: valid })
  }
  return { service: fromMethods(makeMethods(store)), controls: makeControls(store), store }
}
