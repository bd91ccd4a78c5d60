import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { CodePipeline } from "../src/index.js"
import { liveLayer } from "./support/live.js"
import { jsonReply, startServer } from "./support/server.js"

const page = (names: ReadonlyArray<string>, nextToken?: string) =>
  jsonReply({ pipelines: names.map((name) => ({ name })), ...(nextToken ? { nextToken } : {}) })

describe("pagination", () => {
  it.scoped("items stream follows nextToken across pages", () =>
    Effect.gen(function* () {
      const server = yield* startServer((req) =>
        req.json.nextToken === undefined ? page(["a", "b"], "t1") : req.json.nextToken === "t1" ? page(["c"], "t2") : page(["d"]),
      )
      const names = yield* CodePipeline.listPipelinesItems({ maxResults: 2 }).pipe(
        Stream.map((p) => p.name),
        Stream.runCollect,
        Effect.provide(liveLayer(server.url)),
      )
      expect(Chunk.toReadonlyArray(names)).toEqual(["a", "b", "c", "d"])
      expect(server.requests.map((r) => r.json)).toEqual([
        { maxResults: 2 },
        { maxResults: 2, nextToken: "t1" },
        { maxResults: 2, nextToken: "t2" },
      ])
    }),
  )

  it.scoped("pages stream yields whole pages", () =>
    Effect.gen(function* () {
      const server = yield* startServer((req) => (req.json.nextToken === undefined ? page(["a"], "t1") : page(["b"])))
      const pages = yield* CodePipeline.listPipelinesPages().pipe(Stream.runCollect, Effect.provide(liveLayer(server.url)))
      expect(Chunk.size(pages)).toBe(2)
    }),
  )

  it.scoped("ListWebhooks pages with its capitalised NextToken", () =>
    Effect.gen(function* () {
      const server = yield* startServer((req) =>
        req.json.NextToken === undefined ? jsonReply({ webhooks: [], NextToken: "n1" }) : jsonReply({ webhooks: [] }),
      )
      yield* CodePipeline.listWebhooksPages({ MaxResults: 10 }).pipe(Stream.runDrain, Effect.provide(liveLayer(server.url)))
      expect(server.requests.map((r) => r.json)).toEqual([{ MaxResults: 10 }, { MaxResults: 10, NextToken: "n1" }])
    }),
  )

  it.scoped("a service that returns the same token again ends the stream instead of looping", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => page(["a"], "same"))
      const items = yield* CodePipeline.listPipelinesItems().pipe(Stream.runCollect, Effect.provide(liveLayer(server.url)))
      expect(server.requests).toHaveLength(2)
      expect(Chunk.size(items)).toBe(2)
    }),
  )

  it.scoped("an error on a later page fails the stream with the typed error", () =>
    Effect.gen(function* () {
      const server = yield* startServer((req) =>
        req.json.nextToken === undefined ? page(["a"], "t1") : jsonReply({ __type: "InvalidNextTokenException", message: "stale" }, 400),
      )
      const error = yield* CodePipeline.listPipelinesItems().pipe(Stream.runCollect, Effect.flip, Effect.provide(liveLayer(server.url)))
      expect(error._tag).toBe("InvalidNextTokenException")
    }),
  )
})
