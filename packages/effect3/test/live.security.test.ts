import * as Util from "node:util"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, Option } from "effect"
import { CodePipeline } from "../src/index.js"
import { drive } from "./support/drive.js"
import { liveLayer } from "./support/live.js"
import { awsError, jsonReply, startServer } from "./support/server.js"
import { recordingTracer } from "./support/tracer.js"

const SECRET = "SECRETsecretSECRETsecretSECRETsecret0001"
const TOKEN = "TOKENtokenTOKENtokenTOKENtoken-session-0002"
const ARTIFACT_SECRET = "ARTIFACTsecretARTIFACTsecret0003"
const credentials = { accessKeyId: "AKIDSECURITYTEST", secretAccessKey: SECRET, sessionToken: TOKEN }

const forms = (value: unknown): ReadonlyArray<string> => [
  String(value),
  JSON.stringify(value) ?? "",
  Util.inspect(value, { depth: 20 }),
  value instanceof Error ? `${value.stack}` : "",
]

const expectNoSecret = (text: string) => {
  for (const secret of [SECRET, TOKEN, ARTIFACT_SECRET]) expect(text).not.toContain(secret)
}

describe("secrets never leak", () => {
  it.scoped("not in errors, logs, spans or decoded outputs", () =>
    Effect.gen(function* () {
      const logs: Array<string> = []
      const { spans, tracer } = recordingTracer()
      const server = yield* startServer((req) => {
        switch (req.target) {
          case "CodePipeline_20150709.GetJobDetails":
            return jsonReply({
              jobDetails: {
                id: "11111111-1111-1111-1111-111111111111",
                data: { artifactCredentials: { accessKeyId: "AKIAART", secretAccessKey: ARTIFACT_SECRET, sessionToken: ARTIFACT_SECRET } },
              },
            })
          case "CodePipeline_20150709.GetPipeline":
            return awsError("ExpiredTokenException", "The security token included in the request is expired")
          default:
            return { status: 500, body: "oops" }
        }
      })
      const layer = Layer.mergeAll(
        liveLayer(server.url, { credentials }),
        Logger.replace(
          Logger.defaultLogger,
          Logger.make(({ message }) => logs.push(Util.inspect(message, { depth: 20 }))),
        ),
        Layer.setTracer(tracer),
      )
      const results = yield* drive(
        Effect.all(
          [
            CodePipeline.getJobDetails({ jobId: "11111111-1111-1111-1111-111111111111" }).pipe(Effect.tap((out) => Effect.log(out))),
            CodePipeline.getPipeline({ name: "p" }).pipe(
              Effect.tapError((e) => Effect.logError(e)),
              Effect.flip,
            ),
            CodePipeline.getPipelineState({ name: "p" }).pipe(
              Effect.tapErrorCause((c) => Effect.logError(c)),
              Effect.flip,
            ),
            CodePipeline.getPipelineState({ name: "bad name" }).pipe(Effect.flip),
          ],
          { concurrency: 1 },
        ).pipe(Effect.provide(layer)),
      )
      expect(results._tag).toBe("Success")
      const values = results._tag === "Success" ? results.value : []
      for (const v of values) forms(v).forEach(expectNoSecret)
      expect(logs.length).toBeGreaterThan(0)
      logs.forEach(expectNoSecret)
      expect(spans.map((s) => s.name)).toContain("CodePipeline.GetJobDetails")
      for (const span of spans) expectNoSecret(Util.inspect([...span.attributes], { depth: 10 }))
      // The secret did go on the wire as a signature input, never in a header.
      for (const r of server.requests) {
        expect(r.headers["x-amz-security-token"]).toBe(TOKEN)
        expect(String(r.headers["authorization"])).not.toContain(SECRET)
      }
      const job = values[0] as { jobDetails: { data: { artifactCredentials: { secretAccessKey: unknown } } } }
      expect(Option.isSome(Option.fromNullable(job.jobDetails.data.artifactCredentials.secretAccessKey))).toBe(true)
    }),
  )
})

describe("secrets over a user-provided HttpClient", () => {
  it.scoped("the HttpClient's own span does not record the session token", () =>
    Effect.gen(function* () {
      const { spans, tracer } = recordingTracer()
      const server = yield* startServer(() => jsonReply({ pipelines: [] }))
      const layer = CodePipeline.layerHttpClient({ region: "us-east-1", endpoint: server.url, credentials }).pipe(
        Layer.provide(FetchHttpClient.layer),
      )
      yield* CodePipeline.listPipelines().pipe(Effect.provide(Layer.merge(layer, Layer.setTracer(tracer))))
      const http = spans.find((s) => s.name.startsWith("http.client"))
      expect(http).toBeDefined()
      expect(http!.attributes.has("http.request.header.x-amz-security-token")).toBe(true)
      for (const span of spans) expectNoSecret(Util.inspect([...span.attributes], { depth: 10 }))
    }),
  )
})

describe("observability", () => {
  it.scoped("every call runs in a span CodePipeline.<Operation> with region, request id and attempts", () =>
    Effect.gen(function* () {
      const { spans, tracer } = recordingTracer()
      const server = yield* startServer((_, i) =>
        i === 0 ? awsError("ThrottlingException", "slow") : jsonReply({}, 200, { "x-amzn-requestid": "rid-42" }),
      )
      yield* drive(
        CodePipeline.getPipelineState({ name: "p" }).pipe(Effect.provide(Layer.merge(liveLayer(server.url), Layer.setTracer(tracer)))),
      )
      const span = spans.find((s) => s.name === "CodePipeline.GetPipelineState")!
      expect(span.kind).toBe("client")
      expect(span.attributes.get("cloud.region")).toBe("us-east-1")
      expect(span.attributes.get("rpc.method")).toBe("GetPipelineState")
      expect(span.attributes.get("aws.request_id")).toBe("rid-42")
      expect(span.attributes.get("aws.attempts")).toBe(2)
    }),
  )
})
