/**
 * The clients under comparison, each behind the same tiny interface so that the measuring loop is
 * identical for all of them:
 *
 * - `sdk`: the measured flavor's default live layer, calls run in an Effect loop (one `runPromise`
 *   per round), as an Effect program would make them;
 * - `sdk-promise`: the same layer through `ManagedRuntime.runPromise` once per call, as code that
 *   is not itself written in Effect would make them;
 * - `sdk-traced`: `sdk` with a tracer installed, so that every call makes its span;
 * - `official`: `@aws-sdk/client-codepipeline` `CodePipelineClient.send`;
 * - `raw`: `node:http` keep-alive agent + `@smithy/signature-v4` + `JSON.parse`, the floor. It hashes
 *   as the SDK does (`NodeSha256`, HMAC keys as `KeyObject`s): with `@smithy/hash-node`'s hash, Node 24
 *   raises and catches two exceptions in every HMAC, work a client need not do, which the floor would
 *   then count as the least a client does.
 *
 * The `sdk` clients are the flavor's (`bench-kit`: `main.ts` points it at the flavor's `sdk.ts`
 * when it bundles a worker, so that the flavor's files resolve its own `effect`); this module
 * imports no Effect.
 */
import * as Http from "node:http"
import { CodePipelineClient, CreatePipelineCommand, GetPipelineStateCommand, paginateListPipelines } from "@aws-sdk/client-codepipeline"
import { makeNodeSha256 } from "@effect-codepipeline/core/NodeSha256"
import { SignatureV4 } from "@smithy/signature-v4"
import { makeSdk } from "bench-kit"
import { CREDENTIALS, createPipelineInput, REGION } from "./fixtures.js"

export type Op = "get" | "create"
export type ClientKind = "sdk" | "sdk-promise" | "sdk-traced" | "official" | "raw"
/** How the `sdk` clients call: in an Effect loop, one `runPromise` per call, or in a loop with a tracer installed. */
export type SdkMode = "loop" | "promise" | "traced"

export interface BenchClient {
  /** One call; resolves with a value to sanity-check. */
  readonly once: (op: Op) => Promise<unknown>
  /** `n` sequential calls. */
  readonly run: (op: Op, n: number) => Promise<void>
  /** Counts every pipeline of a full listing. */
  readonly list: (pageSize: number) => Promise<number>
  readonly close: () => Promise<void>
}

export const GET_INPUT = { name: "release-pipeline" }

export const sequential = (once: (op: Op) => Promise<unknown>) => async (op: Op, n: number) => {
  for (let i = 0; i < n; i++) await once(op)
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
    sha256: makeNodeSha256(),
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
      return makeSdk(endpoint, "loop")
    case "sdk-promise":
      return makeSdk(endpoint, "promise")
    case "sdk-traced":
      return makeSdk(endpoint, "traced")
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
