/**
 * Tools of the machine the proof tests drive the emulator with, found where they are installed,
 * or why they are not: the AWS CLI v1 (botocore), a Python with boto3, curl; and the emulator's
 * command, spawned as users run it.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { CodePipelineClient } from "@aws-sdk/client-codepipeline"
import { DEFAULT_CREDENTIALS } from "@effect-codepipeline/core/Emulator"
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest"

export const pyenvVersions = Path.join(process.env["PYENV_ROOT"] ?? Path.join(Os.homedir(), ".pyenv"), "versions")

/** For an `aws` installed in a pyenv Python, that Python (so pyenv's shims agree with the path). */
export const pyenvEnv = (path: string): Record<string, string> =>
  path.startsWith(`${pyenvVersions}${Path.sep}`) ? { PYENV_VERSION: path.slice(pyenvVersions.length + 1).split(Path.sep)[0]! } : {}

/** The existing files named `program` on PATH, then in each pyenv Python, newest first. */
const installed = (program: string): Array<string> => {
  const candidates = new Set<string>()
  for (const dir of (process.env["PATH"] ?? "").split(Path.delimiter)) if (dir !== "") candidates.add(Path.join(dir, program))
  if (Fs.existsSync(pyenvVersions))
    for (const v of Fs.readdirSync(pyenvVersions).sort().reverse()) candidates.add(Path.join(pyenvVersions, v, "bin", program))
  return [...candidates].filter((path) => Fs.existsSync(path))
}

/** What `path` prints to stdout, run under its own pyenv Python; throws (with `stderr`) when it fails. */
const probe = (path: string, args: ReadonlyArray<string>): string =>
  execFileSync(path, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 30_000,
    env: { ...process.env, ...pyenvEnv(path) },
  })

/** An `aws` that reports `aws-cli/1.x` (botocore), or why there is none: on PATH, then in each pyenv Python. */
export const findAwsCliV1 = (): { readonly path: string; readonly version: string } | { readonly missing: string } => {
  const tried: Array<string> = []
  for (const path of installed("aws")) {
    try {
      // `aws --version` prints `aws-cli/1.45.11 Python/3.11.7 ... botocore/1.43.11` (on stderr for old versions).
      const output = probe(path, ["--version"])
      if (/^aws-cli\/1\./.test(output.trim())) return { path, version: output.trim() }
      tried.push(`${path}: ${output.trim().split(" ")[0]}`)
    } catch (error) {
      const e = error as { stderr?: string; message: string }
      const version = (e.stderr ?? "").trim()
      if (/^aws-cli\/1\./.test(version)) return { path, version }
      tried.push(`${path}: ${e.message.split("\n")[0]}`)
    }
  }
  return {
    missing: `no AWS CLI v1 on this machine (looked on PATH and in ${pyenvVersions}${tried.length > 0 ? `; found ${tried.join(", ")}` : ""})`,
  }
}

/** A `python3` (on PATH, then in each pyenv Python) that imports boto3, or why there is none. */
export const findBoto3 = (): { readonly path: string; readonly version: string } | { readonly missing: string } => {
  const tried: Array<string> = []
  for (const path of installed("python3")) {
    try {
      const version = probe(path, ["-c", "import boto3; print(boto3.__version__)"]).trim()
      return { path, version: `boto3 ${version}` }
    } catch (error) {
      tried.push(`${path}: ${((error as { stderr?: string }).stderr ?? "").trim().split("\n").pop() ?? "failed"}`)
    }
  }
  return {
    missing: `no python3 with boto3 on this machine (looked on PATH and in ${pyenvVersions}${tried.length > 0 ? `; ${tried.join(", ")}` : ""})`,
  }
}

/** `curl` with `--aws-sigv4` (7.75 or later), or why there is none. */
export const findCurl = (): { readonly path: string; readonly version: string } | { readonly missing: string } => {
  try {
    const version = execFileSync("curl", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 }).split(
      "\n",
    )[0]!
    const m = /^curl (\d+)\.(\d+)/.exec(version)
    if (m !== null && (Number(m[1]) > 7 || (Number(m[1]) === 7 && Number(m[2]) >= 75))) return { path: "curl", version }
    return { missing: `curl is too old for --aws-sigv4 (${version})` }
  } catch (error) {
    return { missing: `no curl on PATH (${(error as Error).message.split("\n")[0]})` }
  }
}

/** Runs a program to its end with exactly `env`; never rejects. */
export const run = (
  path: string,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  options: { readonly input?: string; readonly timeoutMs?: number } = {},
): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }> =>
  new Promise((resolve) => {
    const child = execFile(
      path,
      args,
      { timeout: options.timeoutMs ?? 120_000, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr }),
    )
    if (options.input !== undefined) child.stdin!.end(options.input)
  })

/** The repository root: `npm run emulator` and tsx (reading its tsconfig) run from there. */
export const root = fileURLToPath(new URL("../../../..", import.meta.url))

export interface SpawnedEmulator {
  readonly child: ChildProcess
  readonly url: string
  readonly stdout: () => string
  readonly stderr: () => string
  readonly exit: Promise<number | null>
}

/** What a spawned emulator that exited before it listened printed, and its exit code. */
export interface NotListening {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const spawned: Array<ChildProcess> = []

/**
 * Spawns `command` (by default `effect-codepipeline-emulator` from source, as `npm run emulator`
 * runs it) in the repository's root; resolves once it printed its banner, or rejects, when it exits
 * first, with an Error that is also a `NotListening`.
 */
export const spawnEmulator = (
  args: ReadonlyArray<string>,
  command: ReadonlyArray<string> = [process.execPath, "--import", "tsx", Path.join(root, "packages/emulator/src/cli.ts")],
): Promise<SpawnedEmulator> =>
  new Promise((resolve, reject) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] })
    spawned.push(child)
    let out = ""
    let err = ""
    const exit = new Promise<number | null>((done) => child.on("exit", (code) => done(code)))
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString()
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1]
      if (url !== undefined && out.includes("Stop with")) resolve({ child, url, stdout: () => out, stderr: () => err, exit })
    })
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString()
    })
    void exit.then((code) =>
      reject(Object.assign(new Error(`the emulator exited with ${code} before listening: ${err}`), { code, stdout: out, stderr: err })),
    )
  })

/** Runs the emulator's command to its exit, for a run that must not start: its exit code and what it printed. */
export const runToExit = (args: ReadonlyArray<string>): Promise<NotListening> =>
  spawnEmulator(args).then(
    (started) => {
      started.child.kill("SIGTERM")
      throw new Error(`expected the emulator to fail, but it listened on ${started.url}`)
    },
    (error: NotListening) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )

/** Kills every emulator spawned here that still runs: what a failed test left behind (for `afterEach`). */
export const killSpawned = () => {
  for (const child of spawned.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
}

/** The official SDK's client of a spawned emulator at `url`: its default credentials, no retries. */
export const clientOf = (url: string) =>
  new CodePipelineClient({ region: "us-east-1", endpoint: url, credentials: DEFAULT_CREDENTIALS, maxAttempts: 1 })

/**
 * Registers hooks that make a temporary directory (named after `prefix`) before each test, or once
 * before the file's tests (`"file"`), and remove it after: its `path`, once made.
 */
export const temporaryDirectory = (prefix: string, per: "test" | "file" = "test"): { readonly path: string } => {
  const directory = { path: "" }
  ;(per === "test" ? beforeEach : beforeAll)(async () => {
    directory.path = await Fs.promises.mkdtemp(Path.join(Os.tmpdir(), prefix))
  })
  ;(per === "test" ? afterEach : afterAll)(() => Fs.promises.rm(directory.path, { recursive: true, force: true }))
  return directory
}

/** A fresh home for tools: nothing of the machine's own AWS configuration reaches them. */
export const isolatedEnv = (home: string, path: string): Record<string, string> => ({
  PATH: process.env["PATH"] ?? "",
  HOME: home,
  ...(process.env["PYENV_ROOT"] !== undefined ? { PYENV_ROOT: process.env["PYENV_ROOT"] } : {}),
  ...pyenvEnv(path),
  AWS_CONFIG_FILE: Path.join(home, "no-config"),
  AWS_SHARED_CREDENTIALS_FILE: Path.join(home, "no-credentials"),
  AWS_EC2_METADATA_DISABLED: "true",
})
