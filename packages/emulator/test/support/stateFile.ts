/** What the state-file tests share: a fresh directory for each test, state files' contents, and a start that must fail. */
import * as Path from "node:path"
import type { PipelineDeclaration } from "@effect-codepipeline/core/Types"
import { expect } from "vitest"
import { EmulatorError, type Options, start } from "../../src/Emulator.js"
import { temporaryDirectory } from "./tools.js"

export interface StateFileHome {
  /** A directory of its own for the test. */
  readonly dir: string
  /** `state.json` in it, not yet written. */
  readonly file: string
}

/** Registers hooks that give each test of the file or `describe` a fresh directory (named after `prefix`), removed after it. */
export const freshStateFile = (prefix: string): StateFileHome => {
  const directory = temporaryDirectory(prefix)
  return {
    get dir() {
      return directory.path
    },
    get file() {
      return Path.join(directory.path, "state.json")
    },
  }
}

/** A state file's text: `state` in the envelope the emulator writes. */
export const envelope = (state: unknown) => JSON.stringify({ format: "effect-codepipeline-emulator-state", version: 1, state }, null, 2)

/** The state of an emulator with nothing in it. */
export const emptyState = {
  region: "us-east-1",
  accountId: "123456789012",
  pipelines: [],
  customActionTypes: [],
  registeredActionTypes: [],
  webhooks: [],
}

/** A state with `pipelines`, each at its first version, created on 2024-01-01. */
export const stateWith = (...pipelines: ReadonlyArray<PipelineDeclaration>) => ({
  ...emptyState,
  pipelines: pipelines.map((p) => ({
    name: p.name,
    created: "2024-01-01T00:00:00.000Z",
    updated: "2024-01-01T00:00:00.000Z",
    versions: [{ ...p, version: 1 }],
    tags: [],
  })),
})

/** Starts an emulator that must not start: its error. */
export const startFails = async (options: Options): Promise<EmulatorError> => {
  const error = await start({ simulatorOptions: { startOnCreate: false }, ...options }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(EmulatorError)
  return error as EmulatorError
}
