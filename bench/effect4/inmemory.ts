/**
 * In-memory CodePipeline: getPipelineState throughput, and heap for 10,000 pipelines with 10
 * executions each. The Effect 4 flavor's (packages/effect3/bench/inmemory.ts is the Effect 3 one). Run by `npm run bench` (bench/main.ts) after the client benchmarks, in its own
 * `node --expose-gc` process; prints a Markdown table that main.ts appends to its own.
 * `--quick`: fewer calls, for a smoke run.
 */
// Mirror of packages/effect3/bench/inmemory.ts: the same measurement in each flavor's Effect (each file must resolve its own
// `effect`, so the two cannot share a body); they differ only where Effect's APIs do.
import * as Effect from "effect/Effect"
import { CodePipeline } from "../../src/index.js"
import type * as S from "../../src/schema/Schemas.js"
import { CodePipelineInMemory } from "../../src/testing/index.js"
import { inMemoryPipeline } from "../fixtures.js"

const declaration = (name: string): S.PipelineDeclaration => inMemoryPipeline(name)

const gc = () => (globalThis as { gc?: () => void }).gc?.()
const heapMB = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}

const QUICK = process.argv.includes("--quick")
const WARMUP = QUICK ? 2_000 : 20_000
const CALLS = QUICK ? 5_000 : 50_000

const throughput = Effect.gen(function* () {
  const controls = yield* CodePipelineInMemory.Controls
  yield* controls.seedPipeline(declaration("release"), { startExecution: true })
  const call = CodePipeline.getPipelineState({ name: "release" })
  const loop = (n: number) =>
    Effect.gen(function* () {
      for (let i = 0; i < n; i++) yield* call
    })
  yield* loop(WARMUP)
  const rounds: Array<number> = []
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now()
    yield* loop(CALLS)
    rounds.push(CALLS / ((performance.now() - t0) / 1000))
  }
  rounds.sort((a, b) => a - b)
  return rounds[2]!
}).pipe(Effect.provide(CodePipelineInMemory.layer({ maxRecordedCalls: 1000 })))

const memory = Effect.gen(function* () {
  const before = heapMB()
  const { controls, service } = yield* CodePipelineInMemory.make({ maxRecordedCalls: 1000, maxPipelines: 10_000 })
  for (let p = 0; p < 10_000; p++) {
    const name = `pipeline-${p}`
    yield* controls.seedPipeline(declaration(name))
    for (let e = 0; e < 10; e++) yield* controls.seedExecution({ pipelineName: name, status: e % 3 === 0 ? "Failed" : "Succeeded" })
  }
  const after = heapMB()
  // Keep the store reachable until measured.
  return { mb: after - before, alive: service !== undefined }
})

const main = Effect.gen(function* () {
  const perSecond = yield* throughput
  const { mb } = yield* memory
  const lines = [
    `In-memory CodePipeline (\`node --expose-gc\`): \`getPipelineState\` on a 3-stage pipeline, median of 5 rounds of ${CALLS.toLocaleString("en")} sequential calls after ${WARMUP.toLocaleString("en")} warm-up calls; heap after a full GC, minus the heap before the store was built.`,
    "",
    "| measure | result | target |",
    "| --- | --: | --- |",
    `| getPipelineState calls per second | ${Math.round(perSecond).toLocaleString("en")} | ≥ 50,000 ${perSecond >= 50_000 ? "✅" : "❌"} |`,
    `| heap for 10,000 pipelines × 10 executions | ${mb.toFixed(1)} MB | < 200 MB ${mb < 200 ? "✅" : "❌"} |`,
  ]
  console.log(lines.join("\n"))
})

Effect.runPromise(main).catch((e) => {
  console.error(e)
  process.exitCode = 1
})
