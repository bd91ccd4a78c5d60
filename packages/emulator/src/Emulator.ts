/**
 * A local AWS CodePipeline, without Effect: the core's simulator served over HTTP with the real
 * wire protocol (awsJson1_1) and SigV4, with an optional state file. What the
 * `effect-codepipeline-emulator` command runs, and what `effect-codepipeline/testing`'s
 * `CodePipelineEmulator.layer` starts for a test.
 *
 * ```ts
 * import { start } from "@effect-codepipeline/emulator"
 *
 * const emulator = await start({ port: 0, state: ".codepipeline-state.json" })
 * console.log(`CodePipeline at ${emulator.url}`, emulator.credentials.accessKeyId)
 * await emulator.close() // stops serving, saves the state, releases the file
 * ```
 *
 * @since 0.1.0
 */
import {
  type AuthOptions,
  type Credentials,
  DEFAULT_CREDENTIALS,
  makeHandler,
  type RequestLog,
  type Response,
} from "@effect-codepipeline/core/Emulator"
import { makeNodeSha256 } from "@effect-codepipeline/core/NodeSha256"
import { makeSimulator, type Options as SimulatorOptions, type Simulator } from "@effect-codepipeline/core/Simulator"
import { ListenError, serve } from "./Server.js"
import { openStateFile, type StateFile, StateFileError } from "./StateFile.js"

export { DEFAULT_CREDENTIALS, type AuthOptions, type Credentials, type RequestLog } from "@effect-codepipeline/core/Emulator"

/**
 * @since 0.1.0
 */
export interface Options {
  /** The interface to listen on. Default: `127.0.0.1`. */
  readonly host?: string | undefined
  /** The port. Default: `0`, a free port (read it from `port` or `url`). */
  readonly port?: number | undefined
  /** SigV4 authentication: `false` turns it off. Default: on, with {@link DEFAULT_CREDENTIALS}. */
  readonly auth?: boolean | AuthOptions | undefined
  /** The simulator to serve; default: a new one made with `simulatorOptions`. */
  readonly simulator?: Simulator | undefined
  /** Options of the simulator made when `simulator` is not given (region, account, durations, ...). */
  readonly simulatorOptions?: SimulatorOptions | undefined
  /** The region served (requests must be signed for it). Default: `simulatorOptions.region`, else `us-east-1`. */
  readonly region?: string | undefined
  /**
   * The simulation's clock, in milliseconds since the Unix epoch; when given, `clock` and
   * `startTime` are not used. Default: as `clock` and `startTime` say.
   */
  readonly now?: (() => number) | undefined
  /**
   * `manual`: simulated time stands still at `startTime` and moves only when the control API's
   * advance moves it, and request ids count up (`00000000-0000-4000-8000-000000000001`, ...), so
   * the same calls give the same ids and times on every run (with a fixed
   * `simulatorOptions.seed`). Signatures are still checked against the wall clock. Default: `wall`.
   */
  readonly clock?: "wall" | "manual" | undefined
  /** When simulated time starts, in milliseconds since the Unix epoch. Default: now. */
  readonly startTime?: number | undefined
  /** The control API under `/_emulator/` (see the core's `Emulator.HandlerOptions.controls`). Default: on. */
  readonly controls?: boolean | undefined
  /**
   * A state file: loaded on start, saved periodically when the state changed and when the emulator
   * stops, locked meanwhile (see `StateFile`). A missing or empty file is a new state; a corrupt
   * one fails the start with an {@link EmulatorError}.
   */
  readonly state?: string | undefined
  /** How often the state is saved, when it changed, in milliseconds. Default: 30,000. */
  readonly saveIntervalMs?: number | undefined
  /** Called with each save that fails while the emulator runs (the next is tried at the next interval). Default: `console.error`. */
  readonly onSaveError?: ((error: EmulatorError) => void) | undefined
  /** Largest request body, in bytes. Default: 1 MiB. */
  readonly maxBodySize?: number | undefined
  /** How long a client has to send a whole request, in milliseconds. Default: 30,000. */
  readonly requestTimeoutMs?: number | undefined
  /** Called after each response. */
  readonly onRequest?: ((entry: RequestLog) => void) | undefined
}

/**
 * The emulator failed to start (`Listen`: the port is taken; `State`: the state file is corrupt,
 * in use or not writable) or to save its state.
 *
 * @since 0.1.0
 */
export class EmulatorError extends Error {
  override readonly name = "EmulatorError"
  constructor(
    readonly reason: "Listen" | "State",
    message: string,
  ) {
    super(message)
  }
}

/**
 * A running emulator.
 *
 * @since 0.1.0
 */
export interface Emulator {
  /** The endpoint, for example `http://127.0.0.1:40123`. */
  readonly url: string
  readonly host: string
  readonly port: number
  /** The region it serves; requests must be signed for it. */
  readonly region: string
  /** Credentials it accepts (the first configured pair). */
  readonly credentials: Credentials
  /** The simulator behind it. */
  readonly simulator: Simulator
  /** How many pipelines the state file held when it started (0 without one). */
  readonly loadedPipelines: number
  /** Names the caller of the requests signed with an access key from now on (`undefined`: the simulator's `identity`). */
  readonly setCaller: (accessKeyId: string, caller: string | undefined) => void
  /** Saves the state file now, if anything changed since the last save (nothing without `state`). */
  readonly saveState: () => Promise<void>
  /** Stops serving (closing every connection) and saves the state; rejects when the save fails. */
  readonly stop: () => Promise<void>
  /**
   * Stops serving, saves the state (a failure goes to `onSaveError`) and releases the state file's
   * lock. Idempotent: what a scope or a process calls at the end.
   */
  readonly close: () => Promise<void>
}

/** The simulation's base clock: wall time (from `startTime` on, when given), or `startTime` standing still. */
const clockOf = (mode: "wall" | "manual", startTime: number | undefined): (() => number) => {
  const started = Date.now()
  const start = startTime ?? started
  if (mode === "manual") return () => start
  return startTime === undefined ? Date.now : () => start + (Date.now() - started)
}

/** Request ids that count up, UUID-shaped as AWS's are: the same on every run of a scenario. */
const countingRequestIds = (): (() => string) => {
  let n = 0
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}`
}

const stateError = (error: unknown): EmulatorError =>
  new EmulatorError("State", error instanceof StateFileError ? error.message : String((error as Error)?.message ?? error))

/**
 * Starts an emulator: the state loaded (before it listens, so no request sees an empty
 * CodePipeline), then listening.
 *
 * @since 0.1.0
 */
export const start = async (options: Options = {}): Promise<Emulator> => {
  const now = options.now ?? clockOf(options.clock ?? "wall", options.startTime)
  const simulator = options.simulator ?? makeSimulator({ now: now(), ...options.simulatorOptions })
  const region = options.region ?? options.simulatorOptions?.region ?? "us-east-1"
  const report = options.onSaveError ?? ((error: EmulatorError) => console.error(error.message))

  const file = options.state
  let stateFile: StateFile | undefined
  if (file !== undefined) {
    try {
      stateFile = await openStateFile(file)
    } catch (error) {
      throw stateError(error)
    }
  }
  // The store's revision when the file last matched it: an unchanged revision is not rendered.
  let savedRevision = -1
  // Saves run one at a time, in order.
  let saving: Promise<void> = Promise.resolve()
  const saveState = (): Promise<void> => {
    if (stateFile === undefined) return Promise.resolve()
    const opened = stateFile
    const next = saving.then(async () => {
      const revision = simulator.revision
      if (revision === savedRevision) return
      // Taken in one synchronous step: the snapshot is the state at `revision`, and holds only
      // frozen declarations and fresh arrays, so it stays so while it is written.
      const snapshot = simulator.exportState()
      try {
        await opened.write(snapshot, new Date())
      } catch (error) {
        throw stateError(error)
      }
      savedRevision = revision
    })
    saving = next.catch(() => undefined)
    return next
  }

  let loadedPipelines = 0
  const server = await (async () => {
    if (stateFile !== undefined) {
      let snapshot
      try {
        snapshot = await stateFile.read()
      } catch (error) {
        throw stateError(error)
      }
      if (snapshot !== undefined) {
        try {
          simulator.importState(snapshot)
        } catch (error) {
          throw new EmulatorError("State", `the state file ${file}: ${(error as Error).message}`)
        }
        loadedPipelines = snapshot.pipelines.length
        // What was read is what is saved: an unchanged state is not rewritten.
        savedRevision = simulator.revision
      } else {
        // Writing at once proves the file writable now, not when the state is about to be lost.
        await saveState()
      }
    }
    const handler = makeHandler({ simulator, region, auth: options.auth, now, sha256: makeNodeSha256(), controls: options.controls })
    const onRequest = options.onRequest
    try {
      return {
        handler,
        listening: await serve(handler, {
          host: options.host,
          port: options.port,
          maxBodySize: options.maxBodySize,
          requestTimeoutMs: options.requestTimeoutMs,
          ...(options.clock === "manual" ? { requestId: countingRequestIds() } : {}),
          onResponse:
            onRequest === undefined
              ? undefined
              : (request, response: Response, ms) =>
                  onRequest({
                    requestId: request.requestId,
                    method: request.method,
                    operation: response.operation,
                    status: response.status,
                    code: response.code,
                    durationMs: ms,
                  }),
        }),
      }
    } catch (error) {
      throw error instanceof ListenError ? new EmulatorError("Listen", error.message) : error
    }
  })().catch(async (error: unknown) => {
    // Nothing started: the lock goes with it.
    await stateFile?.close()
    throw error
  })

  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  if (stateFile !== undefined) {
    const interval = options.saveIntervalMs ?? 30_000
    const tick = () => {
      if (stopped) return
      timer = setTimeout(() => {
        saveState().then(tick, (error: EmulatorError) => {
          if (!stopped) report(error)
          tick()
        })
      }, interval)
      // The server keeps the process alive while it serves; the timer alone does not.
      timer.unref?.()
    }
    tick()
  }

  const stop = async (): Promise<void> => {
    stopped = true
    if (timer !== undefined) clearTimeout(timer)
    await server.listening.close()
    // After the server has stopped, nothing changes any more: this save is the last.
    await saveState()
  }
  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      try {
        await stop()
      } catch (error) {
        report(error as EmulatorError)
      } finally {
        await stateFile?.close()
      }
    })())

  return {
    url: server.listening.url,
    host: server.listening.host,
    port: server.listening.port,
    region,
    credentials: server.handler.credentials,
    setCaller: server.handler.setCaller,
    simulator,
    loadedPipelines,
    saveState,
    stop,
    close,
  }
}
