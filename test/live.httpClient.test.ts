/**
 * The Effect 4 flavor's live client over the program's own `HttpClient` (`layerHttpClient`), here
 * Effect's fetch client, against a local server.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as CodePipeline from "../src/services/CodePipeline.js"
import { awsError, type Handler, jsonReply, startServer, testCredentials } from "./support/server.js"

const sessionToken = "FwoGZXIvYXdzEXAMPLEsessionTOKEN0123456789abcdefghijklmnopqrstuvwxyzABCDEF"

const overFetch = (endpoint: string) =>
  CodePipeline.layerHttpClient({
    region: "us-east-1",
    endpoint,
    credentials: { ...testCredentials, sessionToken },
    retry: false,
  }).pipe(Layer.provide(FetchHttpClient.layer))

const live = (handler: Handler) => Effect.map(startServer(handler), (server) => ({ server, layer: overFetch(server.url) }))

/** The URL of a port nothing listens on: one a server had, closed. */
const closedPort = Effect.callback<string>((resume) => {
  const server = Http.createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo
    server.close(() => resume(Effect.succeed(`http://127.0.0.1:${port}`)))
  })
})

describe("layerHttpClient (Effect 4)", () => {
  it.live("a call goes through the program's HttpClient, signed, and its response is decoded", () =>
    Effect.gen(function* () {
      const { server, layer } = yield* live(() => jsonReply({ pipelines: [{ name: "release", version: 2 }] }))
      const output = yield* CodePipeline.listPipelines().pipe(Effect.provide(layer))
      expect(output.pipelines).toStrictEqual([{ name: "release", version: 2 }])
      expect(server.requests[0]?.target).toBe("CodePipeline_20150709.ListPipelines")
      expect(server.requests[0]?.headers["content-type"]).toBe("application/x-amz-json-1.1")
      expect(server.requests[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /)
    }),
  )

  it.live("an error status is the operation's typed error, caught with Effect.catchTag", () =>
    Effect.gen(function* () {
      const { layer } = yield* live(() => awsError("PipelineNotFoundException", "no such pipeline"))
      const outcome = yield* CodePipeline.getPipelineState({ name: "release" }).pipe(
        Effect.map(() => "found"),
        Effect.catchTag("PipelineNotFoundException", (error) => Effect.succeed(error.message)),
        Effect.provide(layer),
      )
      expect(outcome).toBe("no such pipeline")
    }),
  )

  it.live("a connection refused is a TransportError of reason Network, without the signature or the session token", () =>
    Effect.gen(function* () {
      const error = yield* CodePipeline.listPipelines().pipe(Effect.flip, Effect.provide(overFetch(yield* closedPort)))
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Network", attempts: 1 })
      expect(error.message).toMatch(/ECONNREFUSED/)
      const shown = `${JSON.stringify(error)} ${String(error)}`
      expect(shown).not.toContain(sessionToken)
      expect(shown).not.toContain(testCredentials.secretAccessKey)
      expect(shown).not.toMatch(/Signature=/)
    }),
  )
})
