/**
 * In-memory CodePipeline: getPipelineState throughput, and heap for 10,000 pipelines with 10
 * executions each. Run by `npm run bench` after the client benchmarks (node --expose-gc).
 */
import { Effect } from "effect"
import { CodePipeline } from "../src/index.js"
import type * as S from "../src/schema/shapes.js"
import { CodePipelineInMemory } from "../src/testing/index.js"

const declaration = (name: string): S.PipelineDeclaration => ({
  name,
  roleArn: "arn:aws:iam::123456789012:role/codepipeline",
  artifactStore: { type: "S3", location: "artifacts" },
  stages: [
    {
      name: "Source",
      actions: [
        {
          name: "Checkout",
          actionTypeId: { category: "Source", owner: "AWS", provider: "CodeCommit", version: "1" },
          configuration: { RepositoryName: "shop", BranchName: "main" },
          outputArtifacts: [{ name: "Code" }],
        },
      ],
    },
    {
      name: "Build",
      actions: [
        {
          name: "Compile",
          actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
          configuration: { ProjectName: "shop" },
          inputArtifacts: [{ name: "Code" }],
        },
      ],
    },
    {
      name: "Deploy",
      actions: [
        {
          name: "Production",
          actionTypeId: { category: "Deploy", owner: "AWS", provider: "CodeDeploy", version: "1" },
          configuration: { ApplicationName: "shop", DeploymentGroupName: "prod" },
          inputArtifacts: [{ name: "Code" }],
        },
      ],
    },
  ],
})

const gc = () => (globalThis as { gc?: () => void }).gc?.()
const heapMB = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}

const throughput = Effect.gen(function* () {
  const controls = yield* CodePipelineInMemory.Controls
  yield* controls.seedPipeline(declaration("release"), { startExecution: true })
  const call = CodePipeline.getPipelineState({ name: "release" })
  const loop = (n: number) => Effect.gen(function* () {
    for (let i = 0; i < n; i++) yield* call
  })
  yield* loop(20_000) // warm-up
  const rounds: Array<number> = []
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now()
    yield* loop(50_000)
    rounds.push(50_000 / ((performance.now() - t0) / 1000))
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
  console.log("\nIn-memory CodePipeline (node --expose-gc; median of 5 rounds of 50,000 sequential calls)")
  console.log(`| getPipelineState calls/s | ${Math.round(perSecond).toLocaleString("en")} | target ≥ 50,000 | ${perSecond >= 50_000 ? "✅" : "❌"} |`)
  console.log(`| heap for 10,000 pipelines × 10 executions, MB | ${mb.toFixed(1)} | target < 200 | ${mb < 200 ? "✅" : "❌"} |`)
})

Effect.runPromise(main).catch((e) => {
  console.error(e)
  process.exitCode = 1
})
