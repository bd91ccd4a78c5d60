/**
 * The Effect 4 flavor's breakdown (the Effect 3 flavor's is packages/effect3/bench/breakdown.ts; the
 * two differ in their Effect and in how each flavor's `encodeInput` ends: here it returns the JSON
 * text, so the codec's steps are timed through the core's `Codec` directly).
 *
 * Where a call's client CPU goes, step by step, in one process and without a network: each step of
 * the per-call path timed on its own, for `GetPipelineState` and `CreatePipeline` with the bench's
 * payloads, then the whole call through the live layer on a transport that answers from memory,
 * and the same steps as the floor does them (serialize, sign, parse).
 *
 * It explains the per-call table rather than replacing it: the steps this SDK adds to the floor's
 * are input validation (`encodeInput`) and output decoding, both the core's generated codec, whose cost grows with
 * the payload, and the fixed cost of the call's Effect, headers and retry policy.
 *
 * Prints a markdown table: CPU µs per call, how they are timed and summarised in ../breakdown.ts.
 */
// Mirror of packages/effect3/bench/breakdown.ts: the same measurement in each flavor's Effect (each file must resolve its own
// `effect`, so the two cannot share a body); they differ only where Effect's APIs do.
import * as Codec from "@effect-codepipeline/core/Codec"
import { Signer } from "@effect-codepipeline/core/Signer"
import { makeNodeSha256 } from "@effect-codepipeline/core/NodeSha256"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Effect from "effect/Effect"
import type * as S from "../../src/schema/Schemas.js"
import * as CodePipeline from "../../src/services/CodePipeline.js"
import { decodeOptions, secrets } from "../../src/services/internal/secrets.js"
import type { Operation } from "../../src/services/Operation.js"
import type { HttpResponse, Transport } from "../../src/services/Transport.js"
import { CREDENTIALS, createPipelineInput, pipelineStateBody, REGION } from "../fixtures.js"
import { CALLS, type Column, cpu, rounds, runBreakdown, time } from "../breakdown.js"

/** µs per run of `effect`, run `CALLS` times a round in one Effect loop, as the per-call bench does. */
const timeEffect = (effect: Effect.Effect<unknown, unknown>): Promise<number> =>
  rounds(async () => {
    let i = 0
    const c0 = cpu()
    await Effect.runPromise(Effect.whileLoop({ while: () => i++ < CALLS, body: () => effect, step: () => {} }))
    return (cpu() - c0) / CALLS
  })

const endpoint = new URL("http://127.0.0.1:1/")
const headers = { host: endpoint.host, "content-type": "application/x-amz-json-1.1" }

const cases = {
  GetPipelineState: {
    operation: CodePipeline.GetPipelineState,
    call: CodePipeline.getPipelineState,
    input: { name: "release-pipeline" },
    response: JSON.stringify(pipelineStateBody),
  },
  CreatePipeline: {
    operation: CodePipeline.CreatePipeline,
    call: CodePipeline.createPipeline,
    input: createPipelineInput as unknown as S.CreatePipelineInput,
    response: JSON.stringify({ pipeline: { ...createPipelineInput.pipeline, version: 1 }, tags: createPipelineInput.tags }),
  },
} as const

const main = async () => {
  const signer = new Signer(REGION, "codepipeline")
  const floorSigner = new SignatureV4({
    service: "codepipeline",
    region: REGION,
    credentials: CREDENTIALS,
    sha256: makeNodeSha256(),
  })
  const columns: Array<Column> = []
  for (const [name, c] of Object.entries(cases)) {
    const operation = c.operation as Operation<any, any, any>
    // Loaded as the first call loads it.
    const loaded = await operation.codec.load()
    const codec = loaded.input
    // What the flavor's encodeInput does before JSON.stringify: check the input, then encode it.
    const encodeInput = (input: unknown) => {
      if (Codec.validate(codec, input, secrets) !== undefined) throw new Error(`${name}: the bench input does not validate`)
      return codec.encode(input, secrets)
    }
    const encoded = encodeInput(c.input)
    const body = JSON.stringify(encoded)
    const parsed = JSON.parse(c.response)
    const response: HttpResponse = { status: 200, headers: { "x-amzn-requestid": "bench" }, body: c.response }
    // Declares that it times its exchanges, as the Node transport does, so that attempts take the
    // path the per-call rows' client takes (see src/services/internal/client.ts).
    const transport: Transport = { send: () => Effect.succeed(response), enforcesTimeout: true }
    const service = await Effect.runPromise(
      CodePipeline.makeWithTransport({ region: REGION, endpoint: endpoint.href, credentials: CREDENTIALS }, transport),
    )
    const call = Effect.provideService(
      (c.call as (input: unknown) => Effect.Effect<unknown, unknown, CodePipeline.CodePipeline>)(c.input),
      CodePipeline.CodePipeline,
      service,
    )
    const steps = {
      validate: await time(() => encodeInput(c.input)),
      stringify: await time(() => JSON.stringify(encoded)),
      sign: await time(() => signer.sign(CREDENTIALS, endpoint, { ...headers }, body, Date.now())),
      parse: await time(() => JSON.parse(c.response)),
      decode: await time(() => loaded.output!.decode(parsed, decodeOptions)),
      whole: await timeEffect(call),
      floor: await time(async () => {
        const b = JSON.stringify(c.input)
        await floorSigner.sign({
          method: "POST",
          protocol: "http:",
          hostname: endpoint.hostname,
          path: "/",
          query: {},
          headers: { ...headers },
          body: b,
        })
        return JSON.parse(c.response)
      }),
    }
    const bytes = (n: number) => `${n.toLocaleString("en")} B`
    columns.push({ name: `${name} (${bytes(Buffer.byteLength(body))} in, ${bytes(Buffer.byteLength(c.response))} out)`, steps })
  }
  return columns
}

runBreakdown("bench/effect4/breakdown.ts", main).catch((e) => {
  console.error(e)
  process.exitCode = 1
})
