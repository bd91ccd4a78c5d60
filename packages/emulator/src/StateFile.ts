/**
 * The emulator's state file: the in-memory CodePipeline's snapshot in a small JSON envelope.
 *
 * - Opening it takes a lock (`<file>.lock`, holding the owner's pid): a second emulator on the same
 *   file is refused, and a lock whose owner no longer runs (after a `kill -9`) is taken over. The
 *   temporary files such an emulator left are removed then.
 * - A `--state` path that is a symbolic link is followed (a dangling one too): the state is written
 *   beside the link's target and renamed there, so the link stays a link.
 * - Reading checks the shape member by member (the core's `Simulator.decodeSnapshot`: nesting
 *   bounded, `__proto__` kept as an entry, the model's shapes checked by the codec); a byte order
 *   mark is skipped. A file that is not what it should be is an error naming the file and the
 *   problem, never silently replaced.
 * - Writing is atomic (a temporary file renamed over the old one) and incremental: the JSON is
 *   rendered a piece at a time, yielding to the event loop between pieces, and streamed to the
 *   file, so saving a large state does not hold up requests. What the in-memory CodePipeline
 *   stores is deep-frozen, so the bytes of a frozen value (a pipeline version, say) are rendered
 *   once and reused by every later save: a save renders what changed.
 *
 * Plain `node:fs`, without Effect.
 */
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import { decodeSnapshot, type Snapshot } from "@effect-codepipeline/core/Simulator"

export const FORMAT = "effect-codepipeline-emulator-state"
export const VERSION = 1

export class StateFileError extends Error {}

const describe = (error: unknown): string => {
  const e = error as NodeJS.ErrnoException
  return e.code !== undefined ? `${e.code}: ${e.message}` : String(e?.message ?? e)
}

/** Whether a process of this pid runs (one of another user's does: EPERM). */
const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** `file` with every symbolic link followed, even to a target that does not exist yet. */
const resolveLinks = async (file: string): Promise<string> => {
  let path = Path.resolve(file)
  for (let hops = 0; ; hops++) {
    let stat
    try {
      stat = await Fs.lstat(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return path
      throw error
    }
    if (!stat.isSymbolicLink()) return path
    if (hops >= 40) throw Object.assign(new Error("too many levels of symbolic links"), { code: "ELOOP" })
    path = Path.resolve(Path.dirname(path), await Fs.readlink(path))
  }
}

/** `state.pipelines[0].created`, at most 120 characters (a path to a value nested too deep is long). */
const pathOf = (path: ReadonlyArray<string | number>): string => {
  let out = ""
  for (const p of path) {
    out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`
    if (out.length > 120) return `${out.slice(0, 120)}…`
  }
  return out
}

// -----------------------------------------------------------------------------------------------
// lock

/** Lock files this process holds: its own pid in a lock means "in use" only if it is one of these. */
const held = new Set<string>()

const readLock = async (lock: string): Promise<{ readonly text: string; readonly pid: number | undefined } | undefined> => {
  let text: string
  try {
    text = await Fs.readFile(lock, "utf8")
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw error
  }
  let pid: unknown
  try {
    pid = (JSON.parse(text) as { pid?: unknown }).pid
  } catch {
    pid = undefined
  }
  return { text, pid: typeof pid === "number" && Number.isInteger(pid) && pid > 0 ? pid : undefined }
}

let serial = 0

/** Creates `path` with `content`, complete, or fails with EEXIST: written aside, then linked. */
const createExclusive = async (path: string, content: string): Promise<void> => {
  const aside = `${path}.${process.pid}.${++serial}.new`
  await Fs.writeFile(aside, content)
  try {
    await Fs.link(aside, path)
  } finally {
    await Fs.rm(aside, { force: true })
  }
}

/**
 * Takes the lock of `target` for `file` (named in messages). A lock whose owner no longer runs is
 * taken over by one process only: the taker creates `<lock>.takeover` exclusively, checks that the
 * lock is still the stale one it saw, and replaces it.
 */
const acquireLock = async (file: string, lock: string): Promise<string> => {
  const content = `${JSON.stringify({ pid: process.pid, started: new Date().toISOString() })}\n`
  const inUse = (pid: number) =>
    new StateFileError(`the state file ${file} is in use by another emulator (pid ${pid}); stop it, or start with another --state`)
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await createExclusive(lock, content)
      return content
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
    }
    const current = await readLock(lock)
    if (current === undefined) continue
    const pid = current.pid
    if (pid !== undefined && (pid === process.pid ? held.has(lock) : isRunning(pid))) throw inUse(pid)
    // Stale (its owner is gone, or it is not a lock this code wrote): take it over.
    const token = `${lock}.takeover`
    try {
      await createExclusive(token, `${process.pid}\n`)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
      // Another process is taking it over; if that one died doing so, clear its token.
      const taker = Number((await Fs.readFile(token, "utf8").catch(() => "")).trim())
      if (!(Number.isInteger(taker) && taker > 0 && isRunning(taker))) await Fs.rm(token, { force: true })
      await new Promise((resolve) => setTimeout(resolve, 20))
      continue
    }
    try {
      if ((await readLock(lock))?.text !== current.text) continue
      const aside = `${lock}.${process.pid}.${++serial}.new`
      await Fs.writeFile(aside, content)
      await Fs.rename(aside, lock)
      return content
    } finally {
      await Fs.rm(token, { force: true })
    }
  }
  throw new StateFileError(`cannot lock the state file ${file}: ${lock} keeps changing`)
}

// -----------------------------------------------------------------------------------------------
// rendering

/** A time slice of rendering between two turns of the event loop. */
const SLICE_MS = 4
/** Pieces are written to the file in batches of about this many bytes. */
const BATCH = 1 << 16
/**
 * Levels of the envelope descended into; below, values are rendered whole. Level 5 is a pipeline
 * version (envelope, state, pipelines, a pipeline, versions): at most as large as a request.
 */
const SPLIT_LEVELS = 5

const pad = (level: number) => "  ".repeat(level)

const omitted = (v: unknown) => v === undefined || typeof v === "function" || typeof v === "symbol"

/**
 * The UTF-8 text of frozen values rendered whole, by value: the in-memory CodePipeline
 * deep-freezes what it keeps (`freeze` in validate.ts), so a frozen value's text never changes.
 * Kept as bytes outside the JavaScript heap (one copy of the state's text, freed with the values):
 * a later save writes them as they are, with nothing to encode and nothing for the GC to scan.
 */
const renderedBytes = new WeakMap<object, { readonly level: number; readonly bytes: Buffer }>()

interface Sink {
  push(piece: string): void
  pushBytes(bytes: Buffer): void
  /** Writes what is batched when the batch is full, and lets the event loop run when the slice is used. */
  pace(): Promise<void>
}

/**
 * `JSON.stringify(value, null, 2)`, piece by piece: the containers of the first levels are
 * written here, what lies below each is rendered whole. Recursion is bounded by `SPLIT_LEVELS`.
 */
const render = async (value: unknown, level: number, sink: Sink): Promise<void> => {
  const container = typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== "function"
  if (!container || level >= SPLIT_LEVELS) {
    const frozen = container && Object.isFrozen(value)
    const cached = frozen ? renderedBytes.get(value as object) : undefined
    if (cached !== undefined && cached.level === level) return sink.pushBytes(cached.bytes)
    const json = JSON.stringify(value, null, 2) ?? "null"
    const text = level === 0 ? json : json.replaceAll("\n", `\n${pad(level)}`)
    if (!frozen) return sink.push(text)
    const bytes = Buffer.from(text, "utf8")
    renderedBytes.set(value as object, { level, bytes })
    return sink.pushBytes(bytes)
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return sink.push("[]")
    sink.push("[")
    for (let i = 0; i < value.length; i++) {
      sink.push(`${i === 0 ? "" : ","}\n${pad(level + 1)}`)
      const item: unknown = value[i]
      await render(omitted(item) ? null : item, level + 1, sink)
      await sink.pace()
    }
    return sink.push(`\n${pad(level)}]`)
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record).filter((key) => !omitted(record[key]))
  if (keys.length === 0) return sink.push("{}")
  sink.push("{")
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    sink.push(`${i === 0 ? "" : ","}\n${pad(level + 1)}${JSON.stringify(key)}: `)
    await render(record[key], level + 1, sink)
    await sink.pace()
  }
  sink.push(`\n${pad(level)}}`)
}

/**
 * Renders `value` as `JSON.stringify(value, null, 2)` would, in UTF-8, into `write`, a batch of
 * buffers at a time (for `writev`).
 */
export const renderJson = async (value: unknown, write: (chunks: ReadonlyArray<Buffer>) => Promise<void>): Promise<void> => {
  let chunks: Array<Buffer> = []
  // Consecutive small pieces (punctuation, keys, values rendered here) are encoded together.
  let text = ""
  let size = 0
  let slice = performance.now()
  const settle = () => {
    if (text === "") return
    const bytes = Buffer.from(text, "utf8")
    chunks.push(bytes)
    size += bytes.length
    text = ""
  }
  const flush = async () => {
    settle()
    if (chunks.length === 0) return
    const batch = chunks
    chunks = []
    size = 0
    await write(batch)
  }
  const sink: Sink = {
    push(piece) {
      text += piece
      if (text.length >= BATCH) settle()
    },
    pushBytes(bytes) {
      settle()
      chunks.push(bytes)
      size += bytes.length
    },
    async pace() {
      if (size >= BATCH) {
        await flush()
        slice = performance.now()
      } else if (performance.now() - slice >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve))
        slice = performance.now()
      }
    },
  }
  await render(value, 0, sink)
  await flush()
}

// -----------------------------------------------------------------------------------------------

export interface StateFile {
  /** The path given (named in messages). */
  readonly file: string
  /** Where the state is written: `file` with its symbolic links followed. */
  readonly target: string
  /** The snapshot in the file; `undefined` when it does not exist or is empty (a new state). */
  readonly read: () => Promise<Snapshot | undefined>
  /** Writes atomically: a reader sees the old file or the new one, never half of one. */
  readonly write: (snapshot: Snapshot, savedAt: Date) => Promise<void>
  /** Releases the lock. */
  readonly close: () => Promise<void>
}

/** Opens `file`: follows its links, takes its lock, removes what a killed emulator left. */
export const openStateFile = async (file: string): Promise<StateFile> => {
  let target: string
  try {
    target = await resolveLinks(file)
  } catch (error) {
    throw new StateFileError(`cannot read the state file ${file}: ${describe(error)}`)
  }
  const directory = Path.dirname(target)
  const base = Path.basename(target)
  const lock = `${target}.lock`
  let lockContent: string
  try {
    lockContent = await acquireLock(file, lock)
  } catch (error) {
    if (error instanceof StateFileError) throw error
    // Creating the lock is the first write beside the file.
    throw new StateFileError(`cannot write the state file ${file}: ${describe(error)}`)
  }
  held.add(lock)
  const close = async () => {
    held.delete(lock)
    // Only a lock that is still ours: a lock file whose directory was removed is gone already.
    const current = await readLock(lock).catch(() => undefined)
    if (current?.text === lockContent) await Fs.rm(lock, { force: true }).catch(() => undefined)
  }

  const temporary = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d+)\\.\\d+\\.tmp$`)
  try {
    // With the lock held, a temporary file of this state is a killed writer's (a live writer of
    // another version without locks aside).
    for (const entry of await Fs.readdir(directory)) {
      const pid = Number(temporary.exec(entry)?.[1] ?? Number.NaN)
      if (Number.isInteger(pid) && (pid === process.pid || !isRunning(pid))) await Fs.rm(Path.join(directory, entry), { force: true })
    }
  } catch (error) {
    await close()
    throw new StateFileError(`cannot read the directory of the state file ${file}: ${describe(error)}`)
  }

  const read = async (): Promise<Snapshot | undefined> => {
    let text: string
    try {
      text = await Fs.readFile(target, "utf8")
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined
      throw new StateFileError(`cannot read the state file ${file}: ${describe(error)}`)
    }
    // Editors on some systems start UTF-8 files with a byte order mark; JSON.parse refuses it.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    if (text.trim() === "") return undefined
    const corrupt = (detail: string) => new StateFileError(`the state file ${file} is corrupt: ${detail}`)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw corrupt(`it is not valid JSON (${describe(error)})`)
    }
    if (typeof json !== "object" || json === null || (json as { format?: unknown }).format !== FORMAT) {
      throw new StateFileError(`the state file ${file} is not an emulator state file: it has no "format": "${FORMAT}"`)
    }
    const envelope = json as { version?: unknown; state?: unknown }
    if (envelope.version !== VERSION) {
      throw new StateFileError(
        `the state file ${file} has version ${JSON.stringify(envelope.version)?.slice(0, 40)}; this emulator reads version ${VERSION}`,
      )
    }
    const decoded = decodeSnapshot(envelope.state)
    if (decoded._tag === "Invalid") throw corrupt(`at ${pathOf(["state", ...decoded.issue.path])}: ${decoded.issue.message}`)
    return decoded.snapshot
  }

  const write = async (snapshot: Snapshot, savedAt: Date): Promise<void> => {
    const temporaryFile = Path.join(directory, `.${base}.${process.pid}.${++serial}.tmp`)
    let handle: Fs.FileHandle | undefined
    try {
      handle = await Fs.open(temporaryFile, "w")
      const opened = handle
      await renderJson({ format: FORMAT, version: VERSION, savedAt: savedAt.toISOString(), state: snapshot }, async (chunks) => {
        await opened.writev(chunks as Array<Buffer>)
      })
      await opened.write("\n")
      // On disk before the rename makes it the state file: a crash leaves the old file or the new.
      await opened.datasync()
      await opened.close()
      handle = undefined
      await Fs.rename(temporaryFile, target)
    } catch (error) {
      await handle?.close().catch(() => undefined)
      await Fs.rm(temporaryFile, { force: true }).catch(() => undefined)
      throw new StateFileError(`cannot write the state file ${file}: ${describe(error)}`)
    }
  }

  return { file, target, read, write, close }
}
