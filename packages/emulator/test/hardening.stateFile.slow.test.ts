/**
 * The emulator's state file under conditions users meet (issue #13): a `--state` path that is a
 * symbolic link, files nested too deeply or starting with a byte order mark, `__proto__` keys,
 * temporary files left by a `kill -9`, two emulators on one file, saves that fail, and saving a
 * large state while requests come in.
 */
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"
import { type Emulator, type EmulatorError, start } from "../src/Emulator.js"
import { call, eventually } from "./support/http.js"
import { pipeline } from "./support/pipelines.js"
import { emptyState, envelope, freshStateFile, startFails, stateWith } from "./support/stateFile.js"

const temp = freshStateFile("emulator-hardening-")

const savedNames = async (path: string): Promise<Array<string>> =>
  JSON.parse(await Fs.readFile(path, "utf8")).state.pipelines.map((p: { name: string }) => p.name)

describe("a --state path that is a symbolic link", () => {
  it("is saved through the link: the link stays a link and its target receives the state", async () => {
    const target = Path.join(temp.dir, "real", "state.json")
    await Fs.mkdir(Path.dirname(target))
    await Fs.writeFile(target, envelope(emptyState))
    const link = Path.join(temp.dir, "link.json")
    await Fs.symlink(target, link)
    const running = await start({ state: link, simulatorOptions: { startOnCreate: false } })
    await call(running, "CreatePipeline", { pipeline: pipeline("through-link") })
    await running.close()
    expect((await Fs.lstat(link)).isSymbolicLink()).toBe(true)
    expect(await Fs.readlink(link)).toBe(target)
    expect(await savedNames(target)).toEqual(["through-link"])
    // The temporary file was written beside the target, and none is left.
    expect((await Fs.readdir(temp.dir)).sort()).toEqual(["link.json", "real"])
    expect((await Fs.readdir(Path.dirname(target))).filter((f) => f.endsWith(".tmp"))).toEqual([])
  })

  it("a dangling link is a new state, created at the link's target", async () => {
    const target = Path.join(temp.dir, "later.json")
    const link = Path.join(temp.dir, "dangling.json")
    await Fs.symlink("later.json", link)
    const running = await start({ state: link, simulatorOptions: { startOnCreate: false } })
    await call(running, "CreatePipeline", { pipeline: pipeline("dangling") })
    await running.close()
    expect((await Fs.lstat(link)).isSymbolicLink()).toBe(true)
    expect(await savedNames(target)).toEqual(["dangling"])
  })
})

describe("reading a state file", () => {
  it("nested 100,000 levels deep fails the start with the file and the problem named, and is left alone", async () => {
    const content = `{"format":"effect-codepipeline-emulator-state","version":1,"state":${"[".repeat(100_000)}${"]".repeat(100_000)}}`
    await Fs.writeFile(temp.file, content)
    const error = await startFails({ state: temp.file })
    expect(error.reason).toBe("State")
    expect(error.message).toMatch(
      new RegExp(`^the state file ${temp.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is corrupt: .*nested more than 100 levels deep`),
    )
    expect(await Fs.readFile(temp.file, "utf8")).toBe(content)
  })

  it("that starts with a UTF-8 byte order mark is read", async () => {
    await Fs.writeFile(temp.file, `\uFEFF${envelope(stateWith(pipeline("with-bom")))}`)
    const running = await start({ state: temp.file })
    try {
      expect((await call(running, "GetPipeline", { name: "with-bom" })).status).toBe(200)
    } finally {
      await running.close()
    }
  })

  it("keeps a configuration entry named __proto__ as an entry, and saves it back", async () => {
    await Fs.writeFile(temp.file, envelope(stateWith(pipeline("proto", { S3Bucket: "b", S3ObjectKey: "k", ["__proto__"]: "from-file" }))))
    const running = await start({ state: temp.file, simulatorOptions: { startOnCreate: false } })
    try {
      const got = await call(running, "GetPipeline", { name: "proto" })
      expect(got.body).toContain('"__proto__":"from-file"')
      // A change makes it save; the entry survives the round trip.
      await call(running, "CreatePipeline", { pipeline: pipeline("other") })
    } finally {
      await running.close()
    }
    const saved = JSON.parse(await Fs.readFile(temp.file, "utf8"))
    expect(
      Object.getOwnPropertyNames(
        saved.state.pipelines.find((p: { name: string }) => p.name === "proto").versions[0].stages[0].actions[0].configuration,
      ).sort(),
    ).toEqual(["S3Bucket", "S3ObjectKey", "__proto__"])
  })

  it("where __proto__ holds a non-string is refused as corrupt, naming where", async () => {
    const content = envelope(stateWith(pipeline("proto"))).replace('"S3Bucket": "b"', '"S3Bucket": "b", "__proto__": {"S3ObjectKey": 5}')
    await Fs.writeFile(temp.file, content)
    const error = await startFails({ state: temp.file })
    expect(error.message).toContain("at state.pipelines[0].versions[0].stages[0].actions[0].configuration.__proto__")
  })
})

describe("temporary files and locks", () => {
  it("temporary files left by a killed emulator are removed at start, and only those of this state file", async () => {
    const stale = [`.state.json.999999.1.tmp`, `.state.json.999998.17.tmp`]
    const others = [`.other.json.999999.1.tmp`, `.state.json.backup`, `state.json.999999.1.tmp`]
    for (const name of [...stale, ...others]) await Fs.writeFile(Path.join(temp.dir, name), "x".repeat(1024))
    const running = await start({ state: temp.file })
    await running.close()
    const left = await Fs.readdir(temp.dir)
    for (const name of stale) expect(left).not.toContain(name)
    for (const name of others) expect(left).toContain(name)
  })

  it("a second emulator on the same state file is refused with a message naming the file and the first one's pid", async () => {
    const first = await start({ state: temp.file })
    try {
      const error = await startFails({ state: temp.file })
      expect(error.reason).toBe("State")
      expect(error.message).toContain(temp.file)
      expect(error.message).toContain(`in use by another emulator (pid ${process.pid})`)
      // Through a link to it as well.
      const link = Path.join(temp.dir, "alias.json")
      await Fs.symlink(temp.file, link)
      expect((await startFails({ state: link })).message).toContain("in use by another emulator")
    } finally {
      await first.close()
    }
    // Released on stop: the next one starts.
    const next = await start({ state: temp.file })
    await next.close()
  })

  it("a lock left by a process that no longer runs is taken over", async () => {
    await Fs.writeFile(`${temp.file}.lock`, JSON.stringify({ pid: 999_999, started: "2024-01-01T00:00:00.000Z" }))
    const running = await start({ state: temp.file })
    expect(JSON.parse(await Fs.readFile(`${temp.file}.lock`, "utf8")).pid).toBe(process.pid)
    await running.close()
    await expect(Fs.stat(`${temp.file}.lock`)).rejects.toThrow(/ENOENT/)
  })
})

describe("saving", () => {
  it("a periodic save that fails is reported to onSaveError at once", async () => {
    const errors: Array<EmulatorError> = []
    const running = await start({ state: temp.file, saveIntervalMs: 50, onSaveError: (error) => errors.push(error) })
    try {
      // The directory disappears: nothing can be written there any more.
      await Fs.rm(temp.dir, { recursive: true, force: true })
      await call(running, "CreatePipeline", { pipeline: pipeline("unsaved") })
      const error = await eventually("the report of the failed save", async () => errors[0], 3000)
      expect(error.reason).toBe("State")
      expect(error.message).toContain(`cannot write the state file ${temp.file}`)
    } finally {
      await running.close().catch(() => undefined)
    }
  })

  it("requests are answered while a large state is saved: p99 latency far below one save of the whole state", {
    timeout: 120_000,
  }, async () => {
    // About 11 MiB of state: 1,000 pipelines (the quota) of three versions with long configuration values.
    const big = (i: number) =>
      pipeline(`big-${i}`, { S3Bucket: "b".repeat(1000), S3ObjectKey: "k".repeat(1000), PollForSourceChanges: "false" })
    const state = stateWith(...Array.from({ length: 1_000 }, (_, i) => big(i)))
    const snapshot = {
      ...state,
      pipelines: state.pipelines.map((p) => ({ ...p, versions: [1, 2, 3].map((version) => ({ ...p.versions[0]!, version })) })),
    }
    await Fs.writeFile(temp.file, envelope(snapshot))
    expect((await Fs.stat(temp.file)).size).toBeGreaterThan(10 * 2 ** 20)

    /** p99 of sequential requests for 3 seconds, each changing the state: every interval has something to save. */
    const p99 = async (emulator: Emulator) => {
      const latencies: Array<number> = []
      for (let i = 0, until = Date.now() + 3_000; Date.now() < until; i++) {
        const started = performance.now()
        await call(emulator, "TagResource", {
          resourceArn: "arn:aws:codepipeline:us-east-1:123456789012:big-0",
          tags: [{ key: "n", value: String(i) }],
        })
        latencies.push(performance.now() - started)
      }
      return latencies.sort((a, b) => a - b)[Math.floor(latencies.length * 0.99)]!
    }
    const without = await start({ simulatorOptions: { startOnCreate: false } })
    let baseline: number
    try {
      without.simulator.importState(snapshot)
      baseline = await p99(without)
    } finally {
      await without.close()
    }
    const running = await start({ state: temp.file, saveIntervalMs: 100, simulatorOptions: { startOnCreate: false } })
    let measured: number
    const saved = new Set<number>()
    const watch = setInterval(
      () =>
        void Fs.stat(temp.file).then(
          (s) => saved.add(s.mtimeMs),
          () => undefined,
        ),
      20,
    )
    try {
      measured = await p99(running)
    } finally {
      clearInterval(watch)
      await running.close()
    }
    console.log(
      `[hardening.stateFile] p99 of TagResource with an 11 MiB state: ${measured.toFixed(1)} ms saving every 100 ms (${saved.size} saves seen), ${baseline.toFixed(1)} ms without a state file`,
    )
    expect(saved.size).toBeGreaterThan(3)
    // Rendering 11 MiB in one go blocked the event loop for 250+ ms at every save, so the p99 was
    // 280 ms or more. The bound sits well below that and well above the noise of a shared CI machine,
    // where one stray pause decides a p99 of a few milliseconds.
    expect(measured).toBeLessThan(Math.max(3 * baseline, 100))
  })
})
