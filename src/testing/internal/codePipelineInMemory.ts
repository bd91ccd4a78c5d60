/**
 * Builds an in-memory CodePipeline: the core's simulator, with the `CodePipeline` service and the
 * controls over it (the emulator serves the same simulator, and reads its revision to save only
 * what changed).
 */
// Mirror of packages/effect3/src/testing/internal/codePipelineInMemory.ts: identical text, but over each flavor's own Options type (Effect durations and outcome
// functions), service and controls; the options' mapping is the core's Simulator.layerOptions.
import { layerOptions, makeSimulator, type Options as SimulatorOptions, type Simulator } from "@effect-codepipeline/core/Simulator"
import type { Service as CodePipelineService } from "../../services/internal/codePipeline.js"
import type { Options } from "../CodePipelineInMemory.js"
import type { Service as ControlsService } from "../Controls.js"
import { makeControls } from "./controls.js"
import { durationMillis, toActionSimulator, toRuleSimulator } from "./outcome.js"
import { makeService } from "./simulatedService.js"

export interface InMemory {
  readonly service: CodePipelineService
  readonly controls: ControlsService
  readonly simulator: Simulator
}

/** `now`: the `Clock` time the layer is built at. Invalid options throw (bugs of the test). */
export const makeInMemory = (options: Options, now: number): InMemory => {
  const simulator = makeSimulator(
    layerOptions(options, {
      now,
      actionDurationMs: durationMillis(options.actionDuration),
      ruleDurationMs: durationMillis(options.ruleDuration),
      simulate: toActionSimulator(options.simulate),
      simulateRule: toRuleSimulator(options.simulateRule),
      // The package's declarations are the core's values (no timestamps or secrets in them).
      actionTypes: options.actionTypes as SimulatorOptions["actionTypes"],
    }),
  )
  return { service: makeService(simulator), controls: makeControls(simulator), simulator }
}
