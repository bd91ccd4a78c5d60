#!/usr/bin/env node
/**
 * `effect-codepipeline-emulator`: a local CodePipeline on the command line, with neither `effect`
 * nor `@effect/platform` installed.
 *
 * ```sh
 * npx @effect-codepipeline/emulator --port 4599 --state .codepipeline.json
 * ```
 *
 * Prints the endpoint and the credentials to use, serves until SIGINT or SIGTERM, and with
 * `--state` keeps pipelines, action types, webhooks and tags across restarts. In this repository:
 * `npm run emulator --` (`node --import tsx packages/emulator/src/cli.ts`), or
 * `node packages/emulator/dist/cli.js` after `npm run build`.
 *
 * Exit codes: 0 after a clean stop, 1 when the emulator cannot start or save (a corrupt state file,
 * a state file in use by another emulator, a port in use, a save that failed while it ran), 2 for
 * invalid arguments.
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import * as Path from "node:path"
import { parseArgs } from "node:util"
import { DEFAULT_CREDENTIALS, type Emulator, EmulatorError, type Options, type RequestLog, start } from "./Emulator.js"
import * as Simulator from "@effect-codepipeline/core/Simulator"

const NAME = "effect-codepipeline-emulator"
const DEFAULT_PORT = 4599

const USAGE = `Usage: ${NAME} [options]

A local AWS CodePipeline (the CodePipeline simulator of effect-codepipeline) served over the real
wire protocol (awsJson1_1, SigV4) for the AWS SDKs, the AWS CLI and Terraform.

Options:
  --host HOST               interface to listen on (default 127.0.0.1)
  --port N                  port, 0 for a free one (default ${DEFAULT_PORT})
  --state FILE              load pipelines, action types, webhooks and tags from FILE on start,
                            save them to it periodically and on exit (FILE is locked meanwhile)
  --save-interval DURATION  how often the state is saved when it changed (default 30s)
  --region REGION           region served (default us-east-1)
  --account-id ID           account id in ARNs (default 123456789012)
  --access-key-id ID        accepted access key id (default ${DEFAULT_CREDENTIALS.accessKeyId})
  --secret-access-key KEY   its secret key (default ${DEFAULT_CREDENTIALS.secretAccessKey};
                            one given here is not printed)
  --no-auth                 accept requests (and controls) without checking their signature
  --controls on|off         the control API under /_emulator/ (default on; see
                            GET /_emulator/openapi.json): reset, seed, complete actions,
                            inject faults, advance time, ...
  --clock wall|manual       manual: simulated time stands still and moves only when the
                            control API advances it (default wall)
  --start-time TIME         when simulated time starts, ISO 8601 (default now)
  --seed SEED               seed of every generated id (default: a new one per start)
  --caller ARN              who signs with the accepted key, named in lastChangedBy, approvals
                            and the triggers of executions its requests start
                            (default: the emulator's identity)
  --check-roles             refuse pipeline and action roles not given with --role, as AWS
                            refuses a role CodePipeline cannot assume
  --role ARN                a role CodePipeline can assume (repeatable; for --check-roles)
  --action-duration DURATION  how long a simulated action runs (default 30s)
  --max-body-size BYTES     largest request body (default 1048576)
  --request-timeout DURATION  time a client has to send a request (default 30s)
  --verbose                 log every request to stderr
  --help                    show this help
  --version                 show the version

Durations: 250ms, 30s, 2m (or 30 seconds, ...).`

/** This package's version, read when asked for (`--version`). */
const version = (): string => (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version

class UsageError extends Error {}

const parseDuration = (flag: string, text: string): number => {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|millis|milliseconds?|s|secs?|seconds?|m|mins?|minutes?)?$/i.exec(text.trim())
  if (m === null) throw new UsageError(`${flag}: '${text}' is not a duration (for example 250ms, 30s, 2m)`)
  const n = Number(m[1])
  const unit = (m[2] ?? "s").toLowerCase()
  return unit.startsWith("ms") || unit.startsWith("milli") ? n : unit.startsWith("m") ? n * 60_000 : n * 1000
}

const parseInteger = (flag: string, text: string, min: number, max: number): number => {
  const n = Number(text)
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag}: '${text}' is not an integer from ${min} to ${max}`)
  return n
}

interface Cli {
  readonly options: Options
  readonly verbose: boolean
}

const parse = (argv: ReadonlyArray<string>): Cli | "help" | "version" => {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        state: { type: "string" },
        "save-interval": { type: "string" },
        region: { type: "string" },
        "account-id": { type: "string" },
        "access-key-id": { type: "string" },
        "secret-access-key": { type: "string" },
        "no-auth": { type: "boolean" },
        controls: { type: "string" },
        clock: { type: "string" },
        "start-time": { type: "string" },
        seed: { type: "string" },
        caller: { type: "string" },
        "check-roles": { type: "boolean" },
        role: { type: "string", multiple: true },
        "action-duration": { type: "string" },
        "max-body-size": { type: "string" },
        "request-timeout": { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const v = parsed.values
  if (v.help) return "help"
  if (v.version) return "version"
  const accessKeyId = v["access-key-id"]
  const secretAccessKey = v["secret-access-key"]
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new UsageError("--access-key-id and --secret-access-key go together")
  }
  if (v["no-auth"] && accessKeyId !== undefined) throw new UsageError("--no-auth takes no credentials")
  const region = v.region
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`--region: '${region}' is not a region name`)
  const accountId = v["account-id"]
  if (accountId !== undefined && !/^\d{12}$/.test(accountId))
    throw new UsageError(`--account-id: '${accountId}' is not a 12-digit account id`)
  const caller = v.caller
  const callerIssue = caller === undefined ? undefined : Simulator.callerProblem(caller)
  if (callerIssue !== undefined) {
    throw new UsageError(`--caller: ${callerIssue}`)
  }
  if (v["no-auth"] && caller !== undefined) throw new UsageError("--no-auth takes no --caller: requests name no access key")
  const roles = v.role ?? []
  for (const role of roles) {
    if (role.length > 1024 || !/^arn:aws(-[\w]+)*:iam::[0-9]{12}:role\//.test(role))
      throw new UsageError(`--role: '${role.slice(0, 80)}' is not an IAM role ARN`)
  }
  if (roles.length > 0 && !v["check-roles"]) throw new UsageError("--role is for --check-roles")
  const controls = v.controls ?? "on"
  if (controls !== "on" && controls !== "off") throw new UsageError(`--controls: '${controls.slice(0, 40)}' is neither on nor off`)
  const clock = v.clock ?? "wall"
  if (clock !== "wall" && clock !== "manual") throw new UsageError(`--clock: '${clock.slice(0, 40)}' is neither wall nor manual`)
  if (clock === "manual" && controls === "off") {
    throw new UsageError("--clock manual needs the controls: its time moves only with POST /_emulator/clock/advance")
  }
  const startText = v["start-time"]
  const startTime = startText === undefined ? undefined : Date.parse(startText)
  if (startTime !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(startText!) || Number.isNaN(startTime))) {
    throw new UsageError(`--start-time: '${startText!.slice(0, 60)}' is not an ISO 8601 time (for example 2026-01-01T00:00:00Z)`)
  }
  const seed = v.seed
  if (seed !== undefined && (seed === "" || seed.length > 200)) throw new UsageError("--seed: give 1 to 200 characters")
  const accepted = accessKeyId !== undefined ? { accessKeyId, secretAccessKey: secretAccessKey! } : DEFAULT_CREDENTIALS
  return {
    verbose: v.verbose === true,
    options: {
      host: v.host ?? "127.0.0.1",
      port: v.port === undefined ? DEFAULT_PORT : parseInteger("--port", v.port, 0, 65535),
      ...(v.state !== undefined ? { state: Path.resolve(v.state) } : {}),
      ...(v["save-interval"] !== undefined ? { saveIntervalMs: parseDuration("--save-interval", v["save-interval"]) } : {}),
      auth: v["no-auth"]
        ? false
        : accessKeyId !== undefined || caller !== undefined
          ? { credentials: [{ ...accepted, ...(caller !== undefined ? { caller } : {}) }] }
          : true,
      ...(v["max-body-size"] !== undefined ? { maxBodySize: parseInteger("--max-body-size", v["max-body-size"], 1, 1024 ** 3) } : {}),
      ...(v["request-timeout"] !== undefined ? { requestTimeoutMs: parseDuration("--request-timeout", v["request-timeout"]) } : {}),
      controls: controls === "on",
      clock,
      ...(startTime !== undefined ? { startTime } : {}),
      simulatorOptions: {
        // A new seed per start unless one is given: ids stay unique across restarts of a persistent state.
        seed: seed ?? `${process.pid}-${Date.now()}`,
        ...(region !== undefined ? { region } : {}),
        ...(accountId !== undefined ? { accountId, identity: `arn:aws:iam::${accountId}:user/emulator` } : {}),
        ...(v["action-duration"] !== undefined ? { actionDurationMs: parseDuration("--action-duration", v["action-duration"]) } : {}),
        ...(v["check-roles"] ? { checkRoles: true, roles } : {}),
      },
    },
  }
}

/**
 * Listens for SIGINT and SIGTERM from now on (synchronously), and resolves on the first: taken
 * before the banner is printed, so a signal sent as soon as it is seen is not the default "die now".
 */
const listenForSignals = (): Promise<NodeJS.Signals> =>
  new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGINT", on)
      process.off("SIGTERM", on)
      resolve(signal)
    }
    process.on("SIGINT", on)
    process.on("SIGTERM", on)
  })

const banner = (emulator: Emulator, cli: Cli, pipelines: number): string => {
  const auth = cli.options.auth !== false
  // The documented test pair is printed; a secret the user chose is theirs, and stays off screens and logs.
  const given = auth && emulator.credentials.secretAccessKey !== DEFAULT_CREDENTIALS.secretAccessKey
  const lines = [
    `CodePipeline emulator listening on ${emulator.url}`,
    `  region:            ${emulator.region}`,
    auth ? `  access key id:     ${emulator.credentials.accessKeyId}` : `  authentication:    off (--no-auth)`,
    ...(auth ? [`  secret access key: ${given ? "(the one given with --secret-access-key)" : emulator.credentials.secretAccessKey}`] : []),
    cli.options.controls !== false
      ? `  controls:          ${emulator.url}/_emulator/ (described at ${emulator.url}/_emulator/openapi.json)`
      : `  controls:          off (--controls off)`,
    `  clock:             ${cli.options.clock === "manual" ? "manual (moves only with POST /_emulator/clock/advance)" : "wall"}`,
    cli.options.state !== undefined
      ? `  state file:        ${cli.options.state} (${pipelines} pipeline${pipelines === 1 ? "" : "s"} loaded)`
      : `  state file:        none (the state is lost on exit; see --state)`,
    ``,
    `Point a client at it:`,
    `  export AWS_ENDPOINT_URL_CODEPIPELINE=${emulator.url}`,
    // AWS_REGION for the SDKs; the AWS CLI v1 (botocore) reads only AWS_DEFAULT_REGION.
    `  export AWS_REGION=${emulator.region}`,
    `  export AWS_DEFAULT_REGION=${emulator.region}`,
    `  export AWS_ACCESS_KEY_ID=${auth ? emulator.credentials.accessKeyId : "anything"}`,
    given
      ? `  # and AWS_SECRET_ACCESS_KEY: the key given with --secret-access-key`
      : `  export AWS_SECRET_ACCESS_KEY=${auth ? emulator.credentials.secretAccessKey : "anything"}`,
    ``,
    `An AWS CLI that predates AWS_ENDPOINT_URL_CODEPIPELINE (v2 before 2.13, v1 before 1.29) needs --endpoint-url:`,
    `  aws codepipeline list-pipelines --endpoint-url ${emulator.url}`,
    ``,
    `Stop with Ctrl-C (SIGINT) or SIGTERM.`,
  ]
  return lines.join("\n")
}

/** Failed saves while the emulator ran, reported at once; they make the exit code 1. */
let failedSaves = 0
let stopping = false

const run = async (cli: Cli): Promise<void> => {
  const ms = cli.options.saveIntervalMs ?? 30_000
  const interval = ms < 1000 ? `${ms} ms` : `${ms / 1000} s`
  const emulator = await start({
    ...cli.options,
    onSaveError: (error) => {
      // While stopping, the stop's own result is what is reported.
      if (stopping) return
      failedSaves++
      process.stderr.write(`${NAME}: error: ${error.message}\n${NAME}: the state is not being saved; trying again every ${interval}\n`)
    },
    ...(cli.verbose
      ? {
          onRequest: (e: RequestLog) =>
            process.stderr.write(
              `${new Date().toISOString()} ${e.method} ${e.operation ?? "-"} ${e.status}${e.code !== undefined ? ` ${e.code}` : ""} ${e.durationMs}ms ${e.requestId}\n`,
            ),
        }
      : {}),
  })
  try {
    const signalled = listenForSignals()
    process.stdout.write(`${banner(emulator, cli, emulator.loadedPipelines)}\n`)
    const signal = await signalled
    stopping = true
    process.stderr.write(
      `${NAME}: ${signal}: stopping${cli.options.state !== undefined ? ` and saving the state to ${cli.options.state}` : ""}\n`,
    )
    // A second signal while stopping means "now".
    process.once("SIGINT", () => process.exit(130))
    process.once("SIGTERM", () => process.exit(143))
    await emulator.stop()
  } finally {
    // Releases the state file's lock; the state is saved already (or its failure is being reported).
    stopping = true
    await emulator.close()
  }
}

const main = async (): Promise<number> => {
  let cli: ReturnType<typeof parse>
  try {
    cli = parse(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${NAME}: ${error.message}\nTry '${NAME} --help'.\n`)
    return 2
  }
  if (cli === "help") {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (cli === "version") {
    process.stdout.write(`${version()}\n`)
    return 0
  }
  try {
    await run(cli)
  } catch (error) {
    if (!(error instanceof EmulatorError)) throw error
    // The file itself is the problem (not its location, nor another emulator using it).
    const unusable = error.reason === "State" && !/^cannot (write|lock)| is in use by another emulator/.test(error.message)
    const hint = unusable ? `\nThe file was left as it is: fix it, move it away, or start with another --state.` : ""
    process.stderr.write(`${NAME}: error: ${error.message}${hint}\n`)
    return 1
  }
  if (failedSaves === 0) return 0
  process.stderr.write(
    `${NAME}: error: ${failedSaves} save${failedSaves === 1 ? "" : "s"} of the state failed while the emulator ran (see above); it was saved on exit\n`,
  )
  return 1
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    process.stderr.write(`${NAME}: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  },
)
