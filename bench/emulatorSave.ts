/**
 * Emulator: request latency while a large state is saved. Run by `npm run bench` (bench/main.ts)
 * in its own process; prints a Markdown table that main.ts appends to its own. `--quick`: shorter.
 *
 * The emulator runs as users run it, its command line in a process of its own
 * (`emulatorServer.js`), with about 10 MiB of state: 1,000 pipelines (the quota) of three versions
 * with long configuration values. This process drives it over HTTP (keep-alive, signed like an SDK)
 * at a steady 400 requests a second, half `TagResource` (a change, so every interval has something
 * to save), half `GetPipeline` of another pipeline each time. Requests are sent on schedule whether
 * or not earlier ones were answered (an open loop), and each one's latency is counted from the time
 * it was due: a server that stalls 300 ms delays every request due in those 300 ms, as it would
 * for a team's CI jobs (a closed loop of a few clients would only count the few requests in flight
 * and hide the stall from the p99).
 *
 * - without `--state`: the same pipelines created through the API first (their executions run to
 *   their manual approval before the measurement starts);
 * - with `--state FILE --save-interval 1s`: the state loaded from the file, and saved (rendered and
 *   written in full) about every second while the requests run.
 *
 * Both emulators run side by side and are driven in turns (6 rounds of 4 s each), so
 * that whatever else the machine does falls on both alike; the latencies of each are pooled.
 *
 * The target: p99 with `--state` within twice the p99 without.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"

const QUICK = process.argv.includes("--quick")
const ROUNDS = QUICK ? 2 : 6
const WINDOW = QUICK ? 2 : 4
const RATE = 400
const PIPELINES = 1_000
const VERSIONS = 3
const SERVER = Path.join(Path.dirname(fileURLToPath(import.meta.url)), "emulatorServer.js")
const CREDENTIALS = { accessKeyId: "AKIAEMULATOR00000000", secretAccessKey: "emulator/secret/access/key/EXAMPLEKEY000" }

const declaration = (name: string, version?: number) => ({
  name,
  roleArn: "arn:aws:iam::123456789012:role/codepipeline",
  artifactStore: { type: "S3", location: "bucket" },
  stages: [
    {
      name: "Source",
      actions: [
        {
          name: "Source",
          actionTypeId: { category: "Source", owner: "AWS", provider: "S3", version: "1" },
          configuration: {
            S3Bucket: "b".repeat(1000),
            S3ObjectKey: "k".repeat(1000),
            PollForSourceChanges: "false",
          },
          outputArtifacts: [{ name: "out" }],
        },
      ],
    },
    {
      name: "Approve",
      actions: [{ name: "Approve", actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" } }],
    },
  ],
  ...(version !== undefined ? { version } : {}),
})

const writeState = (file: string) => {
  const state = {
    region: "us-east-1",
    accountId: "123456789012",
    pipelines: Array.from({ length: PIPELINES }, (_, i) => ({
      name: `big-${i}`,
      created: "2024-01-01T00:00:00.000Z",
      updated: "2024-01-01T00:00:00.000Z",
      versions: Array.from({ length: VERSIONS }, (_, v) => declaration(`big-${i}`, v + 1)),
      tags: [],
    })),
    customActionTypes: [],
    registeredActionTypes: [],
    webhooks: [],
  }
  Fs.writeFileSync(file, JSON.stringify({ format: "effect-codepipeline-emulator-state", version: 1, state }, null, 2))
  return Fs.statSync(file).size
}

const start = (args: ReadonlyArray<string>): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    // Pipelines created through the API start an execution: with short actions, each has reached
    // its approval (which waits without a timer) before the measurement, and no simulated event
    // falls into it.
    const child = spawn(process.execPath, [SERVER, "--port", "0", "--action-duration", "100ms", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    })
    running.add(child)
    let out = ""
    let err = ""
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString()
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1]
      if (url !== undefined && out.includes("Stop with")) resolve({ child, url })
    })
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()))
    child.once("exit", (code) => reject(new Error(`the emulator exited with ${code}: ${err}`)))
  })

const running = new Set<ChildProcess>()

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    running.delete(child)
    child.removeAllListeners("exit")
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
  })

const sha256 = Hash.bind(null, "sha256") as unknown as ConstructorParameters<typeof SignatureV4>[0]["sha256"]

const client = (url: string) => {
  const { hostname, port, host } = new URL(url)
  const agent = new Http.Agent({ keepAlive: true, maxSockets: 64 })
  const signer = new SignatureV4({ service: "codepipeline", region: "us-east-1", credentials: CREDENTIALS, sha256 })
  return {
    call: async (operation: string, input: unknown): Promise<number> => {
      const body = JSON.stringify(input)
      const headers = { host, "content-type": "application/x-amz-json-1.1", "x-amz-target": `CodePipeline_20150709.${operation}` }
      const signed = await signer.sign({
        method: "POST",
        protocol: "http:",
        hostname,
        port: Number(port),
        path: "/",
        query: {},
        headers,
        body,
      })
      return new Promise((resolve, reject) => {
        const req = Http.request(
          {
            host: hostname,
            port: Number(port),
            method: "POST",
            path: "/",
            agent,
            headers: { ...signed.headers, "content-length": String(Buffer.byteLength(body)) },
          },
          (res) => {
            // The body is kept only to say why a call was refused (a bench that breaks says how).
            let answer = ""
            res.on("data", (chunk) => {
              if (answer.length < 500) answer += chunk
            })
            res.on("end", () =>
              res.statusCode === 200
                ? resolve(res.statusCode)
                : reject(new Error(`${operation}: HTTP ${res.statusCode} ${answer.slice(0, 500)}`)),
            )
          },
        )
        req.on("error", reject)
        req.end(body)
      })
    },
    close: () => agent.destroy(),
  }
}

const percentile = (sorted: ReadonlyArray<number>, p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

/** Drives an emulator for `WINDOW` seconds; adds each request's latency to `latencies`. */
const drive = async (url: string, latencies: Array<number>, offset: number) => {
  const api = client(url)
  const total = WINDOW * RATE
  const start = performance.now() + 50
  const calls: Array<Promise<void>> = []
  const send = (i: number) => {
    const due = start + (i * 1000) / RATE
    const n = offset + i
    const call =
      n % 2 === 0
        ? api.call("TagResource", {
            resourceArn: `arn:aws:codepipeline:us-east-1:123456789012:big-${n % PIPELINES}`,
            tags: [{ key: "n", value: String(n) }],
          })
        : api.call("GetPipeline", { name: `big-${(n * 7919) % PIPELINES}` })
    calls.push(call.then(() => void latencies.push(performance.now() - due)))
  }
  await new Promise<void>((resolve) => {
    let next = 0
    const timer = setInterval(() => {
      const now = performance.now()
      while (next < total && start + (next * 1000) / RATE <= now) send(next++)
      if (next >= total) {
        clearInterval(timer)
        resolve()
      }
    }, 1)
  })
  await Promise.all(calls)
  api.close()
}

const summary = (latencies: Array<number>) => {
  latencies.sort((a, b) => a - b)
  return {
    count: latencies.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1]!,
  }
}

const main = async () => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "bench-emulator-"))
  try {
    const file = Path.join(dir, "state.json")
    const size = writeState(file)

    // Without --state: the same pipelines, created through the API.
    const bare = await start([])
    const setup = client(bare.url)
    for (let i = 0; i < PIPELINES; i++) {
      await setup.call("CreatePipeline", { pipeline: declaration(`big-${i}`) })
      for (let v = 1; v < VERSIONS; v++) await setup.call("UpdatePipeline", { pipeline: declaration(`big-${i}`) })
    }
    setup.close()
    const saved = await start(["--state", file, "--save-interval", "1s"])
    let saves = 0
    let last = Fs.statSync(file).mtimeMs
    const watch = setInterval(() => {
      const mtime = Fs.statSync(file).mtimeMs
      if (mtime !== last) saves++
      last = mtime
    }, 25)
    const bareLatencies: Array<number> = []
    const savedLatencies: Array<number> = []
    for (let round = 0; round < ROUNDS; round++) {
      await drive(bare.url, bareLatencies, round * WINDOW * RATE)
      await drive(saved.url, savedLatencies, round * WINDOW * RATE)
    }
    clearInterval(watch)
    await stop(bare.child)
    await stop(saved.child)
    const without = summary(bareLatencies)
    const withState = summary(savedLatencies)

    const ms = (x: number) => x.toFixed(1)
    const within = withState.p99 <= 2 * without.p99
    console.log(
      [
        `Emulator (its command line in its own process, \`node\`): ${RATE} requests a second for ${ROUNDS} × ${WINDOW} s to each emulator, in turns, sent on schedule (an open loop; latency counted from when each was due), half \`TagResource\` (a change), half \`GetPipeline\`; ${PIPELINES.toLocaleString("en")} pipelines of ${VERSIONS} versions, a state file of ${(size / 2 ** 20).toFixed(1)} MiB; with \`--state\`, \`--save-interval 1s\` (${saves} saves seen while the requests ran).`,
        "",
        "| measure | without `--state` | with `--state`, saving | target |",
        "| --- | --: | --: | --- |",
        `| requests | ${without.count.toLocaleString("en")} | ${withState.count.toLocaleString("en")} | |`,
        `| p50 latency, ms | ${ms(without.p50)} | ${ms(withState.p50)} | |`,
        `| p99 latency, ms | ${ms(without.p99)} | ${ms(withState.p99)} | ≤ 2× without ${within ? "✅" : "❌"} |`,
        `| max latency, ms | ${ms(without.max)} | ${ms(withState.max)} | |`,
      ].join("\n"),
    )
  } finally {
    // A failure leaves no emulator running (it would also keep this process alive).
    await Promise.all([...running].map(stop))
    Fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
