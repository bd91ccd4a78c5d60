/**
 * The emulator's state file: the in-memory CodePipeline's snapshot in a small JSON envelope,
 * written atomically (a temporary file renamed over the old one), read back with its shape checked
 * member by member. A file that is not what it should be is an error naming the file and the
 * problem, never silently replaced.
 */
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { formatPath } from "../../../services/internal/decode.js"
import { Snapshot } from "../snapshot.js"

export const FORMAT = "effect-codepipeline-emulator-state"
export const VERSION = 1

export class StateFileError extends Error {}

const describe = (error: unknown): string => {
  const e = error as NodeJS.ErrnoException
  return e.code !== undefined ? `${e.code}: ${e.message}` : String(e?.message ?? e)
}

const decodeSnapshot = Schema.decodeUnknownEither(Snapshot, { errors: "first", onExcessProperty: "error" })
const encodeSnapshot = Schema.encodeEither(Snapshot)

/** The snapshot in `file`; `undefined` when the file does not exist or is empty (a new state). */
export const readStateFile = async (file: string): Promise<Snapshot | undefined> => {
  let text: string
  try {
    text = await Fs.readFile(file, "utf8")
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw new StateFileError(`cannot read the state file ${file}: ${describe(error)}`)
  }
  if (text.trim() === "") return undefined
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new StateFileError(`the state file ${file} is corrupt: it is not valid JSON (${describe(error)})`)
  }
  if (typeof json !== "object" || json === null || (json as { format?: unknown }).format !== FORMAT) {
    throw new StateFileError(`the state file ${file} is not an emulator state file: it has no "format": "${FORMAT}"`)
  }
  const envelope = json as { version?: unknown; state?: unknown }
  if (envelope.version !== VERSION) {
    throw new StateFileError(`the state file ${file} has version ${JSON.stringify(envelope.version)}; this emulator reads version ${VERSION}`)
  }
  const decoded = decodeSnapshot(envelope.state)
  if (Either.isLeft(decoded)) {
    const [issue] = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)
    const where = issue === undefined ? "state" : formatPath(["state", ...issue.path])
    throw new StateFileError(`the state file ${file} is corrupt: at ${where}: ${issue?.message ?? "invalid"}`)
  }
  return decoded.right
}

/** The file's content for a snapshot; `state` alone is what tells whether anything changed. */
export const renderState = (snapshot: Snapshot): { readonly state: string; readonly file: (savedAt: Date) => string } => {
  const encoded = encodeSnapshot(snapshot)
  if (Either.isLeft(encoded)) throw new StateFileError(`the state cannot be saved: ${encoded.left.message}`)
  const state = JSON.stringify(encoded.right, null, 2)
  return {
    state,
    file: (savedAt) =>
      `{\n  "format": "${FORMAT}",\n  "version": ${VERSION},\n  "savedAt": "${savedAt.toISOString()}",\n  "state": ${state.replace(/\n/g, "\n  ")}\n}\n`,
  }
}

let serial = 0

/** Writes atomically: a reader sees the old file or the new one, never half of one. */
export const writeStateFile = async (file: string, content: string): Promise<void> => {
  const temporary = Path.join(Path.dirname(file), `.${Path.basename(file)}.${process.pid}.${++serial}.tmp`)
  try {
    await Fs.writeFile(temporary, content, "utf8")
    await Fs.rename(temporary, file)
  } catch (error) {
    await Fs.rm(temporary, { force: true }).catch(() => undefined)
    throw new StateFileError(`cannot write the state file ${file}: ${describe(error)}`)
  }
}
