/**
 * The three clients under comparison, each behind the same tiny interface so that the measuring
 * loop is identical for all of them:
 *
 * - `sdk`: this package's default live layer, calls run in an Effect loop (one `runPromise` per
 *   round), as an Effect program would make them;
 * - `sdk-promise`: the same layer through `ManagedRuntime.runPromise` once per call, as code that
 *   is not itself written in Effect would make them;
 * - `sdk-traced`: `sdk` with a tracer installed, so that every call makes its span;
 * - `official`: `@aws-sdk/client-codepipeline` `CodePipelineClient.send`;
 * - `raw`: `node:http` keep-alive agent + `@smithy/signature-v4` + `JSON.parse`, the floor.
 */
import * as Http from "node:http"
import { CodePipelineClient, CreatePipelineCommand, GetPipelineStateCommand, paginateListPipelines } from "@aws-sdk/client-codepipeline"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { CodePipeline } from "../src/index.js"
import type * as S from "../src/schema/shapes.js"
import { CREDENTIALS, createPipelineInput, REGION } from "./fixtures.js"

export type Op = "get" | "create"
export type ClientKind = "sdk" | "sdk-promise" | "sdk-traced" | "official" | "raw"

export interface BenchClient {
  /** One call; resolves with a value to sanity-check. */
  readonly once: (op: Op) => Promise<unknown>
  /** `n` sequential calls. */
  readonly run: (op: Op, n: number) => Promise<void>
  /** Counts every pipeline of a full listing. */
  readonly list: (pageSize: number) => Promise<number>
  readonly close: () => Promise<void>
}

const GET_INPUT = { name: "release-pipeline" }

const sequential = (once: (op: Op) => Promise<unknown>) => async (op: Op, n: number) => {
  for (let i = 0; i < n; i++) await once(op)
}

/**
 * A tracer that records nothing, like Effect's built-in one, but is not it: the SDK then makes its
 * span for every call, as it does under any real tracer (OpenTelemetry's costs come on top).
 */
const recordingNowhere = Layer.unwrapEffect(
  Effect.map(Effect.tracer, (builtIn) => Layer.setTracer(Tracer.make({ span: (...args) => builtIn.span(...args), context: (f) => f() }))),
)

export const makeSdk = (endpoint: string, perCallRunPromise: boolean, traced = false): BenchClient => {
  const live = CodePipeline.layer({ region: REGION, endpoint, credentials: CREDENTIALS })
  const runtime = ManagedRuntime.make(traced ? Layer.merge(live, recordingNowhere) : live)
  const get = CodePipeline.getPipelineState(GET_INPUT)
  const create = CodePipeline.createPipeline(createPipelineInput as unknown as S.CreatePipelineInput)
  const effectOf = (op: Op): Effect.Effect<unknown, unknown, CodePipeline.CodePipeline> => (op === "get" ? get : create)
  const once = (op: Op) => runtime.runPromise(effectOf(op))
  return {
    once,
    run: perCallRunPromise
      ? sequential(once)
      : (op, n) => {
          const call = effectOf(op)
          let i = 0
          return runtime.runPromise(Effect.whileLoop({ while: () => i++ < n, body: () => call, step: () => {} }))
        },
    list: (pageSize) => runtime.runPromise(Stream.runCount(CodePipeline.listPipelinesItems({ maxResults: pageSize }))),
    close: () => runtime.dispose(),
  }
}

export const makeOfficial = (endpoint: string): BenchClient => {
  const client = new CodePipelineClient({ region: REGION, endpoint, credentials: CREDENTIALS })
  const createInput = createPipelineInput as any
  const once = (op: Op): Promise<unknown> =>
    op === "get" ? client.send(new GetPipelineStateCommand(GET_INPUT)) : client.send(new CreatePipelineCommand(createInput))
  return {
    once,
    run: sequential(once),
    list: async (pageSize) => {
      let n = 0
      for await (const page of paginateListPipelines({ client, pageSize }, {})) n += page.pipelines?.length ?? 0
      return n
    },
    close: async () => client.destroy(),
  }
}

export const makeRaw = (endpoint: string): BenchClient => {
  const url = new URL(endpoint)
  const port = Number(url.port)
  const agent = new Http.Agent({ keepAlive: true })
  const signer = new SignatureV4({
    service: "codepipeline",
    region: REGION,
    credentials: CREDENTIALS,
    sha256: Hash.bind(null, "sha256") as any,
  })
  const call = async (operation: string, input: unknown): Promise<unknown> => {
    const body = JSON.stringify(input)
    const signed = await signer.sign({
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port,
      path: "/",
      query: {},
      headers: {
        host: url.host,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `CodePipeline_20150709.${operation}`,
        "content-length": String(Buffer.byteLength(body)),
      },
      body,
    })
    return new Promise((resolve, reject) => {
      const req = Http.request({ hostname: url.hostname, port, path: "/", method: "POST", headers: signed.headers, agent }, (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () => {
          const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"))
          if (res.statusCode !== 200) reject(new Error(JSON.stringify(parsed)))
          else resolve(parsed)
        })
      })
      req.on("error", reject)
      req.end(body)
    })
  }
  const once = (op: Op) => (op === "get" ? call("GetPipelineState", GET_INPUT) : call("CreatePipeline", createPipelineInput))
  return {
    once,
    run: sequential(once),
    list: async (pageSize) => {
      let n = 0
      let nextToken: string | undefined
      do {
        const page = (await call("ListPipelines", { maxResults: pageSize, ...(nextToken ? { nextToken } : {}) })) as any
        n += page.pipelines.length
        nextToken = page.nextToken
      } while (nextToken)
      return n
    },
    close: async () => agent.destroy(),
  }
}

export const makeClient = (kind: ClientKind, endpoint: string): BenchClient => {
  switch (kind) {
    case "sdk":
      return makeSdk(endpoint, false)
    case "sdk-promise":
      return makeSdk(endpoint, true)
    case "sdk-traced":
      return makeSdk(endpoint, false, true)
    case "official":
      return makeOfficial(endpoint)
    case "raw":
      return makeRaw(endpoint)
  }
}

/** Asserts that a client really got the whole answer, so that no client is measured doing less. */
export const check = (op: Op, output: any): void => {
  const ok =
    op === "get"
      ? output?.stageStates?.length === 6 && output.stageStates.every((s: any) => s.actionStates?.length === 3)
      : output?.pipeline?.stages?.length === 6 && output.pipeline.version === 1
  if (!ok) throw new Error(`unexpected ${op} output: ${JSON.stringify(output).slice(0, 300)}`)
}
