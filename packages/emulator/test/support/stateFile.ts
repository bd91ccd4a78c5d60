/** What the state-file tests share: a fresh directory for each test, and a start that must fail. */
import * as Path from "node:path"
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

/** Starts an emulator that must not start: its error. */
export const startFails = async (options: Options): Promise<EmulatorError> => {
  const error = await start({ simulatorOptions: { startOnCreate: false }, ...options }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(EmulatorError)
  return error as EmulatorError
}
