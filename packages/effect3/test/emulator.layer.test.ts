/**
 * What the Effect layer adds to the emulator: `CodePipelineEmulator.layer`'s scope (closing it
 * stops the server), its typed start errors, its options in Effect's terms (a `Duration`), its
 * controls as Effects on the wire, and `makeApp`
 * as an `@effect/platform` `HttpApp`. The wire protocol and its defences are tested without
 * Effect: the handler in `packages/core/test/emulator.test.ts`, the server in
 * `packages/emulator/test/server.test.ts`.
 */
import * as Fs from "node:fs/promises"
import * as Os from "node:os"
import * as Path from "node:path"
import * as HttpApp from "@effect/platform/HttpApp"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import { Effect, Layer, Logger, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ConflictException, ThrottlingException } from "../src/index.js"
import { CodePipelineEmulator } from "../src/testing/index.js"
import { twoStage } from "./support/inmemory.js"
import { call, eventually, type Running, socket, startEmulator, UUID } from "./support/emulator.js"

const steady = twoStage("steady")

let run: Running
let emulator: CodePipelineEmulator.Service

beforeAll(async () => {
  run = await startEmulator({ inMemory: { startOnCreate: false } })
  emulator = run.emulator
  await Effect.runPromise(emulator.controls.seedPipeline(steady))
})

afterAll(() => run.close())

const expectError = (response: { status: number; headers: Record<string, unknown>; json: any }, status: number, code: string) => {
  expect({ status: response.status, code: response.json?.__type }).toEqual({ status, code })
  expect(response.headers["x-amzn-errortype"]).toBe(code)
}

describe("the controls as Effects", () => {
  it("an injected error class answers on the wire with its status, and a common error with the code it was given", async () => {
    const { controls } = emulator
    await Effect.runPromise(controls.injectFault("startPipelineExecution", new ConflictException({ message: "Busy" })))
    expectError(await call(emulator, "StartPipelineExecution", { name: "steady" }), 409, "ConflictException")
    await Effect.runPromise(
      controls.injectFault("listPipelines", new ThrottlingException({ message: "Rate exceeded", code: "Throttling" })),
    )
    expectError(await call(emulator, "ListPipelines"), 400, "Throttling")
    expect((await call(emulator, "ListPipelines")).status).toBe(200)
  })

  it("setCaller names who signs with a key: the trigger of the execution the key starts", async () => {
    const caller = "arn:aws:sts::123456789012:assumed-role/deployer/bob"
    await Effect.runPromise(emulator.setCaller(emulator.credentials.accessKeyId, caller))
    try {
      expect((await call(emulator, "StartPipelineExecution", { name: "steady" })).status).toBe(200)
      const summaries = (await call(emulator, "ListPipelineExecutions", { pipelineName: "steady" })).json.pipelineExecutionSummaries
      expect(summaries[0].trigger.triggerDetail).toBe(caller)
    } finally {
      await Effect.runPromise(emulator.setCaller(emulator.credentials.accessKeyId, undefined))
    }
  })

  it("registerRole lets CodePipeline assume a role the IAM check refused", async () => {
    const checked = await startEmulator({ inMemory: { startOnCreate: false, checkRoles: true } })
    try {
      const create = () => call(checked.emulator, "CreatePipeline", { pipeline: { ...steady, name: "assumed" } })
      expectError(await create(), 400, "InvalidStructureException")
      await Effect.runPromise(checked.emulator.controls.registerRole(steady.roleArn))
      expect((await create()).status).toBe(200)
    } finally {
      await checked.close()
    }
  })
})

describe("closing", () => {
  it("closing the scope stops the server and closes open connections", async () => {
    const other = await startEmulator()
    const open = socket(other.emulator, () => undefined, 3000)
    // The connection is open (idle) when the emulator stops.
    await new Promise((resolve) => setTimeout(resolve, 100))
    await other.close()
    const transcript = await open
    expect(transcript.closed).toBe(true)
    await expect(call(other.emulator, "ListPipelines")).rejects.toThrow(/ECONNREFUSED/)
  })

  it("fails to start on a port in use with an EmulatorError", async () => {
    const error = await Effect.runPromise(Effect.scoped(Effect.flip(CodePipelineEmulator.make({ port: emulator.port }))))
    expect(error).toBeInstanceOf(CodePipelineEmulator.EmulatorError)
    expect(error.reason).toBe("Listen")
    expect(error.message).toContain("EADDRINUSE")
  })
})

describe("the state file option", () => {
  it("is the server's: saved every saveInterval (a Duration), and a corrupt file fails make with an EmulatorError (State)", async () => {
    const dir = await Fs.mkdtemp(Path.join(Os.tmpdir(), "emulator-layer-"))
    try {
      const state = Path.join(dir, "state.json")
      const saving = await startEmulator({ state, saveInterval: "50 millis", inMemory: { startOnCreate: false } })
      try {
        await Effect.runPromise(saving.emulator.controls.seedPipeline(steady))
        await eventually("the periodic save", async () =>
          JSON.parse(await Fs.readFile(state, "utf8")).state.pipelines.length === 1 ? true : undefined,
        )
      } finally {
        await saving.close()
      }
      await Fs.writeFile(state, "{ not json")
      const error = await Effect.runPromise(Effect.scoped(Effect.flip(CodePipelineEmulator.make({ state }))))
      expect(error).toBeInstanceOf(CodePipelineEmulator.EmulatorError)
      expect(error.reason).toBe("State")
      expect(error.message).toContain(state)
    } finally {
      await Fs.rm(dir, { recursive: true, force: true })
    }
  })
})

describe("a periodic save that fails", () => {
  const failingSave = async (
    options: CodePipelineEmulator.Options,
    layer: (l: ReturnType<typeof CodePipelineEmulator.layer>) => Layer.Layer<CodePipelineEmulator.Emulator, unknown>,
  ) => {
    const dir = await Fs.mkdtemp(Path.join(Os.tmpdir(), "emulator-layer-"))
    const state = Path.join(dir, "state.json")
    const runtime = ManagedRuntime.make(layer(CodePipelineEmulator.layer({ state, saveInterval: "50 millis", ...options })))
    const emulator = await runtime.runPromise(CodePipelineEmulator.Emulator)
    // The directory disappears: nothing can be written there any more.
    await Fs.rm(dir, { recursive: true, force: true })
    await runtime.runPromise(emulator.controls.seedPipeline(steady))
    return { state, close: () => runtime.dispose().catch(() => undefined) }
  }

  it("reaches onSaveError as a typed EmulatorError (State)", async () => {
    const errors: Array<CodePipelineEmulator.EmulatorError> = []
    const { state, close } = await failingSave({ onSaveError: (error) => errors.push(error) }, (l) => l)
    try {
      const error = await eventually("the report of the failed save", async () => errors[0], 3000)
      expect(error).toBeInstanceOf(CodePipelineEmulator.EmulatorError)
      expect(error.reason).toBe("State")
      expect(error.message).toContain(`cannot write the state file ${state}`)
    } finally {
      await close()
    }
  })

  it("is logged at Error level without onSaveError, not at Debug", async () => {
    const logged: Array<{ level: string; message: unknown }> = []
    const logger = Logger.make(({ logLevel, message }) => {
      logged.push({ level: logLevel.label, message })
    })
    const { state, close } = await failingSave({}, (l) => Layer.provide(l, Logger.replace(Logger.defaultLogger, logger)))
    try {
      const entry = await eventually("the logged failure", async () => logged.find((e) => String(e.message).includes("cannot write")), 3000)
      expect(entry.level).toBe("ERROR")
      expect(String(entry.message)).toContain(state)
    } finally {
      await close()
    }
  })
})

describe("as an @effect/platform HttpApp", () => {
  it("answers a web Request the way the server answers, signatures included", async () => {
    const { app, credentials, controls } = await Effect.runPromise(CodePipelineEmulator.makeApp({ inMemory: { startOnCreate: false } }))
    await Effect.runPromise(controls.seedPipeline(steady))
    const handler = HttpApp.toWebHandler(app)
    const signer = new SignatureV4({
      service: "codepipeline",
      region: "us-east-1",
      credentials,
      sha256: Hash.bind(null, "sha256") as never,
    })
    const request = async (body: string, sign = true) => {
      const headers: Record<string, string> = {
        host: "emulator.local",
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "CodePipeline_20150709.GetPipeline",
      }
      const signed = sign
        ? (await signer.sign({ method: "POST", protocol: "http:", hostname: "emulator.local", path: "/", query: {}, headers, body }))
            .headers
        : headers
      const response = await handler(
        new Request("http://emulator.local/", { method: "POST", headers: signed as Record<string, string>, body }),
      )
      return { status: response.status, headers: response.headers, json: (await response.json()) as any }
    }
    const ok = await request(JSON.stringify({ name: "steady" }))
    expect(ok.status).toBe(200)
    expect(ok.headers.get("content-type")).toBe("application/x-amz-json-1.1")
    expect(ok.headers.get("x-amzn-requestid")).toMatch(UUID)
    expect(ok.json.pipeline.name).toBe("steady")
    const missing = await request(JSON.stringify({ name: "nope" }))
    expect([missing.status, missing.json.__type, missing.headers.get("x-amzn-errortype")]).toEqual([
      400,
      "PipelineNotFoundException",
      "PipelineNotFoundException",
    ])
    const unsigned = await request(JSON.stringify({ name: "steady" }), false)
    expect([unsigned.status, unsigned.json.__type]).toEqual([400, "MissingAuthenticationTokenException"])
  })
})
