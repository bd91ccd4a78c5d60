/**
 * Pagination of the Effect 4 flavor's live client (`Stream.paginate` over the generic execute):
 * pages follow the output token, items flatten them, and a token handed back unchanged ends the
 * stream.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as CodePipeline from "../src/services/CodePipeline.js"
import { jsonReply, startServer, testCredentials } from "./support/server.js"

const layerFor = (url: string) => CodePipeline.layer({ region: "us-east-1", endpoint: url, credentials: testCredentials })

describe("pagination (Effect 4)", () => {
  it.live("listPipelinesItems follows nextToken page by page and sends each token back", () =>
    Effect.gen(function* () {
      const server = yield* startServer((request) => {
        const page = request.json.nextToken === undefined ? 0 : Number(request.json.nextToken)
        return jsonReply({ pipelines: [{ name: `p${page}` }], ...(page < 2 ? { nextToken: String(page + 1) } : {}) })
      })
      const names = yield* CodePipeline.listPipelinesItems().pipe(
        Stream.map((p) => p.name),
        Stream.runCollect,
        Effect.provide(layerFor(server.url)),
      )
      expect(names).toStrictEqual(["p0", "p1", "p2"])
      expect(server.requests.map((r) => r.json.nextToken)).toStrictEqual([undefined, "1", "2"])
    }),
  )

  it.live("a service that hands back the token it was given ends the stream instead of looping", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [{ name: "p" }], nextToken: "same" }))
      const pages = yield* CodePipeline.listPipelinesPages().pipe(Stream.runCollect, Effect.provide(layerFor(server.url)))
      expect(pages).toHaveLength(2)
      expect(server.requests).toHaveLength(2)
    }),
  )
})
