/**
 * `effect-codepipeline-emulator` as users run it (issues #13 and #17): the banner's lines work
 * as printed with the AWS CLI v1 (botocore), a user's secret key is not printed, `npm run emulator`
 * stops on one SIGTERM, and a state file that cannot be used or kept is said so, with a non-zero
 * exit code.
 */
import { execFileSync } from "node:child_process"
import * as FsP from "node:fs/promises"
import * as Net from "node:net"
import * as Path from "node:path"
import { CreatePipelineCommand, type PipelineDeclaration } from "@aws-sdk/client-codepipeline"
import { afterEach, describe, expect, it } from "vitest"
import { DEFAULT_CREDENTIALS } from "@effect-codepipeline/core/Emulator"
import { pipeline } from "./support/pipelines.js"
import { clientOf, findAwsCliV1, isolatedEnv, killSpawned, run, runToExit, spawnEmulator, temporaryDirectory } from "./support/tools.js"

// The tests' two-stage pipeline (an S3 source, a manual approval), as the official SDK takes it.
const declaration = (name: string): PipelineDeclaration => pipeline(name) as PipelineDeclaration

const waitFor = async (what: string, check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const temp = temporaryDirectory("emulator-cli-hardening-", "file")
afterEach(killSpawned)

const awsCli = findAwsCliV1()
if ("missing" in awsCli) console.log(`[hardening.emulator.cli] skipping the AWS CLI v1 test: ${awsCli.missing}`)

/** The `export NAME=value` lines of a banner. */
const exportsOf = (banner: string): Record<string, string> =>
  Object.fromEntries([...banner.matchAll(/^\s*export (\w+)=(\S*)$/gm)].map((m) => [m[1]!, m[2]!]))

/** The AWS CLI with `env` and nothing of the machine's own AWS configuration. */
const runAws = (path: string, args: ReadonlyArray<string>, env: Record<string, string>) =>
  run(path, args, { ...isolatedEnv(temp.path, path), ...env }, { timeoutMs: 60_000 })

describe("the banner", () => {
  it("prints AWS_DEFAULT_REGION with AWS_REGION, and the --endpoint-url form for CLIs that predate AWS_ENDPOINT_URL_CODEPIPELINE", async () => {
    const started = await spawnEmulator(["--port", "0"])
    const env = exportsOf(started.stdout())
    expect(env).toMatchObject({ AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "us-east-1", AWS_ENDPOINT_URL_CODEPIPELINE: started.url })
    expect(started.stdout()).toContain(`aws codepipeline list-pipelines --endpoint-url ${started.url}`)
    started.child.kill("SIGTERM")
    expect(await started.exit).toBe(0)
  })

  it.skipIf("missing" in awsCli)(
    "its lines, as printed, let the AWS CLI v1 (botocore) call the emulator, both ways",
    { timeout: 120_000 },
    async () => {
      const aws = awsCli as { path: string; version: string }
      const started = await spawnEmulator(["--port", "0"])
      const client = clientOf(started.url)
      await client.send(new CreatePipelineCommand({ pipeline: declaration("from-sdk") }))
      client.destroy()
      const env = exportsOf(started.stdout())
      const listed = await runAws(aws.path, ["codepipeline", "list-pipelines", "--output", "json"], env)
      expect(listed.stderr, aws.version).toBe("")
      expect(JSON.parse(listed.stdout).pipelines.map((p: { name: string }) => p.name)).toEqual(["from-sdk"])
      // The --endpoint-url line, for CLIs that ignore AWS_ENDPOINT_URL_CODEPIPELINE.
      const line = /^\s*(aws codepipeline .*--endpoint-url \S+)$/m.exec(started.stdout())![1]!
      const { AWS_ENDPOINT_URL_CODEPIPELINE: _, ...withoutEndpoint } = env
      const viaFlag = await runAws(aws.path, [...line.split(/\s+/).slice(1), "--output", "json"], withoutEndpoint)
      expect(viaFlag.stderr, aws.version).toBe("")
      expect(JSON.parse(viaFlag.stdout).pipelines.map((p: { name: string }) => p.name)).toEqual(["from-sdk"])
      started.child.kill("SIGTERM")
      expect(await started.exit).toBe(0)
    },
  )

  it("prints the documented default secret key, but masks one given with --secret-access-key", async () => {
    const secret = "user-supplied/SECRET/value/1234567890abcd"
    const custom = await spawnEmulator(["--port", "0", "--access-key-id", "AKIAUSERSUPPLIED0000", "--secret-access-key", secret])
    expect(custom.stdout()).not.toContain(secret)
    expect(custom.stdout()).toContain("AKIAUSERSUPPLIED0000")
    expect(custom.stdout()).toMatch(/secret access key: +\(the one given with --secret-access-key\)/)
    custom.child.kill("SIGTERM")
    await custom.exit
    expect(custom.stderr()).not.toContain(secret)
    const defaults = await spawnEmulator(["--port", "0"])
    expect(defaults.stdout()).toContain(`export AWS_SECRET_ACCESS_KEY=${DEFAULT_CREDENTIALS.secretAccessKey}`)
    defaults.child.kill("SIGTERM")
    await defaults.exit
  })
})

// -----------------------------------------------------------------------------------------------

/** Every process below `pid` (Linux `ps`). */
const descendants = (pid: number): Array<number> => {
  const table = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number])
  const out: Array<number> = []
  const queue = [pid]
  while (queue.length > 0) {
    const parent = queue.shift()!
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        out.push(child)
        queue.push(child)
      }
    }
  }
  return out
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const refused = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url)
    const s = Net.connect(Number(port), hostname)
    s.on("connect", () => {
      s.destroy()
      resolve(false)
    })
    s.on("error", () => resolve(true))
  })

describe("npm run emulator", () => {
  it("stops on one SIGTERM to the npm process: no server process is left listening", { timeout: 60_000 }, async () => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm"
    const started = await spawnEmulator(["--port", "0"], [npm, "run", "emulator", "--"])
    const below = descendants(started.child.pid!)
    expect(below.length).toBeGreaterThan(0)
    try {
      started.child.kill("SIGTERM")
      await started.exit
      await waitFor("every process started by npm to exit", () => below.every((pid) => !alive(pid)))
      expect(await refused(started.url)).toBe(true)
    } finally {
      // What a failure would leave behind is not left to run.
      for (const pid of below) if (alive(pid)) process.kill(pid, "SIGKILL")
    }
  })
})

describe("the state file, from the command line", () => {
  it("nested 100,000 levels deep: exit 1 with the file and the problem named, not only 'Maximum call stack size exceeded'", {
    timeout: 30_000,
  }, async () => {
    const state = Path.join(temp.path, "deep.json")
    await FsP.writeFile(
      state,
      `{"format":"effect-codepipeline-emulator-state","version":1,"state":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
    )
    const result = await runToExit(["--port", "0", "--state", state])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`effect-codepipeline-emulator: error: the state file ${state} is corrupt:`)
    expect(result.stderr).toContain("nested more than 100 levels deep")
    expect(result.stderr).not.toContain("Maximum call stack size exceeded")
  })

  it("in use by another emulator: the second one exits 1 saying so; after a kill -9 of the first, a restart works", {
    timeout: 60_000,
  }, async () => {
    const state = Path.join(temp.path, "locked.json")
    const first = await spawnEmulator(["--port", "0", "--state", state])
    const second = await runToExit(["--port", "0", "--state", state])
    expect(second.code).toBe(1)
    expect(second.stderr).toContain(`the state file ${state} is in use by another emulator (pid ${first.child.pid})`)
    first.child.kill("SIGKILL")
    await first.exit
    const restarted = await spawnEmulator(["--port", "0", "--state", state])
    restarted.child.kill("SIGTERM")
    expect(await restarted.exit).toBe(0)
  })

  it("a periodic save that fails is reported on stderr at once, and the exit code at shutdown is 1", { timeout: 60_000 }, async () => {
    const home = Path.join(temp.path, "vanishing")
    await FsP.mkdir(home)
    const state = Path.join(home, "state.json")
    const started = await spawnEmulator(["--port", "0", "--state", state, "--save-interval", "100ms"])
    await FsP.rm(home, { recursive: true, force: true })
    const client = clientOf(started.url)
    await client.send(new CreatePipelineCommand({ pipeline: declaration("unsaved") }))
    client.destroy()
    await waitFor("the failed save on stderr", () => started.stderr().includes(`cannot write the state file ${state}`))
    expect(started.stderr()).toMatch(/the state is not being saved/)
    // The directory is back: the save at exit succeeds, but state was not kept for a while.
    await FsP.mkdir(home)
    started.child.kill("SIGTERM")
    expect(await started.exit).toBe(1)
    expect(JSON.parse(await FsP.readFile(state, "utf8")).state.pipelines.map((p: { name: string }) => p.name)).toEqual(["unsaved"])
  })
})
