/**
 * Pagination: each paginated operation also comes as a stream of items and a stream of pages that
 * follow the next token for you, with the operation's typed errors.
 *
 * Run: npx tsx examples/pagination.ts  (a stub serves three pages; no AWS account needed)
 */
import { Console, Effect, Stream } from "effect"
import { CodePipeline } from "effect-codepipeline"
import { CodePipelineStub } from "effect-codepipeline/testing"

/** Names of every pipeline, however many pages. */
export const allPipelineNames = CodePipeline.listPipelinesItems({ maxResults: 2 }).pipe(
  Stream.map((pipeline) => pipeline.name ?? ""),
  Stream.runCollect,
)

/** The first five executions that failed, reading no more pages than needed. */
export const recentFailures = (pipelineName: string) =>
  CodePipeline.listPipelineExecutionsItems({ pipelineName }).pipe(
    Stream.filter((execution) => execution.status === "Failed"),
    Stream.take(5),
    Stream.runCollect,
  )

const names = ["build", "deploy", "docs", "release", "website"]
const stub = CodePipelineStub.layer({
  listPipelines: ({ nextToken, maxResults = 100 }) => {
    const start = nextToken === undefined ? 0 : Number(nextToken)
    const end = start + maxResults
    return Effect.succeed({
      pipelines: names.slice(start, end).map((name) => ({ name })),
      ...(end < names.length ? { nextToken: String(end) } : {}),
    })
  },
})

const main = Effect.gen(function* () {
  const all = yield* allPipelineNames
  yield* Console.log([...all].join(", "))
  yield* Console.log(`pages requested: ${(yield* CodePipelineStub.callsOf("listPipelines")).length}`)
})

if (import.meta.url === `file://${process.argv[1]}`) Effect.runPromise(main.pipe(Effect.provide(stub)))
